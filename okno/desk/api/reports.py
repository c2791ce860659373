"""The supervisor's operators report through the API:
`GET /desk/reports/operators?date_from=…&date_to=…&group=day|week|month` — per operator and
group of days, then per operator over the whole period, then everyone. Times are business
seconds; shares are 0–1. Desk supervisors only (403 for the rest)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Query, Schema

from okno.desk.api.appeals import router
from okno.desk.selectors.reports import operators_report, period_check
from okno.desk.selectors.reports.operators import OperatorRow, OperatorStats
from okno.desk.services.rules import check_supervises_desk


class ReportQuery(Schema):
    date_from: dt.date | None = Field(None, description="The first day; this month's first.")
    date_to: dt.date | None = Field(None, description="The last day, inclusive; today.")
    group: Literal["day", "week", "month"] = "day"


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
