"""Raw input (a form, a JSON body, a call from code) turned into typed field values.

Each function returns the cleaned value or raises `InvalidInput` naming the field,
so no caller can store a half-checked value and no odd input ends in a server error.
"""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext as _

from okno.core.errors import InvalidInput

_TRUE = {"1", "true", "on", "yes", "да"}
_FALSE = {"0", "false", "off", "no", "нет", ""}
_SPACES = re.compile(r"[\s\u00a0]+")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def text(value: Any, *, field: str, label: str, max_length: int, required: bool = False) -> str:
    """A one-line or multi-line text, stripped; `required` refuses an empty one."""
    cleaned = "" if value is None else str(value).strip()
    if required and not cleaned:
        raise InvalidInput(_("Заполните поле «%(label)s».") % {"label": label}, field=field)
    if len(cleaned) > max_length:
        message = _("Поле «%(label)s» длиннее %(limit)s знаков.")
        raise InvalidInput(message % {"label": label, "limit": max_length}, field=field)
    return cleaned


def flag(value: Any, *, field: str) -> bool:
    """A yes/no value from a bool, `1`/`0`, `true`/`false`, `on`/`off`, `да`/`нет`; empty is no."""
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower() if value is not None else ""
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise InvalidInput(_("Ожидается «да» или «нет»."), field=field)


def choice(value: Any, choices: type[models.TextChoices], *, field: str) -> str:
    """One of the values of `choices`; anything else is refused, listing the allowed labels."""
    cleaned = str(value or "").strip()
    if cleaned not in choices.values:
        allowed = ", ".join(str(label) for label in choices.labels)
        raise InvalidInput(
            _("Выберите одно из значений: %(allowed)s.") % {"allowed": allowed}, field=field
        )
    return cleaned


def email(value: Any, *, field: str = "email") -> str:
    """An empty string or a valid e-mail address, lower-cased."""
    cleaned = str(value or "").strip().lower()
    if not cleaned:
        return ""
    try:
        validate_email(cleaned)
    except ValidationError:
        raise InvalidInput(
            _("Неверный адрес e-mail: %(value)s.") % {"value": cleaned}, field=field
        ) from None
    return cleaned


def currency(value: Any, *, field: str = "currency") -> str:
    """A three-letter ISO 4217 currency code, upper-cased (`rub` → `RUB`)."""
    cleaned = str(value or "").strip().upper()
    if not _CURRENCY.match(cleaned):
        raise InvalidInput(_("Валюта — трёхбуквенный код ISO 4217, например RUB."), field=field)
    return cleaned


def date(value: Any, *, field: str, label: str, required: bool = False) -> datetime.date | None:
    """A date from a `date` or an ISO string `2026-01-31`; a datetime is refused."""
    if value in (None, ""):
        if required:
            raise InvalidInput(
                _("Укажите дату в поле «%(label)s».") % {"label": label}, field=field
            )
        return None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        message = _("Поле «%(label)s»: неверная дата, ожидается ГГГГ-ММ-ДД.")
        raise InvalidInput(message % {"label": label}, field=field) from None


def decimal(value: Any, *, field: str, label: str, minimum: Decimal, maximum: Decimal) -> Decimal:
    """A sum or a percentage with two decimal places, `1 234,5` accepted as 1234.50."""
    raw = "0" if value in (None, "") else value
    if isinstance(raw, float):
        raw = repr(raw)
    try:
        number = Decimal(_SPACES.sub("", str(raw)).replace(",", "."))
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise InvalidInput(_("Поле «%(label)s»: нужно число.") % {"label": label}, field=field)
    # the range first: quantizing a huge number would overflow the decimal context
    _in_range(number, field=field, label=label, minimum=minimum, maximum=maximum)
    return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def integer(value: Any, *, field: str, label: str, minimum: int, maximum: int) -> int:
    """A whole number within [minimum, maximum]; empty is 0, a fractional number is refused."""
    raw = 0 if value in (None, "") else value
    if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
        raise InvalidInput(
            _("Поле «%(label)s»: нужно целое число.") % {"label": label}, field=field
        )
    try:
        number = int(str(raw).strip()) if not isinstance(raw, int | float) else int(raw)
    except ValueError:
        raise InvalidInput(
            _("Поле «%(label)s»: нужно целое число.") % {"label": label}, field=field
        ) from None
    _in_range(number, field=field, label=label, minimum=minimum, maximum=maximum)
    return number


def _in_range(number, *, field: str, label: str, minimum, maximum) -> None:
    if number < minimum or number > maximum:
        message = _("Поле «%(label)s» должно быть от %(minimum)s до %(maximum)s.")
        values = {"label": label, "minimum": minimum, "maximum": maximum}
        raise InvalidInput(message % values, field=field)


def object_id(value: Any, *, field: str) -> int | None:
    """The id of a referenced object from an instance, a number or a numeric string."""
    if value in (None, ""):
        return None
    if isinstance(value, models.Model):
        return value.pk
    try:
        return int(str(value).strip())
    except ValueError:
        raise InvalidInput(_("Неверная ссылка на объект."), field=field) from None
