"""Reading the quick order's two forms into a `Paste`: the paste form (text or a file) and
the preview form, which sends every line back with the person's fixes — `line`, `raw`,
`article`, `quantity`, `unit` and `product` once per line in the table's order, and
`round` once per line whose rounding was accepted (its line number)."""

from __future__ import annotations

from dataclasses import replace
from itertools import zip_longest

from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from okno.core.errors import InvalidInput
from okno.core.schemas import MAX_ID
from okno.orders.quick.files import read_file, require_size
from okno.orders.quick.parse import Paste, RowCells, parse_rows, parse_text

LINE_FIELDS = ("line", "raw", "article", "quantity", "unit", "product")
MAX_LINE_NUMBER = 10**9


def paste_from_form(data: QueryDict, files: MultiValueDict) -> Paste:
    """The lines of the uploaded file, or else of the pasted text."""
    upload = files.get("file")
    if upload is not None and upload.size:
        require_size(upload.name, upload.size)
        return read_file(upload.name, upload.read())
    text = clean_text(data.get("text", ""))
    if not text.strip():
        raise InvalidInput(_("Вставьте строки заказа или выберите файл."), field="text")
    return parse_text(text)


def paste_from_preview(data: QueryDict) -> Paste:
    """The preview's lines as the person left them (a line is never dropped: one whose
    article and quantity were cleared keeps its pasted text and comes back as unknown)."""
    columns = [data.getlist(name) for name in LINE_FIELDS]
    rounding = set(data.getlist("round"))
    rows: list[RowCells] = []
    picks: dict[int, int | None] = {}
    for index, values in enumerate(zip_longest(*columns, fillvalue="")):
        number_text, raw, article, quantity, unit, product = (clean_text(v) for v in values)
        number = positive_number(number_text, MAX_LINE_NUMBER) or index + 1
        raw = raw or ";".join(part for part in (article, quantity, unit) if part)
        rows.append(RowCells(number, raw, [article, quantity, unit]))
        picks[number] = positive_number(product, MAX_ID)
    paste = parse_rows(rows)
    lines = [
        replace(line, product_id=picks.get(line.line), round_up=str(line.line) in rounding)
        for line in paste.lines
    ]
    empty = positive_number(data.get("empty_lines", ""), MAX_LINE_NUMBER) or 0
    return Paste(lines=lines, empty_lines=empty)


def clean_text(value: str) -> str:
    # PostgreSQL takes no NUL in a string; a pasted one is never part of an article.
    return (value or "").replace("\x00", "")


def positive_number(text: str, maximum: int) -> int | None:
    """A whole number from 1 to `maximum` typed as ASCII digits, else None."""
    text = text.strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 1 <= number <= maximum else None
