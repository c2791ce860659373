"""Stock changes: reserving for orders, releasing, shipping, setting from 1C, clearing what
1C no longer offers.

Every change is a conditional `UPDATE … SET free = free - q WHERE free >= q`, which the
database applies atomically per row whatever else runs at the same time: two orders for
the last units cannot both succeed, with no lock held between reading and writing. Each
change writes a `StockMovement`, so every figure has its explanation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.catalog.models import Product, Stock, StockMovement
from okno.core.batches import chunked
from okno.core.bulk import columns_of, db_value
from okno.core.errors import Conflict


@dataclass(frozen=True)
class StockRequest:
    """A quantity (base units) of a product at a warehouse."""

    product_id: int
    warehouse_id: int
    quantity: Decimal


class ShortOfStock(Conflict):
    """Not enough free stock for some lines; `short` lists them."""

    def __init__(self, short: list[StockRequest]):
        super().__init__(
            _("Недостаточно свободного остатка: %(count)s поз.") % {"count": len(short)},
            field="lines",
            code="short_of_stock",
        )
        self.short = short


def stock_reserve(requests: Sequence[StockRequest], *, reference: str) -> None:
    """Move the quantities from free to reserved, all or none; `ShortOfStock` names the lines
    that did not fit."""
    with transaction.atomic():
        merged = _merged(requests)
        moved: set[tuple[int, int]] = set()
        for chunk in chunked(merged, _RESERVE_CHUNK):
            moved |= _reserve_chunk(chunk)
        short = [r for r in merged if (r.product_id, r.warehouse_id) not in moved]
        if short:
            # Leaving the block with the error undoes the lines that did fit.
            raise ShortOfStock(short)
        _record(requests, StockMovement.Reason.RESERVE, reference, free_sign=-1, reserved_sign=1)


def stock_release(requests: Sequence[StockRequest], *, reference: str) -> None:
    """Return reserved quantities to free stock (an order cancelled or a line reduced)."""
    with transaction.atomic():
        for request in _merged(requests):
            _move_reserved(request, free=request.quantity)
        _record(requests, StockMovement.Reason.RELEASE, reference, free_sign=1, reserved_sign=-1)


def stock_ship(requests: Sequence[StockRequest], *, reference: str) -> None:
    """Take shipped quantities out of the reserve."""
    with transaction.atomic():
        for request in _merged(requests):
            _move_reserved(request, free=Decimal(0))
        _record(requests, StockMovement.Reason.SHIPMENT, reference, free_sign=0, reserved_sign=-1)


def stock_unship(requests: Sequence[StockRequest], *, reference: str) -> None:
    """Put shipped quantities back into the reserve: a shipment cancelled before it left."""
    with transaction.atomic():
        for request in _merged(requests):
            if not _move(request, free=Decimal(0), reserved=request.quantity):
                raise Conflict(
                    _("Нет остатков товара %(product)s на складе %(warehouse)s.")
                    % {"product": request.product_id, "warehouse": request.warehouse_id},
                    code="reserve_mismatch",
                )
        _record(requests, StockMovement.Reason.SHIPMENT, reference, free_sign=0, reserved_sign=1)


def stock_set_free(
    product_id: int, warehouse_id: int, free: Decimal, *, reference: str = ""
) -> None:
    """Set the free stock to the figure 1C reports, recording the difference."""
    with transaction.atomic():
        stock, _created = Stock.objects.select_for_update().get_or_create(
            product_id=product_id, warehouse_id=warehouse_id
        )
        change = free - stock.free
        if change:
            stock.free = free
            stock.save(update_fields=["free"])
            StockMovement.objects.create(
                product_id=product_id,
                warehouse_id=warehouse_id,
                reason=StockMovement.Reason.IMPORT,
                free_change=change,
                reference=reference,
            )


def stock_clear(products: QuerySet[Product], *, reference: str) -> int:
    """Take the free stock of `products` to zero at every warehouse, each change with a
    movement (IMPORT): goods 1C no longer offers have none. The reserve stays — placed
    orders hold it until they ship or are cancelled. Set-based, whatever the number of
    rows: the rows are locked first (a no-op UPDATE), so a reservation running meanwhile
    waits and the movements match the figures they explain. Returns how many rows changed."""
    with transaction.atomic():
        rows = Stock.objects.filter(product__in=products.values("pk")).exclude(free=0)
        if not rows.update(free=F("free")):
            return 0
        _movements_to_zero(rows, reference=reference)
        return rows.update(free=0)


def _movements_to_zero(rows: QuerySet[Stock], *, reference: str) -> None:
    """One movement per row of `rows`, taking its free stock to zero: one INSERT … SELECT."""
    selected, params = rows.values("pk").query.sql_with_params()
    stock = connection.ops.quote_name(Stock._meta.db_table)
    movement = connection.ops.quote_name(StockMovement._meta.db_table)
    columns = ", ".join(columns_of(StockMovement, MOVEMENT_FIELDS))
    sql = (
        f"INSERT INTO {movement} ({columns}) "
        f"SELECT product_id, warehouse_id, %s, 0 - free, 0, %s, %s FROM {stock} "
        f"WHERE id IN ({selected})"
    )
    reason = StockMovement.Reason.IMPORT.value
    with connection.cursor() as cursor:
        cursor.execute(sql, [reason, reference, db_value(timezone.now()), *params])


# A movement's columns in the order the bulk writers (the zeroing here, the 1C import and
# the demo loader) give its values.
MOVEMENT_FIELDS = (
    "product",
    "warehouse",
    "reason",
    "free_change",
    "reserved_change",
    "reference",
    "created_at",
)


def _move(request: StockRequest, *, free: Decimal, reserved: Decimal) -> bool:
    """Apply one change if it leaves neither figure negative; False when it would."""
    rows = Stock.objects.filter(product_id=request.product_id, warehouse_id=request.warehouse_id)
    if free < 0:
        rows = rows.filter(free__gte=-free)
    if reserved < 0:
        rows = rows.filter(reserved__gte=-reserved)
    return rows.update(free=F("free") + free, reserved=F("reserved") + reserved) == 1


# Rows of one reserving statement: three parameters each, far below either database's limit.
_RESERVE_CHUNK = 500


def _reserve_chunk(requests: list[StockRequest]) -> set[tuple[int, int]]:
    """Reserve many lines in one statement — each row still changes only if its free stock
    covers the quantity — and answer the (product, warehouse) pairs that were reserved.
    One `UPDATE … FROM` instead of one per line: a 1,000-line order is one round trip."""
    table = Stock._meta.db_table
    values = ", ".join(
        ["(CAST(%s AS BIGINT), CAST(%s AS BIGINT), CAST(%s AS NUMERIC))"] * len(requests)
    )
    sql = (
        f"WITH wanted (product_id, warehouse_id, quantity) AS (VALUES {values}) "
        f"UPDATE {table} SET free = {table}.free - wanted.quantity, "
        f"reserved = {table}.reserved + wanted.quantity FROM wanted "
        f"WHERE {table}.product_id = wanted.product_id "
        f"AND {table}.warehouse_id = wanted.warehouse_id AND {table}.free >= wanted.quantity "
        f"RETURNING {table}.product_id, {table}.warehouse_id"
    )
    params = [value for r in requests for value in (r.product_id, r.warehouse_id, r.quantity)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(product_id, warehouse_id) for product_id, warehouse_id in cursor.fetchall()}


def _move_reserved(request: StockRequest, *, free: Decimal) -> None:
    """Take a quantity out of the reserve (to free stock or out of the warehouse); a reserve
    smaller than that means the order and the stock disagree, which must not pass silently."""
    if not _move(request, free=free, reserved=-request.quantity):
        raise Conflict(
            _(
                "Резерв товара меньше снимаемого количества "
                "(товар %(product)s, склад %(warehouse)s)."
            )
            % {"product": request.product_id, "warehouse": request.warehouse_id},
            code="reserve_mismatch",
        )


def _merged(requests: Iterable[StockRequest]) -> list[StockRequest]:
    """One request per product and warehouse, in a fixed order so that two transactions
    touching the same rows take their row locks in the same order and never deadlock."""
    totals: dict[tuple[int, int], Decimal] = {}
    for request in requests:
        key = (request.product_id, request.warehouse_id)
        totals[key] = totals.get(key, Decimal(0)) + request.quantity
    return [StockRequest(p, w, q) for (p, w), q in sorted(totals.items()) if q > 0]


def _record(requests, reason, reference, *, free_sign: int, reserved_sign: int) -> None:
    StockMovement.objects.bulk_create(
        StockMovement(
            product_id=r.product_id,
            warehouse_id=r.warehouse_id,
            reason=reason,
            free_change=r.quantity * free_sign,
            reserved_change=r.quantity * reserved_sign,
            reference=reference,
        )
        for r in _merged(requests)
    )
