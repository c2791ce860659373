"""One shape and one language for every 4xx of the API.

Pydantic reports problems in English with the parameter's name in the location
(`["body", "payload", "date"]`); the portal answers
`{"detail": [{"loc": ["body", "date"], "msg": "…", "type": "…"}]}` in the person's
language, the same shape a DomainError gets.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

_PLAIN = {
    "missing": _("Обязательное поле."),
    "int_parsing": _("Должно быть целым числом."),
    "int_type": _("Должно быть целым числом."),
    "int_from_float": _("Должно быть целым числом."),
    "decimal_parsing": _("Должно быть числом."),
    "decimal_type": _("Должно быть числом."),
    "float_parsing": _("Должно быть числом."),
    "finite_number": _("Должно быть конечным числом."),
    "decimal_finite_number": _("Должно быть конечным числом."),
    "date_parsing": _("Дата в формате ГГГГ-ММ-ДД."),
    "date_from_datetime_parsing": _("Дата в формате ГГГГ-ММ-ДД."),
    "date_type": _("Дата в формате ГГГГ-ММ-ДД."),
    "datetime_parsing": _("Дата и время в формате ГГГГ-ММ-ДДTЧЧ:ММ."),
    "bool_parsing": _("Должно быть true или false."),
    "bool_type": _("Должно быть true или false."),
    "string_type": _("Должно быть строкой."),
    "list_type": _("Должно быть списком."),
    "model_attributes_type": _("Должно быть объектом."),
    "dict_type": _("Должно быть объектом."),
    "json_invalid": _("Тело запроса — некорректный JSON."),
    "extra_forbidden": _("Такого поля нет."),
}

_WITH_LIMIT = {
    "string_too_long": (_("Не длиннее %(max_length)s символов."), "max_length"),
    "string_too_short": (_("Не короче %(min_length)s символов."), "min_length"),
    "greater_than_equal": (_("Не меньше %(ge)s."), "ge"),
    "greater_than": (_("Больше %(gt)s."), "gt"),
    "less_than_equal": (_("Не больше %(le)s."), "le"),
    "less_than": (_("Меньше %(lt)s."), "lt"),
    "decimal_max_places": (
        _("Не больше %(decimal_places)s знаков после запятой."),
        "decimal_places",
    ),
    "decimal_max_digits": (_("Не больше %(max_digits)s цифр."), "max_digits"),
    "too_long": (_("Не больше %(max_length)s элементов."), "max_length"),
    "literal_error": (_("Допустимые значения: %(expected)s."), "expected"),
    "enum": (_("Допустимые значения: %(expected)s."), "expected"),
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
    if kind == "too_long" and (error.get("ctx") or {}).get("field_type") == "Value":
        # A length given on `Text` (okno.core.schemas) is checked after its validator, where
        # pydantic no longer knows it measures a string; lists say "List".
        kind = "string_too_long"
    if kind in _PLAIN:
        return str(_PLAIN[kind])
    if kind in _WITH_LIMIT:
        text, key = _WITH_LIMIT[kind]
        return str(text) % {key: (error.get("ctx") or {}).get(key, "")}
    message = str(error.get("msg", ""))
    return message.removeprefix("Value error, ")
