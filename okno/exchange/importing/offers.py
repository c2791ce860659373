"""Offers into prices and stock, a batch at a time.

An offer names its product by 1C id. A product the catalog does not have yet is made from
the offer: a variant (`guid#guid`) of a known product takes that product's group, brand,
unit and VAT rate; older exchanges define variants only here. The prices and the stock of
an offer each have a digest stored on the product, so a re-sent file skips what has not
changed; of what has, only the rows that differ are written, and every changed stock
figure gets a `StockMovement` (reason IMPORT).

Stock: 1C sends the free stock of its warehouse. Orders placed on the portal reserve stock
when they reach the company, before 1C knows them, so the figure 1C sends still includes
them: free stock is 1C's figure less what the portal holds reserved, never below zero. It
errs on the safe side — an order 1C has already reserved is counted twice until it ships
or is cancelled and its reserve is released — because selling stock that is not there
costs more than showing a little less of it. The subtraction happens in the database, in
the same statement that writes the figure, so an order reserving meanwhile is never lost.

A full offers file (`СодержитТолькоИзменения` false) that carries stock says that the 1C
products it does not offer have none: at its end their free stock goes to zero, with
movements, in a few statements (`stock_clear`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from datetime import datetime
from decimal import Decimal
from itertools import compress, repeat

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from okno.catalog.models import Price, Product, ProductExchangeMark, Stock, StockMovement
from okno.catalog.services.stock import MOVEMENT_FIELDS, stock_clear
from okno.core.bulk import (
    copy_escaped,
    rows_insert,
    rows_select,
    rows_update,
    rows_upsert,
    text_copy,
)
from okno.exchange.cml.records import (
    ONE,
    CmlError,
    OfferRecord,
    Prices,
    coefficient_of,
    price_position,
)
from okno.exchange.importing.counts import Counts, digest
from okno.exchange.importing.lookups import Lookups
from okno.exchange.importing.marks import OFFERS_MARK, named_again, offers_held, offers_mark
from okno.exchange.importing.offer_products import products_from_offers

MAX_PRICE = Decimal("1e12")
ZERO = Decimal(0)
CENT = Decimal("0.01")
# The movements an import copies take their moment from the database's default (see
# `StockMovement.created_at`).
IMPORT_MOVEMENT_FIELDS = tuple(field for field in MOVEMENT_FIELDS if field != "created_at")


def offers_write(
    records: Sequence[OfferRecord],
    *,
    lookups: Lookups,
    counts: Counts,
    stamp: datetime,
    file_name: str,
) -> None:
    """Write a batch of offers' prices and stock; an unknown price type or warehouse, an
    impossible price or a duplicate offer fails the import."""
    mark = stamp + OFFERS_MARK
    stored = offers_held([r.external_id for r in records], mark=mark)
    missing = [r for r in records if r.external_id not in stored]
    for record in missing:
        if record.known:
            # Read as held at the start of the file, gone since: its data was not read.
            raise CmlError(
                record.position,
                f"product '{record.external_id}' was deleted during the import; "
                "send the file again",
            )
    created = {r.external_id for r in missing}
    if missing:
        stored.update(products_from_offers(missing, lookups=lookups, counts=counts))
    characteristics = _characteristics_changed(records, stored, created)
    seen: set[str] = set()
    price_changes, stock_changes, marks, renamed = [], [], [], []
    for record in records:
        product_id, held_prices, held_stock, held_characteristics, named = stored[
            record.external_id
        ]
        if record.external_id in seen or named:
            raise CmlError(record.position, f"duplicate offer '{record.external_id}'")
        seen.add(record.external_id)
        prices_hash, stock_hash = held_prices or "", held_stock or ""
        # A left-out offer sends no characteristics: what set them holds.
        characteristics_hash = (
            record.digest if record.characteristics else held_characteristics or ""
        )
        new_prices = _prices_hash(record)
        new_stock = _stock_hash(record)
        changed = product_id in characteristics
        if new_prices is not None and new_prices != prices_hash:
            price_changes.append((product_id, record))
            prices_hash, changed = new_prices, True
        if new_stock is not None and new_stock != stock_hash:
            stock_changes.append((product_id, record))
            stock_hash, changed = new_stock, True
        digests = (prices_hash, stock_hash, characteristics_hash)
        if held_prices is not None and digests == (held_prices, held_stock, held_characteristics):
            renamed.append(product_id)  # its mark holds these digests: the moment alone
        else:
            marks.append((product_id, mark, *digests))
        if record.external_id not in created:
            counts.add("offers", "updated" if changed else "unchanged")
    offers_mark(marks)
    named_again(renamed, moment=mark)
    rows_update(
        Product,
        key="id",
        fields=["characteristics", "updated_at"],
        rows=[(pk, pairs, timezone.now()) for pk, pairs in characteristics.items()],
    )
    _deleted_archive(records, stored, counts=counts)
    _prices_write(price_changes, lookups=lookups, counts=counts)
    _stock_write(stock_changes, lookups=lookups, counts=counts, file_name=file_name)


def stock_clear_unoffered(*, offered_at: datetime, file_name: str) -> int:
    """Zero the stock of the 1C products a full offers file did not offer — named by no
    offer since `offered_at`, the file's offers mark — and forget their stock digests, so
    that an offer bringing the same stock back is written, not skipped as unchanged.
    Returns how many stock rows changed."""
    unoffered = Product.objects.filter(external_id__isnull=False).filter(
        Q(exchange_mark__isnull=True) | Q(exchange_mark__exchanged_at__lt=offered_at)
    )
    zeroed = stock_clear(unoffered, reference=file_name[:100])
    ProductExchangeMark.objects.filter(
        exchanged_at__lt=offered_at, product__external_id__isnull=False
    ).exclude(stock_hash="").update(stock_hash="")
    return zeroed


def _characteristics_changed(records, stored, created: set[str]) -> dict[int, list]:
    """The characteristic values (`ХарактеристикиТовара`) of stored products whose offers
    send other ones, by product id; a product an offer creates gets them on creation."""
    sent = {
        stored[r.external_id][0]: [list(pair) for pair in r.characteristics]
        for r in records
        if r.characteristics and r.external_id not in created
    }
    if not sent:
        return {}
    current = rows_select(Product, key="id", values=list(sent), fields=["id", "characteristics"])
    held = {pk: json.loads(pairs) if isinstance(pairs, str) else pairs for pk, pairs in current}
    return {pk: pairs for pk, pairs in sent.items() if held.get(pk) != pairs}


def _deleted_archive(records: Sequence[OfferRecord], stored, *, counts: Counts) -> None:
    """An offer 1C marked for deletion (a characteristic of a product deleted in the
    package exchange) archives its product; it is never deleted."""
    gone = [stored[record.external_id][0] for record in records if record.deleted]
    if gone:
        archived = Product.objects.filter(id__in=gone, is_active=True).update(
            is_active=False, updated_at=timezone.now()
        )
        counts.add("offers", "deactivated", archived)


def _prices_write(changes, *, lookups: Lookups, counts: Counts) -> None:
    if not changes:
        return
    lookups.load("price_types")
    current = {
        (product_id, price_type_id): (Decimal(price), unit_id, Decimal(coefficient))
        for product_id, price_type_id, price, unit_id, coefficient in rows_select(
            Price,
            key="product",
            values=sorted({product_id for product_id, _ in changes}),
            fields=["product", "price_type", "price", "unit", "coefficient"],
        )
    }
    units: dict[str, int | None] = {"": None}
    if connection.vendor == "postgresql":
        changes = _prices_copied(changes, current, lookups=lookups, units=units, counts=counts)
    wanted = _prices_wanted(changes, lookups, units)
    now = timezone.now()
    created, updated = [], []
    for key, values in wanted.items():
        stored = current.get(key)
        if stored is None:
            created.append((*key, *values))
        elif stored != (Decimal(values[0]), *values[1:]):
            updated.append((*key, *values, now))
    counts.add("prices", "created", len(created))
    counts.add("prices", "updated", len(updated))
    counts.add("prices", "unchanged", len(wanted) - len(created) - len(updated))
    # New prices take their moment from the database's default (see `Price.updated_at`).
    rows_insert(Price, PRICE_FIELDS, created)
    rows_upsert(
        Price,
        key=["product", "price_type"],
        fields=[*PRICE_FIELDS, "updated_at"],
        rows=updated,
        update=["price", "unit", "coefficient", "updated_at"],
    )


PRICE_FIELDS = ("product", "price_type", "price", "unit", "coefficient")


def _prices_copied(changes, current, *, lookups: Lookups, units, counts: Counts) -> list:
    """PostgreSQL: the prices of offers whose products have none yet — a first import's —
    sent to `COPY` as the text they are where they are plain (see `_plain_columns`): made as
    tuples, keyed and turned back into text, they took three times as long. Returns the
    other changes."""
    priced = {product_id for product_id, _ in current}
    type_texts = {external_id: str(pk) for external_id, pk in lookups.price_types.items()}
    unit_texts = {"": "\\N"}
    pieces, others, copied = [], [], 0
    for product_id, record in changes:
        prices = record.prices
        columns = None
        if product_id not in priced:
            _units_looked_up(prices.units, lookups, units, unit_texts)
            columns = _plain_columns(prices, type_texts, unit_texts)
        if columns is None:
            others.append((product_id, record))
        elif columns[0]:
            count = len(columns[0])
            pieces.append(_lines(repeat(str(product_id), count), *columns, repeat("1", count)))
            copied += count
    text_copy(Price, PRICE_FIELDS, pieces)
    counts.add("prices", "created", copied)
    return others


def _units_looked_up(names: list[str], lookups: Lookups, units, unit_texts) -> None:
    """The ids of the units prices name (see `Lookups.unit_named`), as numbers in `units`
    and as text in `unit_texts`."""
    for name in set(names).difference(unit_texts):
        unit_id = units[name] if name in units else lookups.unit_named(name)
        units[name] = unit_id
        unit_texts[name] = "\\N" if unit_id is None else str(unit_id)


def _lines(*columns) -> str:
    return "\n".join(map("\t".join, zip(*columns, strict=True)))


def _prices_wanted(changes, lookups: Lookups, units) -> dict[tuple[int, int], tuple]:
    """(price, unit, coefficient) by product and price type, checked; a price as the file
    writes it where that is already plain money (see `_offer_prices_plain`)."""
    wanted: dict[tuple[int, int], tuple] = {}
    for product_id, record in changes:
        assert record.prices is not None  # only offers sending prices change them
        plain = _offer_prices_plain(product_id, record.prices, lookups.price_types, units)
        wanted.update(plain or _offer_prices_checked(product_id, record, lookups, units))
    return wanted


# Prices at most a trillion with at most two decimals, one a line: such text is already
# what the price column stores.
_PLAIN_MONEY = re.compile(r"(?:[0-9]{1,12}(?:\.[0-9]{0,2})?\n)*").fullmatch
_PLAIN_COEFFICIENTS = {"", "1"}


def _plain_columns(prices: Prices, price_types, units) -> tuple[list, list, list] | None:
    """The offer's price types, prices and units as the price table's columns: the types
    and units through `price_types` and `units`, the prices as sent. None where a price is
    not that simple: an unknown price type, a unit not looked up yet, a price to round or
    out of range, a coefficient other than 1, a price type named twice — which the checked
    way reads (see `_offer_prices_checked`)."""
    type_ids = list(map(price_types.get, prices.type_ids))
    if None in type_ids or not set(prices.coefficients) <= _PLAIN_COEFFICIENTS:
        return None
    if not _PLAIN_MONEY("\n".join(prices.values) + "\n" if prices.values else ""):
        return None
    unit_ids = list(map(units.get, prices.units, repeat(False)))
    if False in unit_ids or len(set(type_ids)) != len(type_ids):
        return None
    return type_ids, prices.values, unit_ids


def _offer_prices_plain(
    product_id: int, prices: Prices, price_types, units
) -> Iterator[tuple[tuple[int, int], tuple]] | None:
    """The offer's prices keyed by product and price type, made by `map` and `zip` over
    its columns without a step of Python for each price — an offers file holds millions;
    None where they are not plain (see `_plain_columns`)."""
    columns = _plain_columns(prices, price_types, units)
    if columns is None:
        return None
    type_ids, values, unit_ids = columns
    count = len(type_ids)
    keys = zip(repeat(product_id, count), type_ids, strict=True)
    return zip(keys, zip(values, unit_ids, repeat(ONE, count), strict=True), strict=True)


def _offer_prices_checked(product_id: int, record: OfferRecord, lookups: Lookups, units) -> dict:
    """The offer's prices one by one: each checked, rounded to kopecks, its unit looked
    up; a problem fails the import at the price."""
    price_types = lookups.price_types
    prices = record.prices
    assert prices is not None  # only offers sending prices change them
    wanted: dict[tuple[int, int], tuple] = {}
    for index, (type_id, value, unit, coefficient_text) in enumerate(
        zip(prices.type_ids, prices.values, prices.units, prices.coefficients, strict=True)
    ):
        price_type_id = price_types.get(type_id)
        if price_type_id is None:
            raise _price_error(record, prices, index, f"unknown price type '{type_id}'")
        price = Decimal(value)
        if not ZERO <= price < MAX_PRICE:
            raise _price_error(record, prices, index, f"impossible price {price}")
        coefficient = coefficient_of(coefficient_text)
        if coefficient <= ZERO:
            raise _price_error(record, prices, index, f"impossible coefficient {coefficient}")
        unit_id = units.get(unit, -1)
        if unit_id == -1:
            unit_id = units[unit] = lookups.unit_named(unit)
        wanted[(product_id, price_type_id)] = (price.quantize(CENT), unit_id, coefficient)
    return wanted


def _price_error(record: OfferRecord, prices: Prices, index: int, message: str) -> CmlError:
    return CmlError(price_position(record.position, prices[index]), message)


def _stock_write(changes, *, lookups: Lookups, counts: Counts, file_name: str) -> None:
    """Set the stock of each changed offer at each warehouse it names (a bare total: at
    the default warehouse); warehouses of an offer's per-warehouse stock it no longer
    names have none left."""
    if not changes:
        return
    lookups.load("warehouses")
    current = {
        (product_id, warehouse_id): (Decimal(free), Decimal(reserved))
        for product_id, warehouse_id, free, reserved in rows_select(
            Stock,
            key="product",
            values=sorted({product_id for product_id, _ in changes}),
            fields=["product", "warehouse", "free", "reserved"],
        )
    }
    reference = file_name[:100]
    if connection.vendor == "postgresql":
        changes = _stock_copied(changes, current, lookups, counts=counts, reference=reference)
    rows, movements = _stock_rows(
        _stock_wanted(changes, current, lookups), current, counts, reference=reference
    )
    rows_insert(Stock, STOCK_FIELDS, [row for row in rows if (row[0], row[1]) not in current])
    rows_upsert(
        Stock,
        key=["product", "warehouse"],
        fields=STOCK_FIELDS,
        rows=[row for row in rows if (row[0], row[1]) in current],
        update=["free"],
        expressions={
            "free": "CASE WHEN new.free > old.reserved THEN new.free - old.reserved ELSE 0 END"
        },
    )
    rows_insert(StockMovement, IMPORT_MOVEMENT_FIELDS, movements)


STOCK_FIELDS = ("product", "warehouse", "free", "reserved")


def _stock_copied(changes, current, lookups: Lookups, *, counts: Counts, reference: str) -> list:
    """PostgreSQL: the stock of offers whose products have none yet — a first import's —
    and its movements sent to `COPY` as text where the offer is plain (see `_plain_stock`),
    as `_prices_copied` does prices. Returns the other changes."""
    stocked = {product_id for product_id, _ in current}
    warehouse_texts = {external_id: str(pk) for external_id, pk in lookups.warehouses.items()}
    reason = copy_escaped(StockMovement.Reason.IMPORT.value)
    source = copy_escaped(reference)
    rows, movements, others, copied = [], [], [], 0
    for product_id, record in changes:
        columns = None if product_id in stocked else _plain_stock(record, warehouse_texts)
        if columns is None:
            others.append((product_id, record))
            continue
        warehouses, quantities = columns
        count, product = len(warehouses), str(product_id)
        frees = list(map(str, map(max, quantities, repeat(ZERO, count))))
        rows.append(_lines(repeat(product, count), warehouses, frees, repeat("0", count)))
        moved = list(map(ZERO.__lt__, quantities))
        if any(moved):
            moves = moved.count(True)
            movements.append(
                _lines(
                    repeat(product, moves),
                    compress(warehouses, moved),
                    repeat(reason, moves),
                    compress(frees, moved),
                    repeat("0", moves),
                    repeat(source, moves),
                )
            )
        copied += count
    text_copy(Stock, STOCK_FIELDS, rows)
    text_copy(StockMovement, IMPORT_MOVEMENT_FIELDS, movements)
    counts.add("stocks", "created", copied)
    return others


def _plain_stock(record: OfferRecord, warehouse_texts) -> tuple[list, tuple] | None:
    """The offer's warehouses (as text, through `warehouse_texts`) and quantities; None
    where the stock is not plain: a bare total, no stock at all, an unknown warehouse, one
    named twice (whose stock is the sum), an impossible quantity — which the checked way
    reads (see `_stock_wanted`)."""
    if not record.stocks:
        return None
    external_ids, quantities = zip(*record.stocks, strict=True)
    warehouses = list(map(warehouse_texts.get, external_ids))
    if None in warehouses or len(set(warehouses)) != len(warehouses):
        return None
    if max(map(abs, quantities)) >= MAX_PRICE:
        return None
    return warehouses, quantities


def _stock_rows(wanted, current, counts: Counts, *, reference: str) -> tuple[list, list]:
    """The stock rows to write (1C's figure as free; the database takes the reserve off)
    and the movements of the free stock they change."""
    rows, movements = [], []
    tally = {"created": 0, "updated": 0, "unchanged": 0}
    reason = StockMovement.Reason.IMPORT.value
    for key, quantity in wanted.items():
        stored = current.get(key)
        if stored is None:
            free, reserved = ZERO, ZERO
            tally["created"] += 1
        else:
            free, reserved = stored
        new_free = quantity - reserved if quantity > reserved else ZERO
        if stored is not None:
            if new_free == free:
                tally["unchanged"] += 1
                continue
            tally["updated"] += 1
        rows.append((*key, quantity if quantity > ZERO else ZERO, ZERO))
        if new_free != free:
            movements.append((*key, reason, new_free - free, 0, reference))
    for outcome, number in tally.items():
        counts.add("stocks", outcome, number)
    return rows, movements


def _stock_wanted(changes, current, lookups: Lookups) -> dict[tuple[int, int], Decimal]:
    stocked: dict[int, list[int]] = {}
    for product_id, warehouse_id in current:
        stocked.setdefault(product_id, []).append(warehouse_id)
    wanted: dict[tuple[int, int], Decimal] = {}
    for product_id, record in changes:
        if record.stocks is None:
            warehouse_id = lookups.default_warehouse()
            wanted[(product_id, warehouse_id)] = record.total_quantity or Decimal(0)
            continue
        for warehouse_id in stocked.get(product_id, ()):
            wanted[(product_id, warehouse_id)] = Decimal(0)
        named: dict[int, Decimal] = {}
        for stock in record.stocks:
            warehouse_id = lookups.warehouses.get(stock.warehouse_id)
            if warehouse_id is None:
                raise CmlError(record.position, f"unknown warehouse '{stock.warehouse_id}'")
            if abs(stock.quantity) >= MAX_PRICE:
                raise CmlError(record.position, f"impossible quantity {stock.quantity}")
            # A warehouse named twice in one offer: its stock is the sum.
            named[warehouse_id] = named.get(warehouse_id, Decimal(0)) + stock.quantity
        for warehouse_id, quantity in named.items():
            wanted[(product_id, warehouse_id)] = quantity
    return wanted


def _prices_hash(record: OfferRecord) -> str | None:
    """The digest stored for the offer's prices: its element's when the reader gave one
    (see known.py), else one of its values."""
    if record.prices is None:
        return None
    if record.digest:
        return record.digest
    return digest(
        [(p.price_type_id, p.price, p.currency, p.unit, p.coefficient) for p in record.prices]
    )


def _stock_hash(record: OfferRecord) -> str | None:
    if record.stocks is None and record.total_quantity is None:
        return None
    if record.digest:
        return record.digest
    return digest(record.stocks, record.total_quantity)
