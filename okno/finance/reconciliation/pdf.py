"""The act as a PDF, laid out on A4 the way the screen shows it (`_act.html`) and written
directly (`okno.core.pdf`, ADR 0012): a year's act of a busy client is tens of thousands of
lines, which the writer prints in about a second where HTML layout took minutes.

The sheet: the title and the parties, the introduction, the table of both sides (the
buyer's half left empty to fill) with its header repeated on every page, the conclusion
and the signatures kept together, and «N / M» at the foot of each page. It is in Russian
whatever the reader's language, as a document both sides sign is."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from okno.core.money import format_money
from okno.core.pdf.document import A4, MM, Page, PdfDocument
from okno.core.pdf.fonts import Face, faces
from okno.core.pdf.text import wrap
from okno.finance.reconciliation.act import ActLine, ReconciliationAct, document_namer

CONTENT_TYPE = "application/pdf"

LEFT, RIGHT, TOP, BOTTOM = 15 * MM, 10 * MM, 10 * MM, 12 * MM
WIDTH = A4[0] - LEFT - RIGHT
FOOT = A4[1] - BOTTOM  # the lowest a row may reach
COLUMNS_MM = (17.5, 38, 18.5, 18.5, 17.5, 38, 18.5, 18.5)
EDGES = tuple(LEFT + sum(COLUMNS_MM[:n]) * MM for n in range(len(COLUMNS_MM) + 1))
SPLIT = 4  # the edge between the seller's and the buyer's halves
TABLE_SIZE, TEXT_SIZE, LEADING = 8.0, 8.5, 1.25
PAD_X, PAD_Y = 2.0, 1.5
THIN, THICK = 0.5, 1.0
# Which column edges each kind of row draws: a total's label spans the date and document.
ALL_EDGES = frozenset(range(len(EDGES)))
TOTAL_EDGES = ALL_EDGES - {1, 5}
SIDE_EDGES = frozenset({0, SPLIT, len(EDGES) - 1})
LINE_HEIGHT = TABLE_SIZE * LEADING
DATE_CENTRE = (EDGES[0] + EDGES[1]) / 2
DOCUMENT_LEFT = EDGES[1] + PAD_X
DOCUMENT_WIDTH = EDGES[2] - EDGES[1] - 2 * PAD_X
DEBIT_RIGHT, CREDIT_RIGHT = EDGES[3] - PAD_X, EDGES[4] - PAD_X


@dataclass(frozen=True)
class Cell:
    """Text in the columns `first`…`last`, its lines already broken to fit."""

    first: int
    last: int
    lines: tuple[str, ...]
    align: str = "left"
    bold: bool = False


def act_pdf(act: ReconciliationAct) -> bytes:
    with translation.override("ru"):
        return _Sheet(act).render()


class _Sheet:
    def __init__(self, act: ReconciliationAct) -> None:
        self.act = act
        self.regular, self.bold = faces()
        self.document = PdfDocument(title=_("Акт сверки взаимных расчетов"))
        self.page: Page = self.document.new_page()
        self.top = TOP
        self._open: dict[int, float] = {}  # edge → where its line on this page began
        self._edges: frozenset[int] = frozenset()

    def render(self) -> bytes:
        self._heading()
        self._table()
        self._after()
        self._page_numbers()
        return self.document.write()

    # --- the heading -----------------------------------------------------------------

    def _heading(self) -> None:
        act = self.act
        self._centred(_("Акт сверки"), 12, gap=2)
        period = _("взаимных расчетов за период: %(start)s – %(end)s") % {
            "start": f"{act.date_from:%d.%m.%Y}",
            "end": f"{act.date_to:%d.%m.%Y}",
        }
        parties = _("между %(seller)s и %(buyer)s") % {"seller": act.seller, "buyer": act.buyer}
        for subtitle in (period, parties, act.basis):
            self._centred(subtitle, 10, gap=1)
        self.top += 10
        intro = _(
            "Мы, нижеподписавшиеся, представитель %(seller)s, с одной стороны, и "
            "представитель %(buyer)s, с другой стороны, составили настоящий акт сверки в том, "
            "что состояние взаимных расчетов по данным учета следующее:"
        ) % {"seller": act.seller, "buyer": act.buyer}
        self._justified(intro, TEXT_SIZE, LEFT, WIDTH)
        self.top += 8

    def _centred(self, text: str, size: float, *, gap: float) -> None:
        for line in wrap(text, self.bold, size, WIDTH):
            self.top += size * LEADING
            x = LEFT + (WIDTH - self.bold.width(line, size)) / 2
            self.page.text(x, self.top - self._below(self.bold, size), line, self.bold, size)
        self.top += gap

    def _justified(self, text: str, size: float, x: float, width: float) -> None:
        """Each line but the last stretched to the width by its spaces, as the screen does."""
        face = self.regular
        lines = wrap(text, face, size, width)
        for number, line in enumerate(lines):
            self.top += size * LEADING
            baseline = self.top - self._below(face, size)
            words = line.split(" ")
            if number == len(lines) - 1 or len(words) == 1:
                self.page.text(x, baseline, line, face, size)
                continue
            spare = width - sum(face.width(word, size) for word in words)
            gap = spare / (len(words) - 1)
            at = x
            for word in words:
                self.page.text(at, baseline, word, face, size)
                at += face.width(word, size) + gap

    @staticmethod
    def _below(face: Face, size: float) -> float:
        """How far the baseline sits above the bottom of its line box."""
        half_leading = (size * LEADING - (face.ascent - face.descent) * size) / 2
        return half_leading - face.descent * size

    # --- the table ---------------------------------------------------------------------

    def _table(self) -> None:
        self._table_top()
        act = self.act
        self._total(_("Сальдо начальное"), act.opening.debit, act.opening.credit)
        name = document_namer()
        for line in act.lines:
            self._line(line, name(line))
        self._total(_("Обороты за период"), act.turnover_debit, act.turnover_credit, zeros=True)
        self._total(_("Сальдо конечное"), act.closing.debit, act.closing.credit)
        self._table_end()

    def _line(self, line: ActLine, document: str) -> None:
        """One document's row; the rows of the act's body, drawn without `Cell`s since a
        year's act has tens of thousands of them."""
        face, size = self.regular, TABLE_SIZE
        names = wrap(document, face, size, DOCUMENT_WIDTH)
        height = len(names) * LINE_HEIGHT + 2 * PAD_Y
        if self.top + height > FOOT:
            self._next_page()
        if self._edges is not ALL_EDGES:
            self._switch_edges(ALL_EDGES)
        page = self.page
        baseline = self.top + PAD_Y + LINE_HEIGHT - self._below(face, size)
        date = f"{line.date:%d.%m.%Y}"
        page.text(DATE_CENTRE - face.width(date, size) / 2, baseline, date, face, size)
        if line.debit:
            amount = format_money(line.debit, "")
            page.text(DEBIT_RIGHT - face.width(amount, size), baseline, amount, face, size)
        if line.credit:
            amount = format_money(line.credit, "")
            page.text(CREDIT_RIGHT - face.width(amount, size), baseline, amount, face, size)
        page.text_lines(DOCUMENT_LEFT, baseline, names, face, size, LINE_HEIGHT)
        self.top += height
        page.line(EDGES[0], self.top, EDGES[-1], self.top, THIN)

    def _total(self, label: str, debit, credit, *, zeros: bool = False) -> None:
        cells = (
            Cell(0, 1, (label,), bold=True),
            Cell(2, 2, (_amount(debit, zeros=zeros),), "right", bold=True),
            Cell(3, 3, (_amount(credit, zeros=zeros),), "right", bold=True),
        )
        self._row(cells, TOTAL_EDGES)

    def _table_top(self) -> None:
        """The table's frame starts here, with its two header rows."""
        self.page.line(EDGES[0], self.top, EDGES[-1], self.top, THICK)
        act = self.act
        sides = []
        for first, party in ((0, act.seller), (SPLIT, act.buyer)):
            text = _("По данным %(party)s, руб.") % {"party": party}
            width = EDGES[first + SPLIT] - EDGES[first] - 2 * PAD_X
            lines = tuple(wrap(text, self.bold, TABLE_SIZE, width))
            sides.append(Cell(first, first + SPLIT - 1, lines, bold=True))
        self._row(tuple(sides), SIDE_EDGES, header=True)
        names = (_("Дата"), _("Документ"), _("Дебет"), _("Кредит"))
        cells = tuple(
            Cell(column, column, (name,), "center") for column, name in enumerate(names + names)
        )
        self._row(cells, ALL_EDGES, header=True)

    def _row(self, cells: tuple[Cell, ...], edges: frozenset[int], header: bool = False) -> None:
        lines = max(len(cell.lines) for cell in cells)
        height = lines * TABLE_SIZE * LEADING + 2 * PAD_Y
        if not header and self.top + height > FOOT:
            self._next_page()
        if edges != self._edges:
            self._switch_edges(edges)
        for cell in cells:
            self._cell(cell)
        self.top += height
        self.page.line(EDGES[0], self.top, EDGES[-1], self.top, THIN)

    def _next_page(self) -> None:
        """The table goes on over the page, under its header again."""
        self._table_end()
        self.page = self.document.new_page()
        self.top = TOP
        self._table_top()

    def _cell(self, cell: Cell) -> None:
        face = self.bold if cell.bold else self.regular
        size = TABLE_SIZE
        left, right = EDGES[cell.first] + PAD_X, EDGES[cell.last + 1] - PAD_X
        baseline = self.top + PAD_Y + LINE_HEIGHT - self._below(face, size)
        for text in cell.lines:
            if cell.align == "left":
                x = left
            elif cell.align == "right":
                x = right - face.width(text, size)
            else:
                x = (left + right - face.width(text, size)) / 2
            self.page.text(x, baseline, text, face, size)
            baseline += LINE_HEIGHT

    def _switch_edges(self, edges: frozenset[int]) -> None:
        """Vertical lines run unbroken through rows that share them."""
        for edge in self._edges - edges:
            self._close_edge(edge)
        for edge in edges - self._edges:
            self._open[edge] = self.top
        self._edges = edges

    def _close_edge(self, edge: int) -> None:
        start = self._open.pop(edge)
        width = THICK if edge in SIDE_EDGES else THIN
        self.page.line(EDGES[edge], start, EDGES[edge], self.top, width)

    def _table_end(self) -> None:
        for edge in list(self._open):
            self._close_edge(edge)
        self._edges = frozenset()
        self.page.line(EDGES[0], self.top, EDGES[-1], self.top, THICK)

    # --- the conclusion and the signatures ---------------------------------------------

    def _after(self) -> None:
        """The two halves side by side, on a new page when they don't fit under the table."""
        half = (WIDTH - 16) / 2
        lefts = (LEFT, LEFT + half + 16)
        conclusions = [self._seller_half(half), self._buyer_half(half)]
        signatures = [
            self._signature(party, signatory) for party, signatory in self.act.signatories
        ]
        height = 10 + max(map(_height, conclusions)) + max(map(_height, signatures))
        if self.top + height > FOOT:
            self.page = self.document.new_page()
            self.top = TOP
        self.top += 10
        for blocks in (conclusions, signatures):
            start, ends = self.top, []
            for x, block in zip(lefts, blocks, strict=True):
                self.top = start
                self._draw(block, x, half)
                ends.append(self.top)
            self.top = max(ends)

    def _seller_half(self, width: float) -> list[tuple]:
        act = self.act
        heading = _("По данным %(party)s") % {"party": act.seller}
        on_date = _("на %(date)s") % {"date": f"{act.date_to:%d.%m.%Y}"}
        return [
            *self._paragraph(heading, width),
            *self._paragraph(on_date, width, gap=2),
            *self._paragraph(act.conclusion, width, bold=True, gap=2),
        ]

    def _buyer_half(self, width: float) -> list[tuple]:
        heading = _("По данным %(party)s") % {"party": self.act.buyer}
        return [
            *self._paragraph(heading, width),
            *self._paragraph(_("на ____________"), width, gap=2),
            ("blank", 11.0),
            ("space", 2.0),
            ("blank", 11.0),
            ("space", 2.0),
        ]

    def _signature(self, party: str, signatory: str) -> list[tuple]:
        text = _("От %(party)s") % {"party": party}
        return [
            ("space", 12.0),
            *self._paragraph(text, (WIDTH - 16) / 2, bold=True),
            ("space", 12.0),
            ("sign", TEXT_SIZE * LEADING + 2, signatory),
            ("under", 6.5 * LEADING),
            ("space", 10.0),
            ("text", TEXT_SIZE * LEADING, _("М.П."), False),
        ]

    def _paragraph(self, text: str, width: float, *, bold: bool = False, gap: float = 0) -> list:
        face = self.bold if bold else self.regular
        items: list[tuple] = [
            ("text", TEXT_SIZE * LEADING, line, bold) for line in wrap(text, face, TEXT_SIZE, width)
        ]
        return [*items, ("space", gap)] if gap else items

    def _draw(self, items: list[tuple], x: float, width: float) -> None:
        for item in items:
            kind, height = item[0], item[1]
            if kind == "text":
                face = self.bold if item[3] else self.regular
                baseline = self.top + height - self._below(face, TEXT_SIZE)
                self.page.text(x, baseline, item[2], face, TEXT_SIZE)
            elif kind == "blank":
                self.page.line(x, self.top + height, x + width, self.top + height, THIN)
            elif kind == "sign":
                self._sign_line(x, width, height, item[2])
            elif kind == "under":
                self._sign_captions(x, width, height)
            self.top += height

    def _sign_line(self, x: float, width: float, height: float, signatory: str) -> None:
        """Position, signature and its transcript on three lines, as 1C's act has them."""
        bottom = self.top + height
        baseline = bottom - 2
        for (start, end), text in zip(
            _sign_spans(x, width),
            (_("Руководитель") if signatory else "", "", f"({signatory})" if signatory else ""),
            strict=True,
        ):
            self.page.line(start, bottom, end, bottom, THIN)
            if text:
                self.page.text(start + 2, baseline, text, self.regular, TEXT_SIZE)

    def _sign_captions(self, x: float, width: float, height: float) -> None:
        size = 6.5
        baseline = self.top + height - self._below(self.regular, size)
        captions = (_("должность"), _("подпись"), _("расшифровка подписи"))
        for (start, end), text in zip(_sign_spans(x, width), captions, strict=True):
            left = (start + end - self.regular.width(text, size)) / 2
            self.page.text(left, baseline, text, self.regular, size)

    def _page_numbers(self) -> None:
        pages = self.document.pages
        size = 7.0
        for number, page in enumerate(pages, start=1):
            text = f"{number} / {len(pages)}"
            x = A4[0] - RIGHT - self.regular.width(text, size)
            page.text(x, A4[1] - BOTTOM / 2 + size / 3, text, self.regular, size)


def _amount(value, *, zeros: bool = False) -> str:
    """A sum as the act prints it (`1 234,56`), an empty cell for zero unless asked."""
    return format_money(value, "") if value or zeros else ""


def _height(items: list[tuple]) -> float:
    return sum(item[1] for item in items)


def _sign_spans(x: float, width: float) -> tuple[tuple[float, float], ...]:
    """The role's, the signature's and the name's lines: 36 %, 24 % and 36 % with gaps."""
    spans, at = [], x
    for share in (0.36, 0.02, 0.24, 0.02, 0.36):
        spans.append((at, at + width * share))
        at += width * share
    return (spans[0], spans[2], spans[4])
