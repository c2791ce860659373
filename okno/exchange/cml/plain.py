"""Offers read straight from their bytes where they are written plainly.

The reader sees each offer's bytes before lxml does (unchanged.py). 1C writes every offer of
a file alike, and most of them in a few plain forms; reading such an offer with a few
regular expressions costs a third of having lxml parse it and walking its tree, which is
most of the work of reading a prices or rests file. Only an offer written exactly as below
is read so. Anything else — a namespace prefix, an attribute, an entity or character
reference, a part not listed, a part repeated, a number written otherwise (`1 234,50`), a
deletion mark, a character XML forbids — gives None, and lxml reads the offer as before,
which also says what is wrong and where.

The parts, in any order, each at most once (`Склад` any number of times):
`Ид`, `НомерВерсии`, `Артикул`, `Наименование` (text); `ПометкаУдаления` (`false`);
`БазоваяЕдиница` (attributes, and text or `Пересчет`s; left out as `offer_build` leaves
it out);
`Цены` of `Цена` (`Представление`?, `ИдТипаЦены`, `ЦенаЗаЕдиницу`, `Валюта`?,
`Единица`?, `Коэффициент`?); `Количество`; `<Склад ИдСклада="…" КоличествоНаСкладе="…"/>`;
`Остатки` of `Остаток` of one `Склад` (`Ид`, `Количество`); `ХарактеристикиТовара` of
`ХарактеристикаТовара` (`Наименование`, `Значение`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from sys import intern

from okno.exchange.cml.records import Prices, StockRecord, stock_records

# Quantifiers are possessive (`*+`): nothing after each can be what it matched, and the
# regular expression engine then keeps nothing to go back to — a third of its time.
_SPACE = "[ \t\r\n]*+"
# Text as lxml would give it: no markup, no character XML forbids, no carriage return
# (which lxml would turn into a newline).
_TEXT = "[^<&\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]*+"
# An id, a currency or a unit: text without white space of any kind.
_TOKEN = r"[^<&\s\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]*+"
# A number as `_plain` (offers.py) takes it.
_NUMBER = r"(?:[0-9]++\.?+[0-9]*+|\.[0-9]++)"

_START = re.compile(f"{_SPACE}<Предложение>{_SPACE}")
_END = re.compile(f"</Предложение>{_SPACE}")
_TAG = re.compile(r"<([^\s<>/]+)")
_SIMPLE = re.compile(
    f"<(Ид|НомерВерсии|Артикул|Наименование)(?:{_SPACE}/>|>({_TEXT})</\\1>){_SPACE}"
)
_NOT_DELETED = re.compile(f"<ПометкаУдаления>{_SPACE}false{_SPACE}</ПометкаУдаления>{_SPACE}")
_TOTAL = re.compile(f"<Количество>({_NUMBER})</Количество>{_SPACE}")
_PRICE = re.compile(
    f"<Цена>{_SPACE}(?:<Представление>{_TEXT}</Представление>{_SPACE})?"
    f"<ИдТипаЦены>{_SPACE}({_TOKEN}){_SPACE}</ИдТипаЦены>{_SPACE}"
    f"<ЦенаЗаЕдиницу>({_NUMBER})</ЦенаЗаЕдиницу>{_SPACE}"
    f"(?:<Валюта>{_SPACE}({_TOKEN}){_SPACE}</Валюта>{_SPACE})?"
    f"(?:<Единица>{_SPACE}({_TOKEN}){_SPACE}</Единица>{_SPACE})?"
    f"(?:<Коэффициент>({_NUMBER})</Коэффициент>{_SPACE})?"
    "</Цена>"
)
_ATTRIBUTE = r'"([^"<&\s\x00-\x1f\ufffe\uffff]*+)"'
# An attribute of no namespace: a name as XML allows it, without a prefix, and its value.
_NAME = r"[^\W\d][\w.\-]*+"
_ANY_ATTRIBUTE = (
    f'[ \t\r\n]++({_NAME}){_SPACE}={_SPACE}"[^"<&\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]*+"'
)
# A unit's recalculations (`Пересчет`) as 1C writes them, each part of text alone.
_RECALCULATION_PART = f"<(?P<part>Единица|Коэффициент)>{_TEXT}</(?P=part)>{_SPACE}"
_RECALCULATION = f"<Пересчет>{_SPACE}(?:{_RECALCULATION_PART})*</Пересчет>{_SPACE}"
_BASE_UNIT = re.compile(
    f"<БазоваяЕдиница((?:{_ANY_ATTRIBUTE})*){_SPACE}"
    f"(?:/>|>{_TEXT}</БазоваяЕдиница>|>{_SPACE}(?:{_RECALCULATION})+</БазоваяЕдиница>){_SPACE}"
)
_ATTRIBUTE_NAMES = re.compile(_ANY_ATTRIBUTE)
_STOCK = (
    f'<Склад[ \t\r\n]++ИдСклада={_ATTRIBUTE}[ \t\r\n]++КоличествоНаСкладе="({_NUMBER})"{_SPACE}/>'
)
_STOCKS = re.compile(f"(?:{_STOCK}{_SPACE})+")
_STOCK_ONE = re.compile(_STOCK)
_REST = re.compile(
    f"<Остаток>{_SPACE}<Склад>{_SPACE}<Ид>{_SPACE}({_TOKEN}){_SPACE}</Ид>{_SPACE}"
    f"<Количество>({_NUMBER})</Количество>{_SPACE}</Склад>{_SPACE}</Остаток>"
)
_SPACES = re.compile(_SPACE)
# The parts that are lists, by name: the start tag with the space after it, the end tag.
_LISTS = {
    name: (re.compile(f"<{name}>{_SPACE}"), f"</{name}>")
    for name in ("Цены", "Остатки", "ХарактеристикиТовара")
}
_CHARACTERISTIC = re.compile(
    f"<ХарактеристикаТовара>{_SPACE}<Наименование>({_TEXT})</Наименование>{_SPACE}"
    f"<Значение>({_TEXT})</Значение>{_SPACE}</ХарактеристикаТовара>"
)


@dataclass(frozen=True, slots=True)
class PlainOffer:
    """What an offer's bytes say, as `offer_build` would read it; `stocks` None when the
    offer sends no per-warehouse stock."""

    article: str
    name: str
    version: str
    prices: Prices | None
    stocks: tuple[StockRecord, ...] | None
    total_quantity: Decimal | None
    characteristics: tuple[tuple[str, str], ...]
    # Whether it has a `ХарактеристикиТовара` part, empty or not.
    characterised: bool


class _NotPlain(Exception):
    """The offer is not written in the plain forms: lxml reads it."""


def offer_plain(span: bytes, encoding: str) -> PlainOffer | None:
    """The offer whose lines are `span`, read from its bytes; None where it is not written
    plainly."""
    try:
        text = span.decode(encoding)
    except UnicodeDecodeError:
        return None
    if "]]>" in text:
        return None
    try:
        return _Parts(text).read()
    except _NotPlain:
        return None


class _Parts:
    """One offer's parts, read from its text in turn."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.seen: set[str] = set()
        self.texts: dict[str, str] = {}
        self.prices: Prices | None = None
        self.stocks: tuple[StockRecord, ...] | None = None
        self.total: Decimal | None = None
        self.characteristics: tuple[tuple[str, str], ...] = ()

    def read(self) -> PlainOffer:
        text = self.text
        start = _START.match(text)
        if start is None:
            raise _NotPlain
        at = start.end()
        while _END.fullmatch(text, at) is None:
            at = self._part(at)
        texts = self.texts
        return PlainOffer(
            article=texts.get("Артикул", ""),
            name=texts.get("Наименование", ""),
            version=texts.get("НомерВерсии", ""),
            prices=self.prices,
            stocks=self.stocks,
            total_quantity=self.total,
            characteristics=self.characteristics,
            characterised="ХарактеристикиТовара" in self.seen,
        )

    def _part(self, at: int) -> int:
        """Reads the part at `at`; returns where the next one starts."""
        tag = _TAG.match(self.text, at)
        if tag is None:
            raise _NotPlain
        name = tag[1]
        if name in self.seen:
            raise _NotPlain
        if name != "Склад":
            self.seen.add(name)
        reader = _READERS.get(name)
        if reader is None:
            raise _NotPlain
        return reader(self, at)

    def _simple(self, at: int) -> int:
        found = _matched(_SIMPLE, self.text, at)
        self.texts[found[1]] = (found[2] or "").strip()
        return found.end()

    def _not_deleted(self, at: int) -> int:
        return _matched(_NOT_DELETED, self.text, at).end()

    def _base_unit(self, at: int) -> int:
        """`БазоваяЕдиница`, which an offer's record leaves out (its product's unit comes
        from the catalog), checked only for being well-formed: no attribute twice."""
        found = _matched(_BASE_UNIT, self.text, at)
        names = _ATTRIBUTE_NAMES.findall(found[1])
        if len(set(names)) != len(names):
            raise _NotPlain
        return found.end()

    def _total(self, at: int) -> int:
        found = _matched(_TOTAL, self.text, at)
        self.total = Decimal(found[1])
        return found.end()

    def _prices(self, at: int) -> int:
        found, after = _listed("Цены", _PRICE, self.text, at)
        step = _PRICE.groups
        count = len(found) // step
        self.prices = Prices(
            list(map(intern, found[0::step])),
            found[1::step],
            _filled(found[2::step], count, intern),
            _filled(found[3::step], count, intern),
            _filled(found[4::step], count, str),
        )
        return after

    def _warehouses(self, at: int) -> int:
        run = _matched(_STOCKS, self.text, at)
        warehouse_ids, quantities = zip(*_STOCK_ONE.findall(self.text, at, run.end()), strict=True)
        self._stocks_add(warehouse_ids, quantities)
        return run.end()

    def _rests(self, at: int) -> int:
        found, after = _listed("Остатки", _REST, self.text, at)
        self._stocks_add(found[0::2], found[1::2])
        return after

    def _characteristics(self, at: int) -> int:
        found, after = _listed("ХарактеристикиТовара", _CHARACTERISTIC, self.text, at)
        self.characteristics = tuple(
            (name.strip(), value.strip())
            for name, value in zip(found[0::2], found[1::2], strict=True)
        )
        return after

    def _stocks_add(self, warehouse_ids: Sequence[str], quantities: Sequence[str]) -> None:
        made = stock_records(map(intern, warehouse_ids), quantities)
        self.stocks = made if self.stocks is None else self.stocks + made


_READERS = {
    "Ид": _Parts._simple,
    "НомерВерсии": _Parts._simple,
    "Артикул": _Parts._simple,
    "Наименование": _Parts._simple,
    "ПометкаУдаления": _Parts._not_deleted,
    "БазоваяЕдиница": _Parts._base_unit,
    "Количество": _Parts._total,
    "Цены": _Parts._prices,
    "Склад": _Parts._warehouses,
    "Остатки": _Parts._rests,
    "ХарактеристикиТовара": _Parts._characteristics,
}


def _matched(pattern: re.Pattern[str], text: str, at: int) -> re.Match[str]:
    found = pattern.match(text, at)
    if found is None:
        raise _NotPlain
    return found


def _listed(name: str, element: re.Pattern[str], text: str, at: int) -> tuple[list, int]:
    """The groups of `element` in each child of the list part `name` at `at`, one after
    another, and where the part after the list starts. The children must follow each other
    with nothing but white space between them: a split leaves that between every element's
    groups, so it is checked in one join rather than match by match."""
    start, end = _LISTS[name]
    opened = _matched(start, text, at)
    closing = text.find(end, opened.end())
    if closing < 0:
        raise _NotPlain
    pieces = element.split(text[opened.end() : closing])
    step = element.groups + 1
    if "".join(pieces[::step]).strip(" \t\r\n"):
        raise _NotPlain
    del pieces[::step]
    after = _SPACES.match(text, closing + len(end))
    assert after is not None  # it matches nothing as well
    return pieces, after.end()


def _filled(column: list, count: int, make) -> list[str]:
    """A column of an optional part: "" where a price does not send it."""
    if column.count(None) == count:
        return [""] * count
    return [make(value) if value is not None else "" for value in column]
