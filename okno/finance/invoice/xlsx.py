"""The invoice as an Excel workbook laid out like 1C's: the bank details grid, the title
over a thick line, supplier, buyer and basis, the lines in a bordered table, the totals
bold and right-aligned, the amount in words, the signatures and the payment QR code.

Money and quantities are numbers with Excel formats, so the sheet adds up; the texts are
in Russian, as a payment document is.
"""

from __future__ import annotations

import io
import math
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from okno.core.money import format_money
from okno.finance.invoice.document import Invoice
from okno.finance.invoice.qr import qr_png

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"
QUANTITY_FORMAT = "#,##0.###"
# №, article, goods, quantity, unit, price, sum: widths in characters.
WIDTHS = (5, 16, 44, 9, 7, 13, 15)
LAST = len(WIDTHS)
FONT = "Arial"
THIN = Side(style="thin")
THICK = Side(style="medium")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
QR_PIXELS = 120


class Sheet:
    """A cursor over the sheet: writes a row at a time, merging cells across columns."""

    def __init__(self, sheet: Worksheet):
        self.sheet = sheet
        self.row = 1

    def put(
        self,
        value,
        first: int,
        last: int | None = None,
        *,
        bold: bool = False,
        size: float = 9,
        align: str = "left",
        wrap: bool = False,
        number_format: str | None = None,
        border: Border | None = None,
        row: int | None = None,
        rows: int = 1,
    ):
        row = row or self.row
        last = last or first
        cell = self.sheet.cell(row=row, column=first, value=value)
        cell.font = Font(name=FONT, size=size, bold=bold)
        cell.alignment = Alignment(horizontal=align, vertical="top", wrap_text=wrap)
        if number_format:
            cell.number_format = number_format
        if last > first or rows > 1:
            self.sheet.merge_cells(
                start_row=row, start_column=first, end_row=row + rows - 1, end_column=last
            )
        if border is not None:
            for r in range(row, row + rows):
                for column in range(first, last + 1):
                    self.sheet.cell(row=r, column=column).border = border
        return cell

    def height(self, points: float, row: int | None = None) -> None:
        self.sheet.row_dimensions[row or self.row].height = points

    def underline(self, first: int, last: int, side: Side = THICK) -> None:
        for column in range(first, last + 1):
            self.sheet.cell(row=self.row, column=column).border = Border(bottom=side)

    def next(self, rows: int = 1) -> None:
        self.row += rows


def invoice_xlsx(invoice: Invoice) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    with translation.override("ru"):
        sheet.title = _("Счет на оплату")
        page_layout(sheet, WIDTHS)
        out = Sheet(sheet)
        _header(out, invoice)
        _bank_grid(out, invoice)
        _title_and_parties(out, invoice)
        _lines(out, invoice)
        _totals(out, invoice)
        _signatures(out, invoice)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def page_layout(sheet: Worksheet, widths: tuple[int, ...]) -> None:
    """Columns of these widths on an A4 page, one page wide, without the grid: a document's
    sheet as 1C prints it."""
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.sheet_view.showGridLines = False


def _header(out: Sheet, invoice: Invoice) -> None:
    """The note beside the QR code, which takes the top right corner."""
    rows = 6
    out.put(invoice.note, 1, 5, size=8, align="center", wrap=True, rows=rows)
    image = Image(io.BytesIO(qr_png(invoice.qr_payload)))
    image.width = image.height = QR_PIXELS
    out.sheet.add_image(image, f"F{out.row}")
    for row in range(out.row, out.row + rows):
        out.height(16, row)
    out.next(rows + 1)


def _bank_grid(out: Sheet, invoice: Invoice) -> None:
    payee = invoice.payee
    top = out.row
    out.put(payee.bank_name, 1, 4, wrap=True, border=BOX, rows=2)
    out.put(_("БИК"), 5, border=BOX)
    out.put(payee.bik, 6, LAST, border=BOX)
    out.put(_("Сч. №"), 5, border=BOX, row=top + 1, rows=2)
    out.put(payee.corr_account, 6, LAST, border=BOX, row=top + 1, rows=2)
    out.put(_("Банк получателя"), 1, 4, size=8, border=BOX, row=top + 2)
    out.put(_("ИНН") + f" {payee.inn}", 1, 2, border=BOX, row=top + 3)
    out.put(_("КПП") + f" {payee.kpp}", 3, 4, border=BOX, row=top + 3)
    out.put(payee.name, 1, 4, wrap=True, border=BOX, row=top + 4)
    out.put(_("Получатель"), 1, 4, size=8, border=BOX, row=top + 5)
    out.put(_("Сч. №"), 5, border=BOX, row=top + 3, rows=3)
    out.put(payee.account, 6, LAST, border=BOX, row=top + 3, rows=3)
    out.height(24, top + 4)
    out.next(7)


def _title_and_parties(out: Sheet, invoice: Invoice) -> None:
    title = _("Счет на оплату № %(number)s от %(date)s") % {
        "number": invoice.number,
        "date": invoice.date_words,
    }
    out.put(title, 1, LAST, bold=True, size=14)
    out.height(22)
    out.underline(1, LAST)
    out.next(2)
    parties = (
        (_("Поставщик (Исполнитель):"), invoice.seller.line),
        (_("Покупатель (Заказчик):"), invoice.buyer.line),
        (_("Основание:"), _("Договор") + f" {invoice.contract}"),
    )
    for label, text in parties:
        out.put(label, 1, 2, wrap=True)
        out.put(text, 3, LAST, bold=True, wrap=True)
        out.height(wrapped_height(text, sum(WIDTHS[2:]), minimum=2))
        out.next()
    out.next()


def _lines(out: Sheet, invoice: Invoice) -> None:
    titles = ["№", _("Артикул"), _("Товары (работы, услуги)"), _("Кол-во"), _("Ед.")]
    titles += [_("Цена"), _("Сумма")]
    for column, title in enumerate(titles, start=1):
        out.put(title, column, bold=True, align="center", border=BOX)
    out.next()
    for line in invoice.lines:
        out.put(line.number, 1, align="center", border=BOX)
        out.put(line.article, 2, wrap=True, border=BOX)
        out.put(line.name, 3, wrap=True, border=BOX)
        out.put(line.quantity, 4, align="right", number_format=QUANTITY_FORMAT, border=BOX)
        out.put(line.unit, 5, border=BOX)
        out.put(line.price, 6, align="right", number_format=MONEY_FORMAT, border=BOX)
        out.put(line.amount, 7, align="right", number_format=MONEY_FORMAT, border=BOX)
        out.height(wrapped_height(line.name, WIDTHS[2]))
        out.next()


def _totals(out: Sheet, invoice: Invoice) -> None:
    totals = invoice.totals
    rows: list[tuple[str, Decimal | str]] = [(_("Итого:"), totals.amount)]
    if totals.without_vat:
        rows.append((_("Без налога (НДС)"), "-"))
    for vat in totals.vat:
        label = _("В том числе НДС (%(rate)s):") if totals.vat_included else _("НДС (%(rate)s):")
        rows.append((label % {"rate": vat.label}, vat.amount))
    rows.append((_("Всего к оплате:"), totals.due))
    for label, value in rows:
        out.put(label, 1, LAST - 1, bold=True, align="right")
        out.put(value, LAST, bold=True, align="right", number_format=MONEY_FORMAT)
        out.next()
    out.next()
    count = len(invoice.lines)
    summary = _("Всего наименований %(number)s, на сумму %(amount)s руб.") % {
        "number": count,
        "amount": format_money(totals.due, currency=""),
    }
    out.put(summary, 1, LAST)
    out.next()
    out.put(invoice.amount_words, 1, LAST, bold=True, wrap=True)
    out.height(wrapped_height(invoice.amount_words, sum(WIDTHS), size=10))
    out.underline(1, LAST)
    out.next(3)


def _signatures(out: Sheet, invoice: Invoice) -> None:
    for role, name in ((_("Руководитель"), invoice.director), (_("Бухгалтер"), invoice.accountant)):
        out.put(role, 1, 2, bold=True)
        out.put(None, 3, border=Border(bottom=THIN))
        out.put(name, 4, LAST, align="center", border=Border(bottom=THIN))
        out.next()
        out.put(_("подпись"), 3, size=7, align="center")
        out.put(_("расшифровка подписи"), 4, LAST, size=7, align="center")
        out.next(2)


def wrapped_height(text: str, width: int, *, size: float = 9, minimum: int = 1) -> float:
    """Excel does not grow merged rows to fit wrapped text: a row high enough for the
    lines the text takes at about one character per unit of column width."""
    lines = max(minimum, math.ceil(len(text or "") / max(width, 1)))
    return lines * (size + 3) + 2
