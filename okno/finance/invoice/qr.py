"""The payment QR code of an invoice, by ГОСТ Р 56042-2014 («Стандарты финансовых
операций. Двумерные символы штрихового кода для осуществления платежей физических лиц»).

The payload is `ST00012` (format ST, version 0001, UTF-8) and `Key=value` pairs joined by
`|`: the required Name, PersonalAcc, BankName, BIC, CorrespAcc, then PayeeINN, KPP, Sum in
kopecks and Purpose. A value may not contain the separator or a line break, and each key
has a maximum length in the standard; values are cleaned and cut to fit.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal

import qrcode
import qrcode.constants
import qrcode.image.svg

from okno.core.money import to_money
from okno.finance.invoice.vat import InvoiceTotals

HEADER = "ST00012"
SEPARATOR = "|"
# Maximum lengths of the standard's fields (ГОСТ Р 56042-2014, table 1 and annex).
_MAX_LENGTH = {
    "Name": 160,
    "PersonalAcc": 20,
    "BankName": 45,
    "BIC": 9,
    "CorrespAcc": 20,
    "PayeeINN": 12,
    "KPP": 9,
    "Sum": 18,
    "Purpose": 210,
}
_UNSAFE = re.compile(r"[|\r\n\t]+")
_SPACES = re.compile(r" {2,}")


@dataclass(frozen=True)
class Payee:
    """Who is paid and where: the seller's name, tax numbers and bank account."""

    name: str
    inn: str
    kpp: str
    bank_name: str
    bik: str
    corr_account: str
    account: str


def payment_purpose(*, number: str, date: dt.date, totals: InvoiceTotals) -> str:
    """«Оплата по счету № ОК-000123 от 05.12.2026, в т.ч. НДС (22 %) 183.61 руб.»; every rate
    of a mixed document named; «без налога (НДС)» when no line carries VAT."""
    head = f"Оплата по счету № {number} от {date:%d.%m.%Y}"
    if totals.without_vat:
        return f"{head}, без налога (НДС)"
    parts = [f"НДС ({row.label}) {to_money(row.amount)} руб." for row in totals.vat]
    lead = "в т.ч. " if totals.vat_included else ""
    return f"{head}, {lead}{', '.join(parts)}"


def payment_payload(*, payee: Payee, amount: Decimal, purpose: str) -> str:
    """The text a bank's app reads from the code; `amount` in roubles, written in kopecks."""
    kopecks = int(to_money(amount) * 100)
    fields = [
        ("Name", payee.name),
        ("PersonalAcc", payee.account),
        ("BankName", payee.bank_name),
        ("BIC", payee.bik),
        ("CorrespAcc", payee.corr_account),
        ("PayeeINN", payee.inn),
        ("KPP", payee.kpp),
        ("Sum", str(kopecks)),
        ("Purpose", purpose),
    ]
    pairs = [f"{key}={_clean(key, value)}" for key, value in fields if _clean(key, value)]
    return SEPARATOR.join([HEADER, *pairs])


def _clean(key: str, value: str) -> str:
    """No separator or line break inside a value (they would split it), single spaces,
    and no longer than the standard allows."""
    text = _SPACES.sub(" ", _UNSAFE.sub(" ", value or "")).strip()
    return text[: _MAX_LENGTH[key]].rstrip()


def _code(payload: str, *, border: int = 0, box_size: int = 10) -> qrcode.QRCode:
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=border, box_size=box_size
    )
    code.add_data(payload.encode("utf-8"))
    code.make(fit=True)
    return code


def qr_svg_data_uri(payload: str) -> str:
    """The code as an SVG data URI: drawn sharp at any size on screen and in the PDF, with
    nothing fetched from anywhere."""
    image = _code(payload).make_image(image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def qr_png(payload: str, *, box_size: int = 4) -> bytes:
    """The code as a PNG (for the spreadsheet, which takes raster images only)."""
    image = _code(payload, border=2, box_size=box_size).make_image()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
