"""Time spent per client against its support plan: the operators' time entries of the
period summed per client, set against the hours a month its plan includes, prorated by the
days of each month the period covers (a whole month — the whole monthly hours)."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, Sum
from django.utils.translation import gettext as _

from okno.desk.models import TimeEntry
from okno.desk.selectors.reports.period import ReportPeriod

HOURS = Decimal("0.01")


@dataclass(frozen=True)
class ClientTime:
    client_id: int | None
    name: str
    minutes: int
    monthly_hours: int  # 0: no hours agreed
    agreed_hours: Decimal | None  # for the period; None when no hours are agreed

    @property
    def spent_hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(HOURS, ROUND_HALF_UP)

    @property
    def overspent(self) -> bool:
        return self.agreed_hours is not None and self.spent_hours > self.agreed_hours

    @property
    def share(self) -> Decimal | None:
        """Spent as a share of the agreed hours (1 = all of them)."""
        if not self.agreed_hours:
            return None
        return (self.spent_hours / self.agreed_hours).quantize(HOURS, ROUND_HALF_UP)


def months_covered(period: ReportPeriod) -> Decimal:
    """How many months the period is: each month counts the share of its days covered."""
    total = Decimal(0)
    day = period.date_from
    while day <= period.date_to:
        days_in_month = calendar.monthrange(day.year, day.month)[1]
        month_end = day.replace(day=days_in_month)
        last = min(month_end, period.date_to)
        total += Decimal((last - day).days + 1) / days_in_month
        day = last + datetime.timedelta(days=1)
    return total


def support_time_report(*, period: ReportPeriod) -> list[ClientTime]:
    """Clients with time spent in the period, the most time first. Precondition: the actor
    supervises the desk."""
    months = months_covered(period)
    rows = (
        TimeEntry.objects.filter(day__gte=period.date_from, day__lte=period.date_to)
        .values(
            client_id=F("appeal__client_id"),
            name=F("appeal__client__name"),
            monthly=F("appeal__client__support_hours"),
        )
        .annotate(minutes=Sum("minutes"))
        .order_by()
    )
    found = [
        ClientTime(
            client_id=row["client_id"],
            name=row["name"] or _("Не клиент"),
            minutes=row["minutes"],
            monthly_hours=row["monthly"] or 0,
            agreed_hours=(row["monthly"] * months).quantize(HOURS, ROUND_HALF_UP)
            if row["monthly"]
            else None,
        )
        for row in rows
    ]
    return sorted(found, key=lambda row: (-row.minutes, row.name))
