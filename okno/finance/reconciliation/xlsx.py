"""The act as an Excel workbook laid out like 1C's: the title, the two-sided table (the
seller's half filled, the buyer's left for them), saldo and turnovers in bold, the
conclusion and both sides' signatures with «М.П.».

Money is numbers with an Excel format, so the sheet adds up; the texts are in Russian, as
a document both sides sign is. The cursor and the fonts are the invoice's.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Border

from okno.finance.invoice.xlsx import (
    BOX,
    CONTENT_TYPE,
    MONEY_FORMAT,
    THIN,
    Sheet,
    page_layout,
    wrapped_height,
)
from okno.finance.reconciliation.act import ReconciliationAct

__all__ = ["CONTENT_TYPE", "act_xlsx"]

# Date, document, debit, credit — the seller's half, then the buyer's.
WIDTHS = (11, 32, 13, 13, 11, 26, 13, 13)
LAST = len(WIDTHS)
HALF = 4
UNDERLINE = Border(bottom=THIN)


def act_xlsx(act: ReconciliationAct) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    with translation.override("ru"):
        sheet.title = _("Акт сверки")
        page_layout(sheet, WIDTHS)
        out = Sheet(sheet)
        _title(out, act)
        _table(out, act)
        _conclusion(out, act)
        _signatures(out, act)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _title(out: Sheet, act: ReconciliationAct) -> None:
    out.put(_("Акт сверки"), 1, LAST, bold=True, size=12, align="center")
    out.next()
    period = _("взаимных расчетов за период: %(start)s – %(end)s") % {
        "start": f"{act.date_from:%d.%m.%Y}",
        "end": f"{act.date_to:%d.%m.%Y}",
    }
    parties = _("между %(seller)s и %(buyer)s") % {"seller": act.seller, "buyer": act.buyer}
    for text in (period, parties, act.basis):
        out.put(text, 1, LAST, bold=True, size=10, align="center", wrap=True)
        out.height(wrapped_height(text, sum(WIDTHS), size=10))
        out.next()
    out.next()
    intro = _(
        "Мы, нижеподписавшиеся, представитель %(seller)s, с одной стороны, и представитель "
        "%(buyer)s, с другой стороны, составили настоящий акт сверки в том, что состояние "
        "взаимных расчетов по данным учета следующее:"
    ) % {"seller": act.seller, "buyer": act.buyer}
    out.put(intro, 1, LAST, wrap=True)
    out.height(wrapped_height(intro, sum(WIDTHS), minimum=2))
    out.next(2)


def _table(out: Sheet, act: ReconciliationAct) -> None:
    for first, party in ((1, act.seller), (HALF + 1, act.buyer)):
        label = _("По данным %(party)s, руб.") % {"party": party}
        out.put(label, first, first + HALF - 1, bold=True, wrap=True, border=BOX)
    out.height(wrapped_height(act.seller, sum(WIDTHS[:HALF]), minimum=1))
    out.next()
    titles = (_("Дата"), _("Документ"), _("Дебет"), _("Кредит"))
    for offset in (0, HALF):
        for column, title in enumerate(titles, start=1 + offset):
            out.put(title, column, align="center", border=BOX)
    out.next()
    _saldo(out, _("Сальдо начальное"), act.opening.debit, act.opening.credit, always=False)
    for line in act.lines:
        out.put(line.date, 1, align="center", number_format="DD.MM.YYYY", border=BOX)
        out.put(line.document, 2, wrap=True, border=BOX)
        _money(out, 3, line.debit)
        _money(out, 4, line.credit)
        _buyer_half(out)
        out.height(wrapped_height(line.document, WIDTHS[1]))
        out.next()
    _saldo(out, _("Обороты за период"), act.turnover_debit, act.turnover_credit, always=True)
    _saldo(out, _("Сальдо конечное"), act.closing.debit, act.closing.credit, always=False)
    out.next()


def _saldo(out: Sheet, label: str, debit: Decimal, credit: Decimal, *, always: bool) -> None:
    """A bold row over the seller's half; a zero saldo leaves its cells empty, as 1C does."""
    out.put(label, 1, 2, bold=True, border=BOX)
    _money(out, 3, debit, bold=True, always=always)
    _money(out, 4, credit, bold=True, always=always)
    _buyer_half(out)
    out.next()


def _money(out: Sheet, column: int, amount: Decimal, *, bold=False, always=False) -> None:
    value = amount if (amount or always) else None
    out.put(value, column, bold=bold, align="right", number_format=MONEY_FORMAT, border=BOX)


def _buyer_half(out: Sheet) -> None:
    for column in range(HALF + 1, LAST + 1):
        out.put(None, column, border=BOX)


def _conclusion(out: Sheet, act: ReconciliationAct) -> None:
    seller_head = _("По данным %(party)s на %(date)s") % {
        "party": act.seller,
        "date": f"{act.date_to:%d.%m.%Y}",
    }
    buyer_head = _("По данным %(party)s на ____________") % {"party": act.buyer}
    out.put(seller_head, 1, HALF, wrap=True)
    out.put(buyer_head, HALF + 1, LAST, wrap=True)
    out.height(wrapped_height(seller_head, sum(WIDTHS[:HALF])))
    out.next()
    out.put(act.conclusion, 1, HALF, bold=True, wrap=True)
    out.put(None, HALF + 1, LAST, border=UNDERLINE)
    out.height(wrapped_height(act.conclusion, sum(WIDTHS[:HALF]), minimum=2))
    out.next()
    out.put(None, HALF + 1, LAST, border=UNDERLINE)
    out.next(2)


def _signatures(out: Sheet, act: ReconciliationAct) -> None:
    for first, party in ((1, act.seller), (HALF + 1, act.buyer)):
        out.put(_("От %(party)s") % {"party": party}, first, first + HALF - 1, bold=True, wrap=True)
    out.next(2)
    out.put(_("Руководитель"), 1, border=UNDERLINE)
    out.put(None, 2, border=UNDERLINE)
    out.put(f"({act.seller_director})", 3, 4, align="center", border=UNDERLINE)
    out.put(None, 5, border=UNDERLINE)
    out.put(None, 6, border=UNDERLINE)
    out.put(None, 7, 8, border=UNDERLINE)
    out.next()
    for first in (1, HALF + 1):
        out.put(_("должность"), first, size=7, align="center")
        out.put(_("подпись"), first + 1, size=7, align="center")
        out.put(_("расшифровка подписи"), first + 2, first + 3, size=7, align="center")
    out.next(2)
    out.put(_("М.П."), 1)
    out.put(_("М.П."), HALF + 1)
