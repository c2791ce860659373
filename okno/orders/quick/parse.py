"""Reading a quick order: pasted text, or the rows of a file, becomes numbered lines of
article, quantity and unit — every line that is not empty is kept, none is dropped.

A text line is split into cells by the first rule that applies:
1. a tab, else a semicolon (outside double quotes): cells of a spreadsheet or a CSV file;
   a quoted cell may hold the separator (`"АБ;12";5`);
2. a comma, when the line has no tab or semicolon and reads as `article,quantity[,unit]`:
   the quantity is a number (a unit may stick to it, «10шт»), the unit a word, and the
   article not a bare number (unless quoted). So «АБ-12,5» is the article «АБ-12» and
   quantity 5, while «12,5» stays one value. An article with a comma in it is written
   with a semicolon after it («АБ-12,5;3») or in quotes;
3. two or more spaces: columns aligned with spaces;
4. one space before a trailing quantity and optional unit: «АБ-12 10 шт».
A line none of them splits is an article alone, its quantity missing.

Quantities keep what the person typed apart from a unit stuck to the number («10шт» is 10
in «шт»); `okno.orders.services.quantities.parse_quantity` reads the number later (comma
decimals, spaces and non-breaking spaces between thousands).

A header row («Артикул;Количество», «Article;Qty») before the first row of data is kept
as a header — reported as skipped — and tells which column holds the article, the
quantity and the unit, so «Артикул;Наименование;Кол-во» files read right. Empty lines are
skipped and counted (those after the last line with text are not counted).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

_QUOTED = re.compile(r'"[^"]*"')
_WIDE_SPACE = re.compile(r"[ \u00a0]{2,}")
_NUMBER = r"[+-]?\d[\d \u00a0\u202f]*(?:[.,]\d+)?"
_UNIT_WORD = r"[^\W\d_]{1,12}[23]?\.?"
_QUANTITY_CELL = re.compile(rf"{_NUMBER}\s*(?:{_UNIT_WORD})?")
_QUANTITY_PARTS = re.compile(rf"(?P<number>{_NUMBER})\s*(?P<unit>{_UNIT_WORD})?")
_UNIT_CELL = re.compile(_UNIT_WORD)
_BARE_NUMBER = re.compile(r"[\d \u00a0.]+")
_TRAILING_QUANTITY = re.compile(
    rf"(?P<article>\S.*) (?P<quantity>[+-]?\d+(?:[.,]\d+)?) ?(?P<unit>{_UNIT_WORD})?"
)
_HEADER_WORDS = {
    "article": re.compile(r"\b(артикул|арт\b|код|штрих|article|sku|code|barcode|ean|part)"),
    "quantity": re.compile(r"\b(кол|qty|quantit|count|pcs)"),
    "unit": re.compile(r"^(ед|единиц|unit|uom)"),
}


@dataclass(frozen=True)
class PastedLine:
    """One non-empty line of a quick order as the person gave it (`raw`, at `line`) and as
    read: `article`, `quantity` (the number as typed), `unit` (as typed, may be empty).
    `is_header` — a header row, skipped; `error` — why the line could not be read (a file's
    formula without a value). `product_id` and `round_up` are the person's choices on the
    preview: the product picked among several that share the article, and agreement to
    the suggested rounding."""

    line: int
    raw: str
    article: str = ""
    quantity: str = ""
    unit: str = ""
    is_header: bool = False
    error: str = ""
    product_id: int | None = None
    round_up: bool = False


@dataclass(frozen=True)
class Paste:
    """What was pasted or uploaded: its non-empty lines in order and how many empty lines
    were skipped between them."""

    lines: list[PastedLine]
    empty_lines: int = 0


@dataclass(frozen=True)
class Columns:
    """Which cell of a row holds what (None — the rows have no unit column)."""

    article: int = 0
    quantity: int = 1
    unit: int | None = 2


@dataclass(frozen=True)
class RowCells:
    """A row before it is read: its number, its text as shown to the person, its cells,
    and an error found while reading the file (a formula without a value)."""

    line: int
    raw: str
    cells: list[str]
    error: str = ""


def parse_text(text: str) -> Paste:
    """The lines of pasted text (or of a decoded CSV file), numbered from 1."""
    # Neither database takes a NUL or a lone surrogate in a string; each stays a character
    # in its line, so no line changes its number or becomes empty.
    text = text.replace("\x00", "\ufffd").encode("utf-8", "replace").decode("utf-8")
    return parse_rows(
        RowCells(number, line, split_line(line))
        for number, line in enumerate(text.splitlines(), start=1)
    )


def parse_rows(rows: Iterable[RowCells]) -> Paste:
    """Rows of cells → a quick order's lines: empty rows counted, a header row before the
    first row of data recognised and used to find the columns."""
    lines: list[PastedLine] = []
    empty_pending = empty = 0
    columns = Columns()
    seen_data = False
    for row in rows:
        if not row.raw.strip() and not row.error:
            empty_pending += 1
            continue
        empty, empty_pending = empty + empty_pending, 0
        header = None if seen_data else header_columns(row.cells)
        if header is not None:
            columns = header
            lines.append(PastedLine(row.line, row.raw, *_pick(row.cells, columns), is_header=True))
            continue
        seen_data = True
        lines.append(read_cells(row.line, row.raw, row.cells, columns, error=row.error))
    return Paste(lines=lines, empty_lines=empty)


def read_cells(
    line: int, raw: str, cells: list[str], columns: Columns = Columns(), *, error: str = ""
) -> PastedLine:
    """A line from its cells: the article, the quantity with a unit stuck to it split
    off («10шт»), the unit (its own cell wins over the stuck one)."""
    article, quantity, unit = _pick(cells, columns)
    number, stuck_unit = split_quantity(quantity)
    return PastedLine(
        line=line,
        raw=raw,
        article=article,
        quantity=number,
        unit=unit or stuck_unit,
        error=error,
    )


def split_line(text: str) -> list[str]:
    """The cells of one text line (see the module's docstring for the rules)."""
    stripped = text.strip()
    bare = _QUOTED.sub("", text)
    for separator in ("\t", ";"):
        if separator in bare:
            return _csv_cells(text, separator)
    if "," in bare and (cells := _comma_cells(text)):
        return cells
    if _WIDE_SPACE.search(stripped):
        return _WIDE_SPACE.split(stripped)
    if match := _TRAILING_QUANTITY.fullmatch(stripped):
        return [match["article"], match["quantity"], match["unit"] or ""]
    return [_unquote(stripped)]


def split_quantity(text: str) -> tuple[str, str]:
    """(`number`, `unit`) of a quantity cell: «10шт» → («10», «шт»), «1 000,5» → itself
    and no unit; anything else is kept whole as the number, for the check to refuse."""
    text = text.strip()
    match = _QUANTITY_PARTS.fullmatch(text)
    if match is None:
        return text, ""
    return match["number"].strip(), (match["unit"] or "")


def header_columns(cells: list[str]) -> Columns | None:
    """The columns a header row names, or None when the row is not a header: a header
    names an article or a quantity column and has no number where the quantity goes."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        text = cell.strip().lower()
        for column, words in _HEADER_WORDS.items():
            if column not in found and text and words.search(text):
                found[column] = index
                break
    if "article" not in found and "quantity" not in found:
        return None
    article = found.get("article", 0)
    quantity = found.get("quantity", 1 if article != 1 else 0)
    if quantity < len(cells) and _QUANTITY_CELL.fullmatch(cells[quantity].strip()):
        return None
    unit = found.get("unit")
    if unit is None and not (quantity + 1 < len(cells) and cells[quantity + 1].strip()):
        # No unit column named: the column after the quantity, when the header leaves it
        # unnamed, holds the unit as in a row without a header.
        unit = quantity + 1
    return Columns(article=article, quantity=quantity, unit=unit)


def join_cells(cells: Iterable[str]) -> str:
    """Cells as one `;`-separated line that `split_line` reads back into the same cells
    (a cell holding a separator or a quote is quoted); trailing empty cells are left out."""
    values = list(cells)
    while values and not values[-1]:
        values.pop()
    if not any(any(mark in value for mark in ';\t"\n') for value in values):
        return ";".join(values)
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="").writerow(values)
    return out.getvalue()


def line_text(line: PastedLine) -> str:
    """A line as the person would paste it again: what they typed, with their fixes."""
    if line.error or not (line.article or line.quantity or line.unit):
        return line.raw
    return join_cells([line.article, line.quantity, line.unit])


def _pick(cells: list[str], columns: Columns) -> tuple[str, str, str]:
    def cell(index: int | None) -> str:
        if index is None or index >= len(cells):
            return ""
        return cells[index].strip()

    return cell(columns.article), cell(columns.quantity), cell(columns.unit)


def _csv_cells(text: str, separator: str) -> list[str]:
    return [cell.strip() for cell in next(csv.reader([text], delimiter=separator), [""])]


def _comma_cells(text: str) -> list[str] | None:
    cells = _csv_cells(text, ",")
    if len(cells) not in (2, 3) or not _QUANTITY_CELL.fullmatch(cells[1]):
        return None
    article_quoted = text.lstrip().startswith('"')
    if not cells[0] or (_BARE_NUMBER.fullmatch(cells[0]) and not article_quoted):
        return None
    if len(cells) == 3 and cells[2] and not _UNIT_CELL.fullmatch(cells[2]):
        return None
    return cells


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1].replace('""', '"')
    return text
