"""What the claims cost: the resolution ledger's money in the period, by the claim's reason
(the claim type), the product, the warehouse and the carrier of the shipment, and the
client. A cancelled resolution's reversing row is in the ledger too, so each sum is net."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from okno.desk.models import MONEY_KINDS, ClaimResolution, ClaimType, ResolutionKind
from okno.desk.selectors.reports.period import ReportPeriod

ZERO = Decimal("0.00")
LINE = "claim_line__"
SHIPMENT = LINE + "shipment_line__shipment__"
# Each breakdown: its code, its heading, the field grouped by.
DIMENSIONS = (
    ("reason", gettext_lazy("По причине"), LINE + "claim_type"),
    ("product", gettext_lazy("По товару"), LINE + "order_line__product__name"),
    ("warehouse", gettext_lazy("По складу"), SHIPMENT + "warehouse__name"),
    ("carrier", gettext_lazy("По перевозчику"), SHIPMENT + "carrier"),
    ("client", gettext_lazy("По клиенту"), LINE + "appeal__client__name"),
)


@dataclass(frozen=True)
class MoneyRow:
    name: str
    value: str | None  # what was grouped by as stored: a claim type's code, a name; None: none
    refund: Decimal
    replacement: Decimal
    credit_note: Decimal
    total: Decimal
    lines: int  # claim lines with a resolution in the period
    rejected: int  # of them, lines rejected


@dataclass(frozen=True)
class MoneyBreakdown:
    code: str
    title: str
    rows: list[MoneyRow]


def money_report(*, period: ReportPeriod) -> list[MoneyBreakdown]:
    """The breakdowns in their order, each by total money, largest first. Precondition: the
    actor supervises the desk."""
    return [money_breakdown(period=period, by=code) for code, _title, _field in DIMENSIONS]


def money_breakdown(*, period: ReportPeriod, by: str) -> MoneyBreakdown:
    """One breakdown (`by` one of the codes of `DIMENSIONS`), by total money, largest
    first. Precondition: the actor supervises the desk."""
    code, title, field = next(dimension for dimension in DIMENSIONS if dimension[0] == by)
    ledger = ClaimResolution.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
    return MoneyBreakdown(code, str(title), _rows(ledger, code, field))


def _sum_of(*kinds: str) -> Sum:
    return Sum("amount", filter=Q(kind__in=kinds))


def _rows(ledger, code: str, field: str) -> list[MoneyRow]:
    grouped = (
        ledger.values(field)
        .annotate(
            refund=_sum_of(ResolutionKind.REFUND),
            replacement=_sum_of(ResolutionKind.REPLACEMENT),
            credit_note=_sum_of(ResolutionKind.CREDIT_NOTE),
            total=_sum_of(*MONEY_KINDS),
            lines=Count("claim_line", distinct=True),
            rejected=Count(
                "claim_line",
                distinct=True,
                filter=Q(kind=ResolutionKind.REJECTION, reverses__isnull=True),
            ),
        )
        .order_by()
    )
    rows = [
        MoneyRow(
            name=_name(code, row[field]),
            value=row[field],
            refund=row["refund"] or ZERO,
            replacement=row["replacement"] or ZERO,
            credit_note=row["credit_note"] or ZERO,
            total=row["total"] or ZERO,
            lines=row["lines"],
            rejected=row["rejected"],
        )
        for row in grouped
    ]
    return sorted(rows, key=lambda row: (-row.total, row.name))


def _name(code: str, value: str | None) -> str:
    if code == "reason" and value:
        return str(ClaimType(value).label)
    if code == "client" and not value:
        return _("Не клиент")
    return value or _("Не указан")
