"""Russian phone numbers, normalised to +7XXXXXXXXXX."""

import re

from django.utils.translation import gettext as _

from okno.core.errors import InvalidInput

_NOT_DIGITS = re.compile(r"\D+")


def normalize_phone(raw: str, *, field: str = "phone") -> str:
    """`8 (916) 123-45-67`, `+7 916 1234567`, `9161234567` → `+79161234567`."""
    digits = _NOT_DIGITS.sub("", raw or "")
    if len(digits) == 10:
        digits = "7" + digits
    elif len(digits) == 11 and digits[0] == "8":
        digits = "7" + digits[1:]
    if len(digits) != 11 or digits[0] != "7":
        raise InvalidInput(
            _("Номер телефона должен состоять из 10 цифр после +7, например +7 916 123-45-67."),
            field=field,
        )
    return "+" + digits


def looks_like_phone(login: str) -> bool:
    """A login without '@' that is mostly digits is taken for a phone number."""
    return "@" not in login and len(_NOT_DIGITS.sub("", login)) >= 10


def format_phone(phone: str) -> str:
    """+79161234567 → +7 916 123-45-67."""
    if not phone or len(phone) != 12:
        return phone or ""
    d = phone[2:]
    return f"+7 {d[:3]} {d[3:6]}-{d[6:8]}-{d[8:]}"
