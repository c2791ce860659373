"""The supervisor's reports on the desk: operators by day, week or month; the money of
claim resolutions; time spent per client against its support plan."""

from okno.desk.selectors.reports.money import (
    DIMENSIONS,
    MoneyBreakdown,
    money_breakdown,
    money_report,
)
from okno.desk.selectors.reports.operators import OperatorsReport, operators_report
from okno.desk.selectors.reports.period import GROUPS, ReportPeriod, period_check
from okno.desk.selectors.reports.support_time import ClientTime, support_time_report

__all__ = [
    "DIMENSIONS",
    "GROUPS",
    "ClientTime",
    "MoneyBreakdown",
    "OperatorsReport",
    "ReportPeriod",
    "money_breakdown",
    "money_report",
    "operators_report",
    "period_check",
    "support_time_report",
]
