"""One shape and one language for every 4xx of the API.

Pydantic reports problems in English with the parameter's name in the location
(`["body", "payload", "date"]`); the portal answers
`{"detail": [{"loc": ["body", "date"], "msg": "…", "type": "…"}]}` in the person's
language, the same shape a DomainError gets.
"""

from typing import Any

from django.utils.translation import gettext as _

_PLAIN = {
    "missing": "Обязательное поле.",
    "int_parsing": "Должно быть целым числом.",
    "int_type": "Должно быть целым числом.",
    "int_from_float": "Должно быть целым числом.",
    "decimal_parsing": "Должно быть числом.",
    "decimal_type": "Должно быть числом.",
    "float_parsing": "Должно быть числом.",
    "finite_number": "Должно быть конечным числом.",
    "decimal_finite_number": "Должно быть конечным числом.",
    "date_parsing": "Дата в формате ГГГГ-ММ-ДД.",
    "date_from_datetime_parsing": "Дата в формате ГГГГ-ММ-ДД.",
    "date_type": "Дата в формате ГГГГ-ММ-ДД.",
    "datetime_parsing": "Дата и время в формате ГГГГ-ММ-ДДTЧЧ:ММ.",
    "bool_parsing": "Должно быть true или false.",
    "bool_type": "Должно быть true или false.",
    "string_type": "Должно быть строкой.",
    "list_type": "Должно быть списком.",
    "model_attributes_type": "Должно быть объектом.",
    "dict_type": "Должно быть объектом.",
    "json_invalid": "Тело запроса — некорректный JSON.",
    "extra_forbidden": "Такого поля нет.",
}

_WITH_LIMIT = {
    "string_too_long": ("Не длиннее %(max_length)s символов.", "max_length"),
    "string_too_short": ("Не короче %(min_length)s символов.", "min_length"),
    "greater_than_equal": ("Не меньше %(ge)s.", "ge"),
    "greater_than": ("Больше %(gt)s.", "gt"),
    "less_than_equal": ("Не больше %(le)s.", "le"),
    "less_than": ("Меньше %(lt)s.", "lt"),
    "decimal_max_places": ("Не больше %(decimal_places)s знаков после запятой.", "decimal_places"),
    "decimal_max_digits": ("Не больше %(max_digits)s цифр.", "max_digits"),
    "too_long": ("Не больше %(max_length)s элементов.", "max_length"),
    "literal_error": ("Допустимые значения: %(expected)s.", "expected"),
    "enum": ("Допустимые значения: %(expected)s.", "expected"),
}


def api_error_detail(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Pydantic's errors as the portal's `detail` list."""
    return [
        {"loc": _location(e.get("loc", ())), "msg": _message(e), "type": e.get("type", "")}
        for e in errors
    ]


def _location(loc) -> list:
    parts = list(loc)
    # ninja puts the view's parameter name second: ["body", "payload", "date"].
    if len(parts) > 2 and parts[0] in ("body", "query", "path"):
        del parts[1]
    return parts


def _message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    if kind in _PLAIN:
        return _(_PLAIN[kind])
    if kind in _WITH_LIMIT:
        text, key = _WITH_LIMIT[kind]
        return _(text) % {key: (error.get("ctx") or {}).get(key, "")}
    message = str(error.get("msg", ""))
    return message.removeprefix("Value error, ")
