"""One order as its page and the API show it, with what the viewer may do with it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from okno.core.actor import Actor
from okno.core.roles import Perm
from okno.core.scoping import get_visible_or_404
from okno.orders.models import Order, OrderLine, OrderStatus, OrderStatusChange, Shipment
from okno.orders.services.lifecycle import CLIENT_MAY_CANCEL, EDITABLE_BY_MANAGER, STAFF_MAY_CANCEL
from okno.orders.services.merge import RESHAPEABLE
from okno.orders.services.shipments import SHIPPABLE


@dataclass(frozen=True)
class OrderActions:
    """What the viewer may do with the order now; the services check it again."""

    cancel: bool
    approve: bool
    verify: bool
    edit_lines: bool
    repeat: bool
    split: bool
    ship: bool


@dataclass(frozen=True)
class OrderDetail:
    order: Order
    lines: list[OrderLine]
    history: list[OrderStatusChange]
    shipments: list[Shipment]
    actions: OrderActions


def order_get(*, actor: Actor, order_id) -> Order:
    return get_visible_or_404(Order, actor, pk=order_id)


def order_detail(*, actor: Actor, order_id) -> OrderDetail:
    order = get_visible_or_404(
        Order.objects.select_related(
            "legal_entity", "contract", "warehouse", "created_by", "approved_by", "client"
        ),
        actor,
        pk=order_id,
    )
    lines = list(order.lines.select_related("warehouse"))
    history = list(order.history.select_related("user"))
    shipments = list(
        order.shipments.select_related("warehouse").prefetch_related(
            Prefetch("lines", queryset=_shipment_lines())
        )
    )
    return OrderDetail(
        order=order,
        lines=lines,
        history=history,
        shipments=shipments,
        actions=order_actions(actor, order),
    )


def order_actions(actor: Actor, order: Order) -> OrderActions:
    status = order.status
    if actor.is_staff:
        manages = actor.can(Perm.CLIENTS_MANAGE)
        return OrderActions(
            cancel=manages and status in STAFF_MAY_CANCEL,
            approve=False,
            verify=manages and status == OrderStatus.SUBMITTED,
            edit_lines=manages and status in EDITABLE_BY_MANAGER,
            repeat=False,
            split=manages and status in RESHAPEABLE and order.lines_count > 1,
            ship=(manages or actor.can(Perm.EXCHANGE_USE)) and status in SHIPPABLE,
        )
    may_order = actor.can(Perm.ORDER_PLACE)
    return OrderActions(
        cancel=may_order and status in CLIENT_MAY_CANCEL,
        approve=actor.can(Perm.ORDER_APPROVE) and status == OrderStatus.AWAITING_APPROVAL,
        verify=False,
        edit_lines=False,
        repeat=may_order and order.lines_count > 0,
        split=may_order and status in RESHAPEABLE and order.lines_count > 1,
        ship=False,
    )


def _shipment_lines():
    from okno.orders.models import ShipmentLine

    return ShipmentLine.objects.select_related("order_line")
