"""Where a node of an exchange file is: its XML path by local names with ordinals, its line,
and — only when an error is being said — its column, found by reading that line again.

Records carry `column=0` ("not located"): the column costs a second read of the file, so it
is found only for a message, with `position_locate`."""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from typing import BinaryIO

from lxml import etree

from okno.exchange.cml.records import CmlError, Position
from okno.exchange.cml.values import local_name

# Elements that repeat in their parent: their path step always carries the ordinal, so a
# record's path and an error's path name the same node the same way.
REPEATED = frozenset(
    {
        "Группа", "Свойство", "СвойствоНоменклатуры", "ТипЦены", "Склад", "ЕдиницаИзмерения",
        "Товар", "Предложение", "Цена", "Остаток", "Контрагент", "Документ", "Контейнер",
        "ЗначенияСвойства", "ЗначениеРеквизита", "Пересчет", "РасчетныйСчет", "Контакт",
        "Налог", "СтавкаНалога", "Картинка", "Штрихкод", "ШтрихКод", "ХарактеристикаТовара",
        "Справочник", "Представитель", "АдресноеПоле",
    }
)  # fmt: skip

# The longest line read back to find a column: a file written on one line is not read whole.
_LINE_LIMIT = 1 << 20


# libxml2 keeps an element's line in 16 bits: past it, lxml gives the line where the
# element's first text ends (its own text, a child's, or its tail when it has no children).
BIG_LINE = 65535


def line_of(element: etree._Element) -> int:
    """The line of the element's start tag, also past line 65535."""
    line = element.sourceline or 0
    if line < BIG_LINE:
        return line
    node = element
    while True:
        if node.text:
            return line - node.text.count("\n")
        if len(node):
            node = node[0]
            continue
        return line - (node.tail or "").count("\n")


class Locator:
    """Positions of the elements of one file while it is read. `ordinals` holds the elements
    whose earlier siblings the reader has already dropped (objects of long lists), with
    their ordinal among same-named siblings."""

    def __init__(self, *, name: str, source: BinaryIO, encoding: str) -> None:
        self.name = name
        self.source = source
        self.encoding = encoding
        self.ordinals: dict[etree._Element, int] = {}
        # Lines left out of what lxml reads (see skipping.py, unchanged.py): from each of
        # `shift_lines` on, lxml's lines are the matching `shift_totals` short.
        self.shift_lines: list[int] = []
        self.shift_totals: list[int] = []
        self._prefix_parent: etree._Element | None = None
        self._prefix = ""

    def path(self, element: etree._Element) -> str:
        steps = []
        node: etree._Element | None = element
        while node is not None:
            steps.append(self._step(node))
            node = node.getparent()
        return "/" + "/".join(reversed(steps))

    def _step(self, node: etree._Element) -> str:
        local = local_name(node.tag)
        ordinal = self.ordinals.get(node)
        if ordinal is None:
            ordinal = 1 + sum(1 for _ in node.itersiblings(node.tag, preceding=True))
            alone = ordinal == 1 and next(node.itersiblings(node.tag), None) is None
            if alone and local not in REPEATED:
                return local
        return f"{local}[{ordinal}]"

    def object_path(self, element: etree._Element, local: str, ordinal: int) -> str:
        """The path of an object of a long list, its parent's path computed once per list."""
        parent = element.getparent()
        if parent is not self._prefix_parent:
            self._prefix_parent = parent
            self._prefix = self.path(parent) if parent is not None else ""
        return f"{self._prefix}/{local}[{ordinal}]"

    def line(self, element: etree._Element) -> int:
        line = element.sourceline or 0
        if line >= BIG_LINE:
            line = line_of(element)
        return self.line_shifted(line)

    def line_shifted(self, line: int) -> int:
        """A line as lxml numbers it, as the file numbers it."""
        starts = self.shift_lines
        if not starts or line < starts[0]:
            return line
        return line + self.shift_totals[bisect_right(starts, line) - 1]

    def shift_add(self, line: int, lines: int) -> None:
        """`lines` more lines were left out where lxml is at `line`."""
        if self.shift_lines and self.shift_lines[-1] == line:
            self.shift_totals[-1] += lines
            return
        self.shift_lines.append(line)
        self.shift_totals.append((self.shift_totals[-1] if self.shift_totals else 0) + lines)

    def position(self, element: etree._Element, path: str | None = None) -> Position:
        return Position(
            self.name, self.line(element), 0, path if path is not None else self.path(element)
        )

    def error(self, element: etree._Element, message: str) -> CmlError:
        """A CmlError at the element, its column found by reading its line again."""
        position = self.position(element)
        return CmlError(self.locate(position), message)

    def locate(self, position: Position) -> Position:
        return position_locate(position=position, source=self.source, encoding=self.encoding)


def position_locate(
    *, position: Position, source: BinaryIO, encoding: str | None = None
) -> Position:
    """The position with its column: the start tag of the path's last element on its line
    (the first such tag on that line — a file written on one line gets the first one).
    For a record's position (`column=0`) when an error about it is said. Reads the line
    from the start of `source` (its encoding found from BOM and declaration unless given)
    and puts the stream back where it was; unchanged when the source cannot seek or the tag
    is not found there."""
    if position.column or position.line < 1 or not source.seekable():
        return position
    local = position.path.rpartition("/")[2].partition("[")[0]
    where = source.tell()
    try:
        source.seek(0)
        if encoding is None:
            encoding = encoding_detect(source.read(200))
            source.seek(0)
        if codecs.lookup(encoding).name.startswith("utf-16"):
            return position
        line = _line_read(source, position.line)
    finally:
        source.seek(where)
    text = line.decode(encoding, errors="replace").lstrip("\ufeff")
    match = re.search(rf"<(?:[\w.-]+:)?{re.escape(local)}(?=[\s/>]|$)", text)
    if match is None:
        return position
    return Position(position.file, position.line, match.start() + 1, position.path)


def _line_read(source: BinaryIO, number: int) -> bytes:
    """Line `number` (from 1) of the source read from its start, at most `_LINE_LIMIT`
    bytes of it: earlier lines are counted by blocks, never held whole."""
    source.seek(0)
    current = 1
    while current < number:
        block = source.read(_LINE_LIMIT)
        if not block:
            return b""
        newlines = block.count(b"\n")
        if current + newlines < number:
            current += newlines
            continue
        end = -1
        for _ in range(number - current):
            end = block.index(b"\n", end + 1)
        source.seek(source.tell() - len(block) + end + 1)
        current = number
    return source.readline(_LINE_LIMIT)


_DECLARED = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def encoding_detect(head: bytes) -> str:
    """A file's encoding from its first bytes: the BOM, else the XML declaration, else UTF-8."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    declared = _DECLARED.match(head)
    if declared is None:
        return "utf-8"
    encoding = declared[1].decode("ascii").lower()
    try:
        codecs.lookup(encoding)
    except LookupError:
        return "utf-8"
    return encoding
