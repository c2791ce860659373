"""VAT of an invoice as 1C counts it.

Each line's VAT is computed from the line's sum and its own rate, rounded half up to
kopecks once per line (22/122 of the sum when prices include VAT, 22/100 on top when they
do not); the document's VAT is the sum of its lines', one total per rate. A line «без НДС»
carries no VAT; a document of such lines only says «Без налога (НДС)».
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from okno.catalog.models import VatRate
from okno.catalog.pricing import line_vat

ZERO = Decimal("0.00")
# The order rates are printed in, as 1C lists them.
RATE_ORDER = (VatRate.VAT_22, VatRate.VAT_10, VatRate.VAT_0)


@dataclass(frozen=True)
class VatTotal:
    """The VAT of one rate in the document."""

    rate: str
    amount: Decimal

    @property
    def label(self) -> str:
        return f"{self.rate} %"


@dataclass(frozen=True)
class InvoiceTotals:
    """`amount` is the sum of the lines (the «Итого» row), `due` what is to be paid: the
    same when prices include VAT, else with the VAT added."""

    amount: Decimal
    vat: tuple[VatTotal, ...]
    vat_included: bool
    due: Decimal

    @property
    def vat_amount(self) -> Decimal:
        return sum((row.amount for row in self.vat), ZERO)

    @property
    def without_vat(self) -> bool:
        """Every line is «без НДС»: the document prints «Без налога (НДС)»."""
        return not self.vat


def invoice_line_vat(amount: Decimal, rate: str, *, included: bool) -> Decimal:
    """One line's VAT: rate/(100 + rate) of the sum when it includes VAT, rate/100 of it
    when not, half up to kopecks; nothing for «без НДС»."""
    return line_vat(amount, rate, included=included)


def invoice_totals(lines: Iterable[tuple[Decimal, str]], *, vat_included: bool) -> InvoiceTotals:
    """Totals of (sum, rate) lines: the VAT of each line added up per rate."""
    amount = ZERO
    per_rate: dict[str, Decimal] = {}
    for line_amount, rate in lines:
        amount += line_amount
        if rate == VatRate.NONE:
            continue
        vat = invoice_line_vat(line_amount, rate, included=vat_included)
        per_rate[rate] = per_rate.get(rate, ZERO) + vat
    vat_rows = tuple(VatTotal(rate=str(rate), amount=per_rate[rate]) for rate in _ordered(per_rate))
    vat_sum = sum((row.amount for row in vat_rows), ZERO)
    due = amount if vat_included else amount + vat_sum
    return InvoiceTotals(amount=amount, vat=vat_rows, vat_included=vat_included, due=due)


def _ordered(rates: dict[str, Decimal]) -> list[str]:
    known = [str(rate) for rate in RATE_ORDER if rate in rates]
    return known + sorted(rate for rate in rates if rate not in known)
