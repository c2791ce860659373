"""Where a node of an exchange file is: its XML path by local names with ordinals, its line,
and — only when an error is being said — its column, found by reading that line again.

Records carry `column=0` ("not located"): the column costs a second read of the file, so it
is found only for a message, with `position_locate`."""

from __future__ import annotations

import codecs
import re
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


class Locator:
    """Positions of the elements of one file while it is read. `ordinals` holds the elements
    whose earlier siblings the reader has already dropped (objects of long lists), with
    their ordinal among same-named siblings."""

    def __init__(self, *, name: str, source: BinaryIO, encoding: str) -> None:
        self.name = name
        self.source = source
        self.encoding = encoding
        self.ordinals: dict[etree._Element, int] = {}
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

    def position(self, element: etree._Element, path: str | None = None) -> Position:
        return Position(
            self.name, element.sourceline or 0, 0, path if path is not None else self.path(element)
        )

    def error(self, element: etree._Element, message: str) -> CmlError:
        """A CmlError at the element, its column found by reading its line again."""
        position = self.position(element)
        return CmlError(self.locate(position), message)

    def locate(self, position: Position) -> Position:
        return position_locate(position=position, source=self.source, encoding=self.encoding)


def position_locate(*, position: Position, source: BinaryIO, encoding: str = "utf-8") -> Position:
    """The position with its column: the start tag of the path's last element on its line
    (the first such tag on that line). Reads the line from the start of `source` and puts
    the stream back where it was; unchanged when the source cannot seek or the tag is not
    found there."""
    if position.column or position.line < 1 or not source.seekable():
        return position
    if codecs.lookup(encoding).name.startswith("utf-16"):
        return position
    local = position.path.rpartition("/")[2].partition("[")[0]
    where = source.tell()
    try:
        source.seek(0)
        line = b""
        for _ in range(position.line):
            line = source.readline(_LINE_LIMIT)
            if not line:
                return position
    finally:
        source.seek(where)
    text = line.decode(encoding, errors="replace").lstrip("\ufeff")
    match = re.search(rf"<(?:[\w.-]+:)?{re.escape(local)}(?=[\s/>]|$)", text)
    if match is None:
        return position
    return Position(position.file, position.line, match.start() + 1, position.path)
