"""The supervisor's reports through the API, desk supervisors only (403 for the rest):
- `GET /desk/reports/operators?date_from=…&date_to=…&group=day|week|month` — per operator
  and group of days, then per operator over the whole period, then everyone. Times are
  business seconds; shares are 0–1.
- `GET /desk/reports/money?date_from=…&date_to=…&by=reason|product|warehouse|carrier|client`
  — the money of claim resolutions in the period by one dimension, net of cancellations.
- `GET /desk/reports/support-time?date_from=…&date_to=…` — time spent per client against
  the hours of its support plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Query, Schema

from okno.desk.api.appeals import router
from okno.desk.selectors.reports import (
    money_breakdown,
    operators_report,
    period_check,
    support_time_report,
)
from okno.desk.selectors.reports.operators import OperatorRow, OperatorStats
from okno.desk.selectors.reports.support_time import ClientTime
from okno.desk.services.rules import check_supervises_desk


class PeriodQuery(Schema):
    date_from: dt.date | None = Field(None, description="The first day; this month's first.")
    date_to: dt.date | None = Field(None, description="The last day, inclusive; today.")


class ReportQuery(PeriodQuery):
    group: Literal["day", "week", "month"] = "day"


class MoneyQuery(PeriodQuery):
    by: Literal["reason", "product", "warehouse", "carrier", "client"] = Field(
        "reason",
        description="The claim type, the product, the shipment's warehouse or carrier, or "
        "the client.",
    )


class StatsOut(Schema):
    received: int
    first_responses: int
    resolved: int
    reopened: int
    first_response_p50_seconds: float | None = Field(description="Business seconds.")
    first_response_p90_seconds: float | None
    resolution_p50_seconds: float | None
    resolution_p90_seconds: float | None
    sla_compliance: float | None = Field(
        description="Share (0–1) of the resolved appeals under a policy whose clocks were met."
    )
    sla_counted: int
    csat_average: float | None
    csat_count: int


class OperatorRowOut(StatsOut):
    period: dt.date | None = Field(description="The group's first day; null for the period.")
    operator_id: int | None = Field(description="Null: appeals nobody is assigned.")
    operator_name: str


class OperatorsReportOut(Schema):
    date_from: dt.date
    date_to: dt.date
    group: str
    rows: list[OperatorRowOut]
    totals: list[OperatorRowOut]
    total: StatsOut


def _stats(stats: OperatorStats) -> dict:
    return {
        "received": stats.received,
        "first_responses": stats.first_responses,
        "resolved": stats.resolved,
        "reopened": stats.reopened,
        "first_response_p50_seconds": stats.first_response_p50,
        "first_response_p90_seconds": stats.first_response_p90,
        "resolution_p50_seconds": stats.resolution_p50,
        "resolution_p90_seconds": stats.resolution_p90,
        "sla_compliance": stats.sla_compliance,
        "sla_counted": stats.sla_counted,
        "csat_average": stats.csat_average,
        "csat_count": stats.csat_count,
    }


def _row(row: OperatorRow) -> dict:
    return {
        "period": row.period,
        "operator_id": row.operator_id,
        "operator_name": row.operator_name,
        **_stats(row.stats),
    }


@router.get(
    "/desk/reports/operators",
    response=OperatorsReportOut,
    url_name="desk_reports_operators",
    tags=["desk reports"],
)
def operators(request, filters: Query[ReportQuery]):
    """The operators report over a period of at most a year (desk supervisors)."""
    check_supervises_desk(request.actor)
    period = period_check(filters.date_from, filters.date_to, filters.group)
    report = operators_report(period=period)
    return {
        "date_from": period.date_from,
        "date_to": period.date_to,
        "group": period.group,
        "rows": [_row(row) for row in report.rows],
        "totals": [_row(row) for row in report.totals],
        "total": _stats(report.total),
    }


class MoneyRowOut(Schema):
    name: str = Field(description="What the row is, as the page shows it (a claim type's name).")
    value: str | None = Field(
        description="What was grouped by as stored (a claim type's code, a product's, "
        "warehouse's or client's name, the carrier); null: none given or no client."
    )
    refund: Decimal = Field(description="Roubles refunded, net of cancellations.")
    replacement: Decimal = Field(description="The replacements' value at the shipped price.")
    credit_note: Decimal
    total: Decimal = Field(description="Refund + replacement + credit note.")
    lines: int = Field(description="Claim lines with a resolution in the period.")
    rejected: int = Field(description="Of them, lines rejected.")


class MoneyReportOut(Schema):
    date_from: dt.date
    date_to: dt.date
    by: str
    title: str
    rows: list[MoneyRowOut] = Field(description="The largest total first.")


@router.get(
    "/desk/reports/money",
    response=MoneyReportOut,
    url_name="desk_reports_money",
    tags=["desk reports"],
)
def money(request, filters: Query[MoneyQuery]):
    """What the claims cost over a period of at most a year, by one dimension (desk
    supervisors)."""
    check_supervises_desk(request.actor)
    period = period_check(filters.date_from, filters.date_to, "day")
    breakdown = money_breakdown(period=period, by=filters.by)
    return {
        "date_from": period.date_from,
        "date_to": period.date_to,
        "by": breakdown.code,
        "title": breakdown.title,
        "rows": breakdown.rows,  # the schema reads each row's fields
    }


class ClientTimeOut(Schema):
    client_id: int | None = Field(description="Null: appeals of no client.")
    client_name: str
    spent_minutes: int
    spent_hours: Decimal
    monthly_hours: int = Field(description="Hours a month of the support plan; 0: none agreed.")
    agreed_hours: Decimal | None = Field(
        description="The plan's hours for the period (prorated by the days of each month); "
        "null when none are agreed."
    )
    share: Decimal | None = Field(description="Spent over agreed (1 = all of them).")
    overspent: bool


class SupportTimeReportOut(Schema):
    date_from: dt.date
    date_to: dt.date
    rows: list[ClientTimeOut] = Field(description="The most time spent first.")


def _client_time(row: ClientTime) -> dict:
    return {
        "client_id": row.client_id,
        "client_name": row.name,
        "spent_minutes": row.minutes,
        "spent_hours": row.spent_hours,
        "monthly_hours": row.monthly_hours,
        "agreed_hours": row.agreed_hours,
        "share": row.share,
        "overspent": row.overspent,
    }


@router.get(
    "/desk/reports/support-time",
    response=SupportTimeReportOut,
    url_name="desk_reports_support_time",
    tags=["desk reports"],
)
def support_time(request, filters: Query[PeriodQuery]):
    """Time spent per client against its support plan over a period of at most a year
    (desk supervisors)."""
    check_supervises_desk(request.actor)
    period = period_check(filters.date_from, filters.date_to, "day")
    return {
        "date_from": period.date_from,
        "date_to": period.date_to,
        "rows": [_client_time(row) for row in support_time_report(period=period)],
    }
