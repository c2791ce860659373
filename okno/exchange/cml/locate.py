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

# Lines are counted by blocks of this size.
_BLOCK = 1 << 20
# How much is read from a position's line on to find its column (and, below an ancestor's
# line, its element): a file written on one line is not read whole.
_READ_ON_LIMIT = 1 << 22


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
    For a record's position (`column=0`) when an error about it is said. Where the line is
    an ancestor's (a price read without its own, see `Prices`), the element is found by
    reading on from the ancestor's start tag, step by step of the path below it. Reads
    from the start of `source` (its encoding found from BOM and declaration unless given)
    and puts the stream back where it was; unchanged when the source cannot seek or the
    tag is not found there."""
    if position.column or position.line < 1 or not source.seekable():
        return position
    where = source.tell()
    try:
        source.seek(0)
        if encoding is None:
            encoding = encoding_detect(source.read(200))
            source.seek(0)
        if codecs.lookup(encoding).name.startswith("utf-16"):
            return position
        if not _line_seek(source, position.line):
            return position
        text = source.read(_READ_ON_LIMIT).decode(encoding, errors="replace")
    finally:
        source.seek(where)
    if position.line == 1:
        text = text.lstrip("\ufeff")
    line = text.split("\n", 1)[0]
    steps = [step.partition("[") for step in position.path.split("/")[1:]]
    found = _start_tag(steps[-1][0]).search(line) if steps else None
    if found is not None:
        return Position(position.file, position.line, found.start() + 1, position.path)
    at = _descendant_find(text, line, steps)
    if at is None:
        return position
    lines_before = text.count("\n", 0, at)
    column = at - text.rfind("\n", 0, at)
    return Position(position.file, position.line + lines_before, column, position.path)


def _start_tag(local: str) -> re.Pattern:
    return re.compile(rf"<(?:[\w.-]+:)?{re.escape(local)}(?=[\s/>]|$)")


def _descendant_find(text: str, line: str, steps: list[tuple[str, str, str]]) -> int | None:
    """Where, in `text` (read from the line of an ancestor on), the path's element starts:
    the deepest step whose tag is on the first line is the ancestor; each step below it is
    the start tag with its ordinal counted on from there."""
    for depth in range(len(steps) - 2, -1, -1):
        found = _start_tag(steps[depth][0]).search(line)
        if found is not None:
            break
    else:
        return None
    offset = found.end()
    for local, _, rest in steps[depth + 1 :]:
        ordinal = int(rest.rstrip("]")) if rest.rstrip("]").isdigit() else 1
        pattern = _start_tag(local)
        for _ in range(ordinal):
            found = pattern.search(text, offset)
            if found is None:
                return None
            offset = found.end()
    return found.start()


def _line_seek(source: BinaryIO, number: int) -> bool:
    """Put the source at the start of line `number` (from 1), counting earlier lines by
    blocks, never holding them whole; False when the file has fewer lines."""
    source.seek(0)
    current = 1
    while current < number:
        block = source.read(_BLOCK)
        if not block:
            return False
        newlines = block.count(b"\n")
        if current + newlines < number:
            current += newlines
            continue
        end = -1
        for _ in range(number - current):
            end = block.index(b"\n", end + 1)
        source.seek(source.tell() - len(block) + end + 1)
        current = number
    return True


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
