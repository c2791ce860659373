"""Russian company requisites, checked by their control digits.

Each `check_*` takes raw input, returns the cleaned value or raises
`InvalidInput` naming the field and the reason. ИНН uses python-stdnum; ОГРН
and ОГРНИП are checked here because stdnum's 15-digit ОГРНИП check is wrong.
"""

import re

from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.ru import inn as stdnum_inn

from okno.core.errors import InvalidInput

_SPACES = re.compile(r"[\s\-]+")
_KPP = re.compile(r"^\d{4}[\dA-Z]{2}\d{3}$")
_ACCOUNT_WEIGHTS = ((7, 1, 3) * 8)[:23]


def _digits(raw: str, field: str, label: str, lengths: tuple[int, ...]) -> str:
    value = _SPACES.sub("", raw or "")
    if not value:
        raise InvalidInput(_("Укажите %(label)s.") % {"label": label}, field=field, code="required")
    if not value.isdigit():
        message = _("%(label)s должен состоять только из цифр.") % {"label": label}
        raise InvalidInput(message, field=field)
    if len(value) not in lengths:
        raise InvalidInput(_wrong_length(label, lengths, len(value)), field=field)
    return value


def _wrong_length(label: str, lengths: tuple[int, ...], length: int) -> str:
    if len(lengths) == 1:
        message = _("%(label)s должен содержать %(expected)s цифр, а не %(length)s.")
        return message % {"label": label, "expected": lengths[0], "length": length}
    message = _("%(label)s должен содержать %(first)s или %(second)s цифр, а не %(length)s.")
    return message % {"label": label, "first": lengths[0], "second": lengths[1], "length": length}


def check_inn(raw: str, *, field: str = "inn", length: int | None = None) -> str:
    """ИНН of an organisation (10 digits) or of a person or sole trader (12)."""
    lengths = (length,) if length else (10, 12)
    value = _digits(raw, field, _("ИНН"), lengths)
    try:
        stdnum_inn.validate(value)
    except StdnumError as error:
        raise InvalidInput(
            _("ИНН не прошёл проверку контрольных цифр: проверьте, нет ли опечатки."), field=field
        ) from error
    return value


def check_kpp(raw: str, *, field: str = "kpp") -> str:
    value = _SPACES.sub("", raw or "").upper()
    if not value:
        raise InvalidInput(_("Укажите КПП."), field=field, code="required")
    if not _KPP.match(value):
        raise InvalidInput(
            _("КПП состоит из 9 знаков: 4 цифры, 2 цифры или латинские буквы, 3 цифры."),
            field=field,
        )
    return value


def check_ogrn(raw: str, *, field: str = "ogrn") -> str:
    """ОГРН of an organisation: 13 digits, the last is (first 12 mod 11) mod 10."""
    value = _digits(raw, field, _("ОГРН"), (13,))
    if int(value[:12]) % 11 % 10 != int(value[12]):
        raise InvalidInput(_("ОГРН не прошёл проверку контрольной цифры."), field=field)
    return value


def check_ogrnip(raw: str, *, field: str = "ogrn") -> str:
    """ОГРНИП of a sole trader: 15 digits, the last is (first 14 mod 13) mod 10."""
    value = _digits(raw, field, _("ОГРНИП"), (15,))
    if int(value[:14]) % 13 % 10 != int(value[14]):
        raise InvalidInput(_("ОГРНИП не прошёл проверку контрольной цифры."), field=field)
    return value


def check_bik(raw: str, *, field: str = "bik") -> str:
    value = _digits(raw, field, _("БИК"), (9,))
    if not value.startswith("04"):
        raise InvalidInput(_("БИК российского банка начинается с 04."), field=field)
    return value


def _bank_key(bik: str, field: str) -> str:
    """An account is checked with digits of the bank's БИК, so the БИК must be well-formed."""
    if not (isinstance(bik, str) and len(bik) == 9 and bik.isdigit()):
        raise InvalidInput(
            _("Счёт проверяется по БИК банка: сначала укажите верный БИК."), field=field
        )
    return bik


def _account_checksum_ok(key: str) -> bool:
    return sum(int(d) * w % 10 for d, w in zip(key, _ACCOUNT_WEIGHTS, strict=True)) % 10 == 0


def check_correspondent_account(raw: str, bik: str, *, field: str = "corr_account") -> str:
    """Корреспондентский счёт: 20 digits starting 301, checked with the БИК's digits 5–6."""
    value = _digits(raw, field, _("Корреспондентский счёт"), (20,))
    bik = _bank_key(bik, field)
    if not value.startswith("301"):
        raise InvalidInput(_("Корреспондентский счёт начинается с 301."), field=field)
    if not _account_checksum_ok("0" + bik[4:6] + value):
        raise InvalidInput(
            _("Корреспондентский счёт не соответствует БИК: проверьте обе цифры."), field=field
        )
    return value


def check_settlement_account(raw: str, bik: str, *, field: str = "account") -> str:
    """Расчётный счёт: 20 digits, checked with the last three digits of the БИК."""
    value = _digits(raw, field, _("Расчётный счёт"), (20,))
    bik = _bank_key(bik, field)
    if not _account_checksum_ok(bik[-3:] + value):
        raise InvalidInput(
            _("Расчётный счёт не соответствует БИК банка: проверьте счёт и БИК."), field=field
        )
    return value


def checksum_digit_inn(body: str) -> str:
    """Control digits for a generated ИНН body (9 digits → 10, 10 digits → 12); for demo data."""
    w10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    w11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
    w12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)

    def digit(digits: str, weights: tuple[int, ...]) -> str:
        return str(sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 % 10)

    if len(body) == 9:
        return body + digit(body, w10)
    first = body + digit(body, w11)
    return first + digit(first, w12)


def ogrn_with_check(body: str) -> str:
    """Append the control digit to 12 (ОГРН) or 14 (ОГРНИП) digits; for demo data."""
    modulus = 11 if len(body) == 12 else 13
    return body + str(int(body) % modulus % 10)


def account_with_check(bik: str, body: str, *, correspondent: bool = False) -> str:
    """Fill the control digit (the 9th) of a 20-digit account; for demo data."""
    prefix = "0" + bik[4:6] if correspondent else bik[-3:]
    for digit in "0123456789":
        candidate = body[:8] + digit + body[9:]
        if _account_checksum_ok(prefix + candidate):
            return candidate
    raise ValueError("no control digit fits")
