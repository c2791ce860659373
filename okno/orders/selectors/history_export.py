"""The order history as an Excel workbook: one row per order (and, when asked, a second
sheet with their lines), for the same actor and filters as the list.

Rows are read a chunk at a time and written by openpyxl's write-only mode, which keeps each
sheet in a temporary file: memory stays flat however many orders there are. The workbook
itself lands in a temporary file that the view streams and that disappears once closed.
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from okno.catalog.models import VatRate
from okno.core.actor import Actor
from okno.core.batches import chunked
from okno.core.errors import InvalidInput
from okno.orders.models import Order, OrderLine, OrderStatus
from okno.orders.selectors.history import OrderFilters, orders_history

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A workbook anyone can still open; Excel's own limit is 1,048,576 rows a sheet.
MAX_ORDERS = 100_000
MAX_SHEET_ROWS = 1_048_575
CHUNK = 2000
DATE_FORMAT = "DD.MM.YYYY"
MONEY_FORMAT = "#,##0.00"
COLUMN_WIDTHS = {"A": 14, "B": 12, "C": 34, "D": 22, "E": 14, "F": 12, "G": 14, "H": 8, "I": 40}
LINE_COLUMN_WIDTHS = {"A": 14, "B": 12, "C": 6, "D": 18, "E": 50, "F": 10, "G": 8}


@dataclass
class XlsxExport:
    """A finished workbook: `file` is open for reading from the start and is deleted when
    closed (a `FileResponse` closes it once sent)."""

    file: IO[bytes]
    filename: str
    content_type: str = XLSX_CONTENT_TYPE


def orders_export_xlsx(
    *, actor: Actor, filters: OrderFilters, with_lines: bool = False
) -> XlsxExport:
    """The orders of `orders_history(actor, filters)`, newest first: number, date, legal
    entity (and client, for staff), status, amount, VAT, total, lines, comment; with
    `with_lines` a second sheet lists their lines. More than `MAX_ORDERS` orders are refused
    (narrow the period)."""
    orders = orders_history(actor=actor, filters=filters)
    if orders.order_by().values("pk")[: MAX_ORDERS + 1].count() > MAX_ORDERS:
        raise InvalidInput(
            _("Больше %(max)s заказов в одной выгрузке не поместится: сократите период.")
            % {"max": f"{MAX_ORDERS:,}".replace(",", "\u00a0")},
            field="date_from",
            code="too_many",
        )
    workbook = Workbook(write_only=True)
    sheet = _sheet(workbook, _("Заказы"), _order_header(actor), COLUMN_WIDTHS)
    lines = (
        _sheet(workbook, _("Строки заказов"), _line_header(), LINE_COLUMN_WIDTHS)
        if with_lines
        else None
    )
    line_rows = 0
    for chunk in chunked(orders.iterator(chunk_size=CHUNK), CHUNK):
        for order in chunk:
            sheet.append(_order_row(sheet, order, staff=actor.is_staff))
        if lines is not None and line_rows < MAX_SHEET_ROWS:
            line_rows += _append_lines(lines, chunk, MAX_SHEET_ROWS - line_rows)
    # Handed to the caller open: the response that streams it closes (and so deletes) it.
    file = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    workbook.save(file)
    file.seek(0)
    return XlsxExport(file=file, filename=f"orders-{timezone.localdate():%Y-%m-%d}.xlsx")


def _sheet(workbook: Workbook, title: str, header: list[str], widths: dict[str, int]):
    sheet = workbook.create_sheet(title=title)
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    cells = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    return sheet


def _order_header(actor: Actor) -> list[str]:
    header = [_("Номер"), _("Дата"), _("Юрлицо")]
    if actor.is_staff:
        header.append(_("Клиент"))
    return [
        *header,
        _("Статус"),
        _("Сумма"),
        _("НДС"),
        _("Итого"),
        _("Строк"),
        _("Комментарий"),
    ]


def _line_header() -> list[str]:
    return [
        _("Заказ"),
        _("Дата"),
        _("№"),
        _("Артикул"),
        _("Наименование"),
        _("Количество"),
        _("Ед."),
        _("Цена"),
        _("Сумма"),
        _("Ставка НДС"),
        _("НДС"),
        _("Итого"),
    ]


def _order_row(sheet: WriteOnlyWorksheet, order: Order, *, staff: bool) -> list[Any]:
    row: list[Any] = [order.number or "", _date(sheet, order.created_at), order.legal_entity.name]
    if staff:
        row.append(order.client.name)
    return [
        *row,
        str(OrderStatus(order.status).label),
        _money(sheet, order.amount),
        _money(sheet, order.vat_amount),
        _money(sheet, order.total),
        order.lines_count,
        order.comment,
    ]


def _append_lines(sheet: WriteOnlyWorksheet, orders: list[Order], room: int) -> int:
    """The lines of a chunk of orders (one query), in the orders' order; at most `room`."""
    by_order: dict[int, list[OrderLine]] = {order.pk: [] for order in orders}
    rows = (
        OrderLine.objects.filter(order_id__in=by_order)
        .exclude(change=OrderLine.Change.REMOVED)
        .order_by("order_id", "position", "pk")
    )
    for line in rows:
        by_order[line.order_id].append(line)
    written = 0
    for order in orders:
        for line in by_order[order.pk]:
            if written == room:
                return written
            sheet.append(_line_row(sheet, order, line))
            written += 1
    return written


def _line_row(sheet: WriteOnlyWorksheet, order: Order, line: OrderLine) -> Iterable[Any]:
    return [
        order.number or "",
        _date(sheet, order.created_at),
        line.position,
        line.article,
        line.name,
        line.quantity,
        line.unit_name,
        _money(sheet, line.price),
        _money(sheet, line.amount),
        str(VatRate(line.vat_rate).label),
        _money(sheet, line.vat_amount),
        _money(sheet, line.total),
    ]


def _date(sheet: WriteOnlyWorksheet, moment: datetime.datetime) -> WriteOnlyCell:
    """The day in the company's time zone, as a date Excel sorts and filters."""
    cell = WriteOnlyCell(
        sheet, value=timezone.localtime(moment, timezone.get_default_timezone()).date()
    )
    cell.number_format = DATE_FORMAT
    return cell


def _money(sheet: WriteOnlyWorksheet, amount) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=amount)
    cell.number_format = MONEY_FORMAT
    return cell
