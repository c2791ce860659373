"""The price list as an Excel workbook: one sheet, a bold frozen header, money as numbers.

Written with openpyxl's write-only mode, which streams each row to a temporary file as it
comes, into a temporary file of our own: a list of the whole catalog never sits in memory.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from okno.catalog.selectors.price_list import PriceList, PriceListLine

# Stored in Excel's own notation; Excel shows it in the reader's locale («1 234,50»).
MONEY_FORMAT = "#,##0.00"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    """A column of the sheet: its title, width in characters and what a line shows in it."""

    title: str
    width: int
    value: Callable[[PriceListLine], object]
    money: bool = False


def price_list_xlsx(price_list: PriceList) -> IO[bytes]:
    """The price list written to an anonymous temporary file (gone once closed), rewound
    to its start for sending."""
    columns = _columns(price_list)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Прайс-лист"))
    sheet.freeze_panes = "A2"
    for number, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    sheet.append([_header_cell(sheet, column.title) for column in columns])
    for line in price_list.lines():
        sheet.append([_cell(sheet, column, line) for column in columns])
    # Not a `with` block: the file outlives this function, the response closes it.
    output = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    try:
        workbook.save(output)
    except BaseException:
        output.close()
        raise
    output.seek(0)
    return output


def _header_cell(sheet, title: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=title)
    cell.font = Font(bold=True)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _cell(sheet, column: Column, line: PriceListLine) -> object:
    value = column.value(line)
    if not column.money or value is None:
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = MONEY_FORMAT
    return cell


def _columns(price_list: PriceList) -> list[Column]:
    columns = [
        Column(_("Артикул"), 20, lambda line: line.article),
        Column(_("Наименование"), 60, lambda line: line.name),
        Column(_("Группа"), 28, lambda line: line.group),
        Column(_("Бренд"), 18, lambda line: line.brand),
        Column(_("Ед."), 8, lambda line: line.unit),
        Column(_("Цена, ₽"), 14, lambda line: line.price, money=True),
    ]
    if price_list.shows_base:
        columns.append(Column(_("Базовая цена, ₽"), 14, lambda line: line.base_price, money=True))
    warehouse = price_list.viewer.warehouse_name
    here = _("Остаток: %(warehouse)s") % {"warehouse": warehouse} if warehouse else _("Остаток")
    columns += [
        Column(_("НДС"), 9, lambda line: line.vat_rate),
        Column(here, 16, lambda line: line.stock_here),
        Column(_("Всего на складах"), 14, lambda line: line.stock_total),
        Column(_("Мин. заказ"), 11, lambda line: line.min_quantity),
        Column(_("Кратность"), 11, lambda line: line.multiplicity),
    ]
    return columns
