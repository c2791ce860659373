"""The supervisor's reports page and its workbooks: operators by day, week or month, the
money of claim resolutions, time spent per client against the support plan. Only for
staff who supervise the desk (403 for the rest)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from okno.core.errors import DomainError
from okno.desk.selectors.reports import (
    ReportPeriod,
    money_report,
    operators_report,
    period_check,
    support_time_report,
)
from okno.desk.selectors.reports.definitions import MONEY_METRICS, OPERATOR_METRICS, TIME_METRICS
from okno.desk.selectors.reports.period import this_month
from okno.desk.selectors.reports.xlsx import (
    XLSX_CONTENT_TYPE,
    money_xlsx,
    operators_xlsx,
    support_time_xlsx,
)
from okno.desk.views.common import supervisor_only

GROUP_NAMES = {
    "day": gettext_lazy("по дням"),
    "week": gettext_lazy("по неделям"),
    "month": gettext_lazy("по месяцам"),
}


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _period(request) -> ReportPeriod:
    """The period asked for; a wrong one is told and replaced by this month."""
    get = request.GET
    try:
        return period_check(
            _date(get.get("date_from")), _date(get.get("date_to")), get.get("group")
        )
    except DomainError as refusal:
        messages.error(request, refusal.message)
        return this_month()


@require_GET
@login_required
def reports(request):
    supervisor_only(request)
    period = _period(request)
    context = {
        "period": period,
        "groups": [(code, str(name)) for code, name in GROUP_NAMES.items()],
        "operators": operators_report(period=period),
        "money": money_report(period=period),
        "client_time": support_time_report(period=period),
        "operator_metrics": OPERATOR_METRICS,
        "money_metrics": MONEY_METRICS,
        "time_metrics": TIME_METRICS,
        "query": request.GET.urlencode(),
    }
    return TemplateResponse(request, "desk/staff/reports.html", context)


@require_GET
@login_required
def export(request, report: str):
    supervisor_only(request)
    period = _period(request)
    if report == "operators":
        content = operators_xlsx(operators_report(period=period))
    elif report == "money":
        content = money_xlsx(money_report(period=period))
    else:
        content = support_time_xlsx(support_time_report(period=period))
    name = f"{report}-{period.date_from:%Y-%m-%d}-{period.date_to:%Y-%m-%d}.xlsx"
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
