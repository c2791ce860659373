"""What an order's status becomes by a document of 1C, and the moves that take it there.

1C's word is read from the document's flags and requisites: deleted or «Отменен» —
cancelled; «Проведен» — confirmed; «Отгружен» or a shipment number — shipped; a status
id or name (see `statuses.status_of`; «Закрыт» — delivered). Of several, the furthest
counts. The order walks the lifecycle's own moves up to it (`lifecycle.order_move`, each
step in the status history); it never steps back, and a final order stays as it is.
Shipping by 1C's word takes what is left to ship out of the lines' reserves.
"""

from __future__ import annotations

from collections import deque
from decimal import Decimal

from django.db.models import F

from okno.catalog.services.stock import StockRequest, stock_ship
from okno.exchange.cml.records import DocumentRecord
from okno.exchange.sale.statuses import FINAL, RANK, status_of
from okno.orders.models import Order, OrderLine, OrderStatus
from okno.orders.services.lifecycle import NEXT, STAFF_MAY_CANCEL, order_move, release_lines

S = OrderStatus
TRUE = {"true", "да", "1", "истина"}


def is_true(value: str | None) -> bool:
    return (value or "").strip().lower() in TRUE


def status_said(record: DocumentRecord) -> str | None:
    """The status 1C's document puts the order in, or None when it says nothing of it."""
    requisites = record.requisites
    if record.deleted or is_true(requisites.get("Отменен")):
        return S.CANCELLED
    found = [
        status_of(requisites.get("Статуса заказа ИД", "")),
        status_of(requisites.get("Статус заказа", "")),
    ]
    if is_true(requisites.get("Проведен")):
        found.append(S.CONFIRMED)
    if is_true(requisites.get("Отгружен")) or requisites.get("Номер отгрузки по 1С", "").strip():
        found.append(S.SHIPPED)
    said = [status for status in found if status]
    if S.CANCELLED in said:
        return S.CANCELLED
    return max(said, key=RANK.__getitem__) if said else None


def furthest_common(statuses: list[str]) -> str:
    """The status every part of an order has reached (cancelled parts aside; cancelled
    when all are)."""
    alive = [status for status in statuses if status != S.CANCELLED]
    if not alive:
        return S.CANCELLED
    return min(alive, key=RANK.__getitem__)


def order_progress(order: Order, target: str | None, *, note: str) -> str:
    """Move a locked order towards `target`. Returns "" when it moved or had nothing to do,
    else why it could not (the caller reports it)."""
    current = order.status
    if target is None or target == current:
        return ""
    if current in FINAL:
        return f"order {order.number} is {current}, 1C says {target}: kept"
    if target == S.CANCELLED:
        if current not in STAFF_MAY_CANCEL:
            return f"order {order.number} is {current}: cannot be cancelled"
        release_lines(order, list(order.lines.filter(reserved__gt=0)))
        order.cancel_reason = note[:500]
        order.save(update_fields=["cancel_reason", "updated_at"])
        order_move(order, S.CANCELLED, user_id=None, note=note)
        return ""
    if RANK[target] <= RANK[current]:
        return ""  # behind what the order already is: nothing moves back
    if current in (S.DRAFT, S.AWAITING_APPROVAL):
        return f"order {order.number} has not reached the company: kept"
    for step in _path(current, target):
        if step == S.SHIPPED:
            _ship_the_rest(order, reference=note)
        order_move(order, step, user_id=None, note=note)
    return ""


def _path(current: str, target: str) -> list[str]:
    """The shortest chain of the lifecycle's moves from `current` to `target`."""
    came_from: dict[str, str] = {current: ""}
    queue = deque([current])
    while queue:
        status = queue.popleft()
        if status == target:
            break
        for following in sorted(NEXT[status] - {S.CANCELLED}, key=RANK.__getitem__):
            if following not in came_from:
                came_from[following] = status
                queue.append(following)
    path = []
    status = target
    while status != current:
        path.append(status)
        status = came_from[status]
    return path[::-1]


def _ship_the_rest(order: Order, *, reference: str) -> None:
    """1C shipped the order: every line's rest is shipped, out of its reserve."""
    lines = list(
        order.lines.exclude(change=OrderLine.Change.REMOVED).filter(shipped__lt=F("quantity_base"))
    )
    requests = []
    for line in lines:
        from_reserve = min(line.reserved, line.quantity_base - line.shipped)
        if from_reserve > 0:
            requests.append(StockRequest(line.product_id, line.warehouse_id, from_reserve))
        line.reserved -= max(from_reserve, Decimal(0))
        line.shipped = line.quantity_base
    if requests:
        stock_ship(requests, reference=reference[:100])
    OrderLine.objects.bulk_update(lines, ["shipped", "reserved"], batch_size=500)
