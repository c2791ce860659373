"""Shipments (отгрузки) of an order: which quantities of which lines leave on which date.

A shipment is recorded by the client's manager or by 1C once the order is checked; a
verified order is confirmed on the way («Подтверждён при отгрузке»). The quantities come
out of the lines' stock reserves at once (a line cannot ship more than it has left to ship,
nor more than its reserve), and the order becomes partly shipped or shipped. A shipment is
planned, picked, shipped, in transit and delivered; until it is shipped it may be
cancelled, which puts its quantities back into the reserve. When every shipment of a
shipped order is delivered, the order is delivered. Locks: the order row, the shipment
row, then stock.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Sum
from django.utils.translation import gettext as _

from okno.catalog.services.stock import StockRequest, stock_ship, stock_unship
from okno.core.actor import Actor
from okno.core.errors import Conflict, InvalidInput
from okno.core.money import format_quantity, to_money
from okno.orders.models import (
    Order,
    OrderLine,
    OrderStatus,
    OrderStatusChange,
    Shipment,
    ShipmentLine,
    ShipmentStatus,
)
from okno.orders.services.lifecycle import order_lock, order_move
from okno.orders.services.notes import order_note
from okno.orders.services.quantities import parse_quantity
from okno.orders.services.rules import require_manager_or_exchange

S = OrderStatus
SS = ShipmentStatus
SHIPPABLE = {S.VERIFIED, S.CONFIRMED, S.PICKING, S.PARTLY_SHIPPED}
NEXT: dict[str, set[str]] = {
    SS.PLANNED: {SS.PICKING, SS.SHIPPED, SS.IN_TRANSIT, SS.DELIVERED, SS.CANCELLED},
    SS.PICKING: {SS.SHIPPED, SS.IN_TRANSIT, SS.DELIVERED, SS.CANCELLED},
    SS.SHIPPED: {SS.IN_TRANSIT, SS.DELIVERED},
    SS.IN_TRANSIT: {SS.DELIVERED},
    SS.DELIVERED: set(),
    SS.CANCELLED: set(),
}
_TEXT_MAX = {"carrier": 200, "tracking_number": 100, "number": 40, "external_id": 80}


def shipment_create(
    *,
    actor: Actor,
    order: Order,
    lines: Sequence[tuple[int, Decimal | str]],
    date: datetime.date,
    carrier: str = "",
    tracking_number: str = "",
    number: str | None = None,
    external_id: str | None = None,
) -> Shipment:
    """Record a shipment of `(order_line_id, quantity in base units)` pairs, all from one
    warehouse. Precondition: `order` was read through `visible_to(actor)` (or is 1C's)."""
    require_manager_or_exchange(actor)
    carrier = _text(carrier, "carrier")
    tracking_number = _text(tracking_number, "tracking_number")
    number = _text(number, "number")
    external_id = _text(external_id, "external_id") or None
    if not lines:
        raise InvalidInput(_("Укажите строки отгрузки."), field="lines")
    with transaction.atomic():
        order = order_lock(order)
        _check_shippable(order, external_id)
        picked = _picked(order, lines)
        warehouse_id = _one_warehouse(picked)
        if order.status == S.VERIFIED:
            order_move(
                order, S.CONFIRMED, user_id=actor.user_id, note=_("Подтверждён при отгрузке")
            )
        shipment = Shipment.objects.create(
            order=order,
            number=number or f"{order.number}-{order.shipments.count() + 1}",
            date=date,
            warehouse_id=warehouse_id,
            carrier=carrier,
            tracking_number=tracking_number,
            external_id=external_id,
        )
        _ship(order, shipment, picked)
        _after_shipping(order, user_id=actor.user_id)
    return shipment


def shipment_set_status(*, actor: Actor, shipment: Shipment, status: str) -> Shipment:
    """Move a shipment on (picking, shipped, in transit, delivered) or cancel it before it
    is shipped. Setting the status it already has changes nothing, so 1C may repeat itself.
    Precondition: `shipment` was read through `visible_to(actor)` (or is 1C's)."""
    require_manager_or_exchange(actor)
    if status not in SS.values:
        raise InvalidInput(_("Нет такого статуса отгрузки."), field="status")
    with transaction.atomic():
        order = order_lock(shipment.order)
        shipment = Shipment.objects.select_for_update().get(pk=shipment.pk)
        if shipment.status == status:
            return shipment
        if status not in NEXT[shipment.status]:
            raise Conflict(
                _("Отгрузку в статусе «%(status)s» нельзя перевести в «%(to)s».")
                % {"status": shipment.get_status_display(), "to": SS(status).label},
                field="status",
                code="wrong_status",
            )
        if status == SS.CANCELLED:
            _unship(order, shipment, user_id=actor.user_id)
        shipment.status = status
        shipment.save(update_fields=["status", "updated_at"])
        if status == SS.DELIVERED:
            _deliver_when_all_delivered(order, user_id=actor.user_id)
    return shipment


# --- creating -----------------------------------------------------------------------------


def _check_shippable(order: Order, external_id: str | None) -> None:
    if order.status not in SHIPPABLE:
        raise Conflict(
            _("Заказ в статусе «%(status)s» отгрузить нельзя.")
            % {"status": order.get_status_display()},
            field="status",
            code="wrong_status",
        )
    if external_id and Shipment.objects.filter(external_id=external_id).exists():
        raise Conflict(
            _("Отгрузка с таким ид в 1С уже есть."), field="external_id", code="duplicate"
        )


def _text(value: str | None, field: str) -> str:
    text = (value or "").strip()
    if len(text) > _TEXT_MAX[field]:
        raise InvalidInput(
            _("Не длиннее %(max_length)s символов.") % {"max_length": _TEXT_MAX[field]},
            field=field,
        )
    return text


def _picked(
    order: Order, wanted: Sequence[tuple[int, Decimal | str]]
) -> list[tuple[OrderLine, Decimal]]:
    """The order's lines with the quantities to ship, each checked against what is left to
    ship and against its reserve; a refusal names the article and the item."""
    lines = {line.pk: line for line in order.lines.select_related("product__base_unit")}
    picked: dict[int, tuple[OrderLine, Decimal]] = {}
    for index, (line_id, raw) in enumerate(wanted):
        where = f"lines.{index}"
        line = lines.get(line_id)
        if line is None or line_id in picked:
            message = (
                _("Такой строки в заказе нет.") if line is None else _("Строка указана дважды.")
            )
            raise InvalidInput(message, field=f"{where}.order_line_id", code="unknown")
        quantity = parse_quantity(raw, field=f"{where}.quantity_base")
        unit = line.product.base_unit.short_name
        left = Decimal(0) if line.is_removed else line.quantity_base - line.shipped
        if quantity > left:
            raise InvalidInput(
                _("%(article)s: отгрузить можно не больше %(left)s %(unit)s.")
                % {"article": line.article, "left": format_quantity(left), "unit": unit},
                field=f"{where}.quantity_base",
                code="too_much",
            )
        if quantity > line.reserved:
            raise Conflict(
                _("%(article)s: в резерве %(reserved)s %(unit)s, отгрузить больше нельзя.")
                % {
                    "article": line.article,
                    "reserved": format_quantity(line.reserved),
                    "unit": unit,
                },
                field=f"{where}.quantity_base",
                code="beyond_reserve",
            )
        picked[line_id] = (line, quantity)
    return list(picked.values())


def _one_warehouse(picked: list[tuple[OrderLine, Decimal]]) -> int:
    warehouses = {line.warehouse_id for line, _quantity in picked}
    if len(warehouses) > 1:
        raise InvalidInput(
            _("Одна отгрузка — с одного склада: разделите строки по складам."),
            field="lines",
            code="several_warehouses",
        )
    return warehouses.pop()


def _ship(order: Order, shipment: Shipment, picked: list[tuple[OrderLine, Decimal]]) -> None:
    """Take the quantities out of the reserve and write the shipment's lines with their
    share of each line's money."""
    stock_ship(
        [StockRequest(line.product_id, line.warehouse_id, quantity) for line, quantity in picked],
        reference=shipment.number,
    )
    already = _amounts_shipped([line.pk for line, _quantity in picked])
    rows = []
    for line, quantity in picked:
        rows.append(
            ShipmentLine(
                shipment=shipment,
                order_line=line,
                quantity_base=quantity,
                amount=_share(line, quantity, already.get(line.pk, Decimal(0))),
            )
        )
        line.shipped += quantity
        line.reserved -= quantity
    ShipmentLine.objects.bulk_create(rows)
    OrderLine.objects.bulk_update([line for line, _q in picked], ["shipped", "reserved"])
    shipment.amount = sum((row.amount for row in rows), Decimal(0))
    shipment.save(update_fields=["amount", "updated_at"])


def _amounts_shipped(line_ids: list[int]) -> dict[int, Decimal]:
    rows = (
        ShipmentLine.objects.filter(order_line_id__in=line_ids)
        .exclude(shipment__status=SS.CANCELLED)
        .values("order_line_id")
        .annotate(amount=Sum("amount"))
    )
    return {row["order_line_id"]: row["amount"] for row in rows}


def _share(line: OrderLine, quantity: Decimal, already: Decimal) -> Decimal:
    """The line's money pro rata; the shipment that ships the line's last units takes what
    is left, so a line's shipments add up to its total exactly."""
    if line.shipped + quantity == line.quantity_base:
        return line.total - already
    return to_money(line.total * quantity / line.quantity_base)


def _after_shipping(order: Order, *, user_id: int | None) -> None:
    to = S.SHIPPED if _all_shipped(order) else S.PARTLY_SHIPPED
    if order.status != to:
        order_move(order, to, user_id=user_id)


def _all_shipped(order: Order) -> bool:
    rest = order.lines.exclude(change=OrderLine.Change.REMOVED).filter(
        shipped__lt=F("quantity_base")
    )
    return not rest.exists()


# --- status -------------------------------------------------------------------------------


def _unship(order: Order, shipment: Shipment, *, user_id: int | None) -> None:
    """Put a cancelled shipment's quantities back into the lines' reserves, and step the
    order back to partly shipped (or confirmed, when nothing is shipped any more)."""
    rows = list(shipment.lines.select_related("order_line"))
    stock_unship(
        [
            StockRequest(row.order_line.product_id, row.order_line.warehouse_id, row.quantity_base)
            for row in rows
        ],
        reference=shipment.number,
    )
    for row in rows:
        row.order_line.shipped -= row.quantity_base
        row.order_line.reserved += row.quantity_base
    OrderLine.objects.bulk_update([row.order_line for row in rows], ["shipped", "reserved"])
    note = _("Отгрузка %(number)s отменена") % {"number": shipment.number}
    if order.status not in (S.SHIPPED, S.PARTLY_SHIPPED):
        order_note(order, user_id=user_id, note=note)
        return
    to = S.PARTLY_SHIPPED if order.lines.filter(shipped__gt=0).exists() else S.CONFIRMED
    if to == order.status:
        order_note(order, user_id=user_id, note=note)
        return
    # The one way back in the lifecycle, so it is not among lifecycle.NEXT's moves.
    OrderStatusChange.objects.create(
        order=order, from_status=order.status, to_status=to, user_id=user_id, note=note
    )
    order.status = to
    order.save(update_fields=["status", "updated_at"])


def _deliver_when_all_delivered(order: Order, *, user_id: int | None) -> None:
    if order.status != S.SHIPPED:
        return
    waiting = order.shipments.exclude(status__in=[SS.DELIVERED, SS.CANCELLED])
    if not waiting.exists():
        order_move(order, S.DELIVERED, user_id=user_id)
