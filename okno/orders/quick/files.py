"""A quick order from a file: CSV or text in any encoding Russian offices save in, or XLSX.

Text is UTF-8 (with or without a BOM), UTF-16 with a BOM (Excel's «Unicode text»), or
else Windows-1251 — tried when UTF-8 fails and kept only when the result reads like text
(no control characters, its other letters mostly Cyrillic), so a picture or an archive is
refused instead of read as gibberish. XLSX is read in openpyxl's streaming mode, first
sheet only, with the values Excel saved for formulas; a formula saved without a value is a
line with an error, not a silent empty cell. A file that is none of these is refused with
its name in the message.
"""

from __future__ import annotations

import codecs
import datetime
import io
import re
from collections.abc import Iterator
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from okno.core.errors import InvalidInput
from okno.orders.quick.parse import Paste, RowCells, join_cells, parse_rows, parse_text

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary XLS (and DOC)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Of the non-ASCII characters of real Windows-1251 text nearly all are Cyrillic letters;
# binary data decoded the same way scatters over the whole code page.
MIN_CYRILLIC_SHARE = 0.7
MAX_CONTROL_SHARE = 0.01
FLOAT_PLACES = 9


def max_file_bytes() -> int:
    return settings.OKNO_QUICK_ORDER_MAX_FILE_MB * 1024 * 1024


def read_file(name: str, data: bytes) -> Paste:
    """The lines of an uploaded file; `name` is only for the messages."""
    require_size(name, len(data))
    if data.startswith(_ZIP):
        return parse_rows(xlsx_rows(name, data))
    if data.startswith(_OLE):
        raise InvalidInput(
            _("Файл «%(name)s» — в старом формате XLS: сохраните его как XLSX или CSV.")
            % {"name": name},
            field="file",
            code="unsupported",
        )
    return parse_text(decode_text(name, data))


def require_size(name: str, size: int) -> None:
    """Refuse a file over `OKNO_QUICK_ORDER_MAX_FILE_MB` before reading it."""
    if size > max_file_bytes():
        raise InvalidInput(
            _("Файл «%(name)s» больше %(size)s МБ.")
            % {"name": name, "size": settings.OKNO_QUICK_ORDER_MAX_FILE_MB},
            field="file",
            code="too_large",
        )


def decode_text(name: str, data: bytes) -> str:
    """The text of a CSV or text file (see the module's docstring for the encodings)."""
    text = _decode(data)
    if text is None or not _reads_as_text(text):
        raise InvalidInput(
            _(
                "Файл «%(name)s» не читается: нужен CSV или текст в UTF-8 или Windows-1251, "
                "либо XLSX."
            )
            % {"name": name},
            field="file",
            code="unreadable",
        )
    return text


def _decode(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1251", errors="replace")
    foreign = _NON_ASCII.findall(text)
    cyrillic = sum(1 for char in foreign if _CYRILLIC.match(char))
    if foreign and cyrillic < MIN_CYRILLIC_SHARE * len(foreign):
        return None
    return text


def _reads_as_text(text: str) -> bool:
    controls = len(_CONTROL.findall(text))
    return controls <= MAX_CONTROL_SHARE * max(len(text), 1)


# --- XLSX ---------------------------------------------------------------------------------


def xlsx_rows(name: str, data: bytes) -> Iterator[RowCells]:
    """The rows of the first sheet, numbered as in Excel, each cell as text. Two streaming
    passes side by side: the saved values, and the formulas to tell a formula without a
    saved value from an empty cell."""
    from openpyxl import load_workbook

    books = []
    try:
        for data_only in (True, False):
            books.append(load_workbook(io.BytesIO(data), read_only=True, data_only=data_only))
        values, formulas = (book.worksheets[0].iter_rows(values_only=True) for book in books)
        rows = [
            _xlsx_row(number, row, formula_row)
            for number, (row, formula_row) in enumerate(
                zip(values, formulas, strict=False), start=1
            )
        ]
    # A damaged file or another kind of zip fails anywhere in openpyxl with any exception.
    except Exception as broken:
        raise InvalidInput(
            _("Файл «%(name)s» не открывается как XLSX — проверьте, что он не повреждён.")
            % {"name": name},
            field="file",
            code="unreadable",
        ) from broken
    finally:
        for book in books:
            book.close()
    return iter(rows)


def _xlsx_row(number: int, values: tuple, formulas: tuple) -> RowCells:
    cells = [cell_text(value) for value in values]
    error = ""
    for index, (value, formula) in enumerate(zip(values, formulas, strict=False)):
        if value is None and isinstance(formula, str) and formula.startswith("="):
            cells[index] = formula
            error = _("формула без значения: откройте файл в Excel и сохраните его заново")
    return RowCells(number, join_cells(cells), cells, error)


def cell_text(value) -> str:
    """A cell as text: a whole float without its «.0» (an article 12345.0 is «12345»),
    other numbers without float noise (0.30000000000000004 is «0.3»), dates as dd.mm.yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        number = Decimal(repr(round(value, FLOAT_PLACES))).normalize()
        return format(number, "f")
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value).strip()
