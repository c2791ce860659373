"""Records of `Предложение`: prices per price type and stock in all three forms of real files."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from sys import intern

from lxml import etree

from okno.exchange.cml.catalog import (
    deleted_of,
    element_digest,
    number_of,
    pairs_of,
    parent_of,
    property_values_of,
)
from okno.exchange.cml.locate import Locator
from okno.exchange.cml.records import (
    OfferRecord,
    Position,
    Prices,
    StockRecord,
    new_tuple,
    offer_held,
    stock_records,
)
from okno.exchange.cml.unchanged import LeftOut
from okno.exchange.cml.values import (
    LOCAL_NAMES,
    children_by_name,
    children_named,
    local_name,
    number_parse,
    text_of,
)

ZERO = Decimal(0)

# Whether the catalog already holds an offer's prices and stock as an element with this
# digest sent them: (1C id, the digest if the element has prices, the digest if it has
# stock) → bool; for an element sending neither, also given its digest as that of its
# characteristics (see known.py).
OffersKnown = Callable[..., bool]


def offer_build(
    element: etree._Element,
    *,
    locator: Locator,
    path: str,
    known: OffersKnown | None = None,
    digest: str = "",
) -> OfferRecord:
    """An offer as its file carries it: prices (`Цены`) and stock (`Склад` attributes of
    2.07, `Остатки` of 2.09+ rests, a bare `Количество`), each None when not sent. With
    `known`, the record carries a digest — the one of its bytes given as `digest` (see
    unchanged.py), else the element's — and an offer `known` says is held already comes
    without its prices and stock: reading them costs most of a re-sent file's import."""
    parts: dict[str, etree._Element] = {}
    warehouses = []
    for child in element:
        tag = child.tag
        if tag.__class__ is not str:
            continue  # an unexpanded entity reference
        name = local_name(tag)
        if name == "Склад":
            warehouses.append(child)
        elif name not in parts:
            parts[name] = child
    external_id = text_of(parts.get("Ид"))
    priced = "Цены" in parts
    stocked = bool(warehouses) or "Остатки" in parts or "Количество" in parts
    characterised = "ХарактеристикиТовара" in parts
    if known is None or not (priced or stocked or characterised):
        digest = ""
    else:
        digest = digest or element_digest(element)
        if priced or stocked:
            held = known(external_id, digest if priced else None, digest if stocked else None)
        else:  # the digest of an offer sending neither is its characteristics'
            held = known(external_id, None, None, digest)
        if held:
            return _offer_known(element, parts, external_id, digest, locator, path, stocked)
    prices = None
    if "Цены" in parts:
        prices = _prices_of(parts["Цены"], locator=locator)
    stocks, rest_total = _stocks_of(warehouses, parts, locator=locator)
    total = number_of(locator, parts.get("Количество"))
    return OfferRecord(
        external_id=external_id,
        parent_id=parent_of(external_id),
        article=text_of(parts.get("Артикул")),
        name=text_of(parts.get("Наименование")),
        prices=prices,
        stocks=stocks,
        total_quantity=total if total is not None else rest_total,
        characteristics=tuple(pairs_of(parts.get("ХарактеристикиТовара"), "ХарактеристикаТовара")),
        properties=property_values_of(parts.get("ЗначенияСвойств")),
        version=text_of(parts.get("НомерВерсии")),
        deleted=deleted_of(element, parts),
        position=locator.position(element, path),
        digest=digest,
        stocked=stocked,
    )


def _offer_known(element, parts, external_id, digest, locator: Locator, path: str, stocked: bool):
    return OfferRecord(
        external_id=external_id,
        parent_id=parent_of(external_id),
        article=text_of(parts.get("Артикул")),
        name=text_of(parts.get("Наименование")),
        prices=None,
        stocks=None,
        total_quantity=None,
        characteristics=(),
        properties=(),
        version=text_of(parts.get("НомерВерсии")),
        deleted=deleted_of(element, parts),
        position=locator.position(element, path),
        digest=digest,
        known=True,
        stocked=stocked,
    )


def offer_unchanged(
    external_id: str, digest: str, position: Position, stocked: bool
) -> OfferRecord:
    """An offer left out unread, its prices and stock — or its characteristics — held as
    this digest says (see unchanged.py); never one marked for deletion."""
    return offer_held(external_id, parent_of(external_id), position, digest, stocked)


def offer_of_plain(left_out: LeftOut, position: Position) -> OfferRecord:
    """An offer read from its bytes (see plain.py), as `offer_build` would have read it."""
    plain = left_out.read
    assert plain is not None  # read, not held unchanged
    return OfferRecord(
        external_id=left_out.external_id,
        parent_id=parent_of(left_out.external_id),
        article=plain.article,
        name=plain.name,
        prices=plain.prices,
        stocks=plain.stocks,
        total_quantity=plain.total_quantity,
        characteristics=plain.characteristics,
        properties=(),
        version=plain.version,
        deleted=False,
        position=position,
        digest=left_out.digest,
        stocked=left_out.stocked,
    )


# The parts of a `Цена` read, in the order of the columns of `Prices`; any other part goes
# to the last slot.
_PRICE_PARTS = {"ИдТипаЦены": 0, "ЦенаЗаЕдиницу": 1, "Валюта": 2, "Единица": 3, "Коэффициент": 4}
_OTHER_PART = len(_PRICE_PARTS)
# A price part's slot by its tag as the file writes it (with its namespace).
_PRICE_SLOTS: dict[str, int] = {}
_PRICE_NAMES = tuple(_PRICE_PARTS)
# Where each part is among a price's children (a rest's warehouse's), by the tags of those
# children: a file writes them alike, so this is worked out once.
_PRICE_LAYOUTS: dict[tuple, tuple[int | None, ...]] = {}
_REST_LAYOUTS: dict[tuple, tuple[int | None, ...]] = {}
_REST_NAMES = ("Ид", "Количество")
# A file of prices each written differently does not grow the layouts past this many.
_LAYOUTS_KEPT = 64


def _price_slot(tag: str) -> int:
    slot = _PRICE_PARTS.get(local_name(tag), _OTHER_PART)
    _PRICE_SLOTS[tag] = slot
    return slot


def _prices_of(prices: etree._Element, *, locator: Locator) -> Prices:
    """The `Цена` elements of `Цены`: the quick way when every price is written plainly,
    else by the walk, which also says what is wrong and where."""
    quick = _prices_quick(prices)
    if quick is None:
        return _prices_walked(prices, locator=locator)
    return quick


def _plain(text: str | None) -> bool:
    return text is not None and text.isascii() and text.replace(".", "", 1).isdigit()


def _prices_quick(prices: etree._Element) -> Prices | None:
    """The prices read by where their parts are (`_layout`), their numbers kept as
    the file writes them, and without each price's line; None where any price is not
    plain — a number written otherwise, a structured unit, a price type or a price missing.
    The loop is written out: an offers file holds millions of prices, and this is the
    reader's hottest code."""
    type_ids: list[str] = []
    values: list[str] = []
    currencies: list[str] = []
    units: list[str] = []
    coefficients: list[str] = []
    names = LOCAL_NAMES
    layouts = _PRICE_LAYOUTS
    for price in prices:
        tag = price.tag
        if tag.__class__ is not str or (names.get(tag) or local_name(tag)) != "Цена":
            continue
        parts = list(price)
        tags = tuple([part.tag for part in parts])
        layout = layouts.get(tags) or _layout(tags, _PRICE_NAMES, required=2, kept=layouts)
        if layout is None:
            return None
        type_at, value_at, currency_at, unit_at, coefficient_at = layout
        value = parts[value_at].text  # type: ignore[index]
        if not _plain(value):
            return None
        type_ids.append(intern((parts[type_at].text or "").strip()))  # type: ignore[index]
        values.append(value)  # type: ignore[arg-type]
        currencies.append(
            "" if currency_at is None else intern((parts[currency_at].text or "").strip())
        )
        if unit_at is None:
            units.append("")
        else:
            unit = parts[unit_at]
            if len(unit):
                return None
            units.append(intern((unit.text or "").strip()))
        if coefficient_at is None:
            coefficients.append("")
        else:
            coefficient = parts[coefficient_at].text
            if not _plain(coefficient):
                return None
            coefficients.append(coefficient)  # type: ignore[arg-type]
    return Prices(type_ids, values, currencies, units, coefficients)


def _layout(
    tags: tuple, names: tuple[str, ...], *, required: int, kept: dict
) -> tuple[int | None, ...] | None:
    """Where the first child named each of `names` is among children with these tags;
    None where one of the first `required` is missing or a child is not an element. Kept
    in `kept`, up to `_LAYOUTS_KEPT` of them."""
    where: dict[str, int] = {}
    for index, tag in enumerate(tags):
        if tag.__class__ is not str:
            return None
        where.setdefault(local_name(tag), index)
    layout = tuple(where.get(name) for name in names)
    if None in layout[:required]:
        return None
    if len(kept) < _LAYOUTS_KEPT:
        kept[tags] = layout
    return layout


def _prices_walked(prices: etree._Element, *, locator: Locator) -> Prices:
    """The prices read part by part, each with its line; a price without `ЦенаЗаЕдиницу`
    or with an impossible number fails here, at its node."""
    columns = Prices([], [], [], [], [], [])
    names = LOCAL_NAMES
    for price in prices:
        tag = price.tag
        if tag.__class__ is not str or (names.get(tag) or local_name(tag)) != "Цена":
            continue
        parts: list[etree._Element | None] = [None, None, None, None, None, None]
        for child in price:
            child_tag = child.tag
            if child_tag.__class__ is str:
                slot = _PRICE_SLOTS.get(child_tag)
                if slot is None:
                    slot = _price_slot(child_tag)
                if parts[slot] is None:
                    parts[slot] = child
        type_id, value_part, currency, unit, coefficient_part, _ = parts
        value = _number(locator, value_part)
        if value is None:
            raise locator.error(price, "price without ЦенаЗаЕдиницу")
        coefficient = None if coefficient_part is None else _number(locator, coefficient_part)
        columns.type_ids.append(intern(text_of(type_id)))
        columns.values.append(str(value))
        columns.currencies.append(intern(text_of(currency)))
        columns.units.append("" if unit is None else intern(_unit_name(unit)))
        columns.coefficients.append("" if coefficient is None else str(coefficient))
        columns.lines.append(locator.line(price))  # type: ignore[union-attr]
    return columns


def _number(locator: Locator, element: etree._Element | None) -> Decimal | None:
    """`number_of` with the plain case (`1234.50`) first: most numbers of a file are plain."""
    if element is None:
        return None
    text = element.text
    if text is not None and text.isascii() and text.replace(".", "", 1).isdigit():
        return Decimal(text)
    return number_of(locator, element)


def _unit_name(unit: etree._Element) -> str:
    """A price's `Единица`: its text (short name or code), or the code/short name of a
    structured unit."""
    if len(unit):
        parts = children_by_name(unit)
        return text_of(parts.get("НаименованиеКраткое")) or text_of(parts.get("Код"))
    return text_of(unit)


def _stocks_of(
    warehouses: list[etree._Element], parts: dict[str, etree._Element], *, locator: Locator
) -> tuple[tuple[StockRecord, ...] | None, Decimal | None]:
    """Per-warehouse stock and, from `Остатки/Остаток/Количество`, a total without warehouse."""
    stocks = [_stock_of_attributes(warehouse, locator=locator) for warehouse in warehouses]
    sent = bool(warehouses)
    total = None
    if "Остатки" in parts:
        sent = True
        quick = _rests_quick(parts["Остатки"])
        if quick is not None:
            stocks.extend(quick)
            return tuple(stocks), None
        for rest in children_named(parts["Остатки"], "Остаток"):
            rest_parts = children_by_name(rest)
            for warehouse in children_named(rest, "Склад"):
                warehouse_parts = children_by_name(warehouse)
                quantity = number_of(locator, warehouse_parts.get("Количество"))
                stocks.append(
                    StockRecord(
                        warehouse_id=intern(text_of(warehouse_parts.get("Ид"))),
                        quantity=quantity if quantity is not None else ZERO,
                    )
                )
            if "Количество" in rest_parts:
                total = number_of(locator, rest_parts["Количество"])
    return (tuple(stocks) if sent else None), total


def _rests_quick(rests: etree._Element) -> tuple[StockRecord, ...] | None:
    """2.09+ `Остатки` where each `Остаток` holds one `Склад` with its `Ид` and a plain
    `Количество`, read by where those are (see `_prices_quick`); None otherwise."""
    warehouse_ids: list[str] = []
    quantities: list[str] = []
    names = LOCAL_NAMES
    for rest in rests:
        tag = rest.tag
        if tag.__class__ is not str or (names.get(tag) or local_name(tag)) != "Остаток":
            continue
        if len(rest) != 1:
            return None
        warehouse = rest[0]
        tag = warehouse.tag
        if tag.__class__ is not str or (names.get(tag) or local_name(tag)) != "Склад":
            return None
        parts = list(warehouse)
        tags = tuple([part.tag for part in parts])
        layout = _REST_LAYOUTS.get(tags) or _layout(
            tags, _REST_NAMES, required=2, kept=_REST_LAYOUTS
        )
        if layout is None:
            return None
        id_at, quantity_at = layout
        quantity = parts[quantity_at].text  # type: ignore[index]
        if not _plain(quantity):
            return None
        warehouse_ids.append(intern((parts[id_at].text or "").strip()))  # type: ignore[index]
        quantities.append(quantity)  # type: ignore[arg-type]
    return stock_records(warehouse_ids, quantities)


def _stock_of_attributes(warehouse: etree._Element, *, locator: Locator) -> StockRecord:
    """2.07's `<Склад ИдСклада="…" КоличествоНаСкладе="…"/>`."""
    text = (warehouse.get("КоличествоНаСкладе") or "").strip()
    quantity = ZERO
    if text.isdigit() and text.isascii():
        quantity = Decimal(text)
    elif text:
        try:
            quantity = number_parse(text)
        except ValueError:
            raise locator.error(warehouse, f"impossible number '{text}'") from None
    warehouse_id = intern((warehouse.get("ИдСклада") or "").strip())
    return new_tuple(StockRecord, (warehouse_id, quantity))
