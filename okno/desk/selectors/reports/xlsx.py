"""The reports as Excel workbooks: a sheet of figures and a sheet of what they mean. The
reports are small (an operator a row a day), so the workbook is built in memory."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from okno.desk.selectors.reports.definitions import MONEY_METRICS, OPERATOR_METRICS, TIME_METRICS
from okno.desk.selectors.reports.money import MoneyBreakdown
from okno.desk.selectors.reports.operators import OperatorsReport, OperatorStats
from okno.desk.selectors.reports.support_time import ClientTime

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"
HOURS_FORMAT = "0.00"
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "DD.MM.YYYY"
OVERSPENT = PatternFill(start_color="F8D7DA", end_color="F8D7DA", fill_type="solid")


def _hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 2)


def _sheet(workbook: Workbook, title: str, header: Sequence[str]) -> Worksheet:
    sheet = workbook.create_sheet(title=title)
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    return sheet


def _formats(sheet: Worksheet, formats: dict[int, str]) -> None:
    for row in sheet.iter_rows(min_row=2):
        for column, number_format in formats.items():
            row[column].number_format = number_format


def _definitions(workbook: Workbook, metrics: Iterable[tuple[Any, Any]]) -> None:
    sheet = _sheet(workbook, _("Определения"), [_("Показатель"), _("Что значит")])
    for name, meaning in metrics:
        sheet.append([str(name), str(meaning)])
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 100


def _saved(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _new() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def operators_xlsx(report: OperatorsReport) -> bytes:
    workbook = _new()
    sheet = _sheet(workbook, _("Операторы"), _operator_header())
    for row in report.rows + report.totals:
        sheet.append(_operator_cells(row.period, row.operator_name, row.stats))
    sheet.append(_operator_cells(None, _("Все операторы"), report.total))
    _formats(sheet, {0: DATE_FORMAT, 6: HOURS_FORMAT, 7: HOURS_FORMAT, 8: HOURS_FORMAT})
    _formats(sheet, {9: HOURS_FORMAT, 10: PERCENT_FORMAT, 11: HOURS_FORMAT})
    sheet.column_dimensions["B"].width = 30
    _definitions(workbook, OPERATOR_METRICS)
    return _saved(workbook)


def _operator_header() -> list[str]:
    return [
        _("Период"),
        _("Оператор"),
        _("Получено"),
        _("Первых ответов"),
        _("Решено"),
        _("Открыто повторно"),
        _("Первый ответ p50, ч"),
        _("Первый ответ p90, ч"),
        _("Решение p50, ч"),
        _("Решение p90, ч"),
        _("Соблюдение SLA"),
        _("CSAT, средняя"),
        _("CSAT, оценок"),
    ]


def _operator_cells(period, name: str, stats: OperatorStats) -> list[Any]:
    average = stats.csat_average
    return [
        period if period is not None else _("Весь период"),
        name,
        stats.received,
        stats.first_responses,
        stats.resolved,
        stats.reopened,
        _hours(stats.first_response_p50),
        _hours(stats.first_response_p90),
        _hours(stats.resolution_p50),
        _hours(stats.resolution_p90),
        stats.sla_compliance,
        None if average is None else round(average, 2),
        stats.csat_count,
    ]


def money_xlsx(breakdowns: list[MoneyBreakdown]) -> bytes:
    workbook = _new()
    header = [
        _("Разрез"),
        _("Значение"),
        _("Возврат"),
        _("Замена"),
        _("Кредит-нота"),
        _("Итого"),
        _("Строк"),
        _("Отказано"),
    ]
    sheet = _sheet(workbook, _("Деньги по претензиям"), header)
    for breakdown in breakdowns:
        for row in breakdown.rows:
            money = [row.refund, row.replacement, row.credit_note, row.total]
            sheet.append([breakdown.title, row.name, *money, row.lines, row.rejected])
    _formats(sheet, dict.fromkeys((2, 3, 4, 5), MONEY_FORMAT))
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 40
    _definitions(workbook, MONEY_METRICS)
    return _saved(workbook)


def support_time_xlsx(clients: list[ClientTime]) -> bytes:
    workbook = _new()
    header = [
        _("Клиент"),
        _("Затрачено, ч"),
        _("Часов в месяц по плану"),
        _("По плану за период, ч"),
        _("Израсходовано плана"),
        _("Перерасход"),
    ]
    sheet = _sheet(workbook, _("Время по клиентам"), header)
    for client in clients:
        sheet.append(_time_cells(client))
        if client.overspent:
            for cell in sheet[sheet.max_row]:
                cell.fill = OVERSPENT
    _formats(sheet, {1: HOURS_FORMAT, 3: HOURS_FORMAT, 4: PERCENT_FORMAT})
    sheet.column_dimensions["A"].width = 40
    _definitions(workbook, TIME_METRICS)
    return _saved(workbook)


def _time_cells(client: ClientTime) -> list[Any]:
    share = client.share
    return [
        client.name,
        client.spent_hours,
        client.monthly_hours or None,
        client.agreed_hours,
        share,
        _("да") if client.overspent else "",
    ]
