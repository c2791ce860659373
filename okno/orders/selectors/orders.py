"""What the orders API shows: the actor's orders filtered simply, and one order with its
lines, history and shipments in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from okno.core.actor import Actor
from okno.core.scoping import ScopedQuerySet, get_visible_or_404
from okno.orders.models import Order, OrderLine, OrderStatusChange, Shipment


@dataclass(frozen=True)
class OrderDetail:
    order: Order
    lines: list[OrderLine]
    history: list[OrderStatusChange]
    shipments: list[Shipment]


def order_list(
    *,
    actor: Actor,
    status: str | None = None,
    legal_entity_id: int | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    search: str = "",
) -> ScopedQuerySet:
    """The orders the actor sees, newest first; `search` is a part of the number and the
    dates are the days (in the company's time zone) the orders were made."""
    rows = (
        Order.objects.visible_to(actor)
        .filter_given(
            status=status,
            legal_entity_id=legal_entity_id,
            created_at__date__gte=date_from,
            created_at__date__lte=date_to,
        )
        .select_related("legal_entity")
    )
    if search:
        rows = rows.filter(number__icontains=search)
    return rows.order_by("-created_at", "-pk")


def order_get(*, actor: Actor, order_id: int) -> Order:
    """An order the actor sees; 404 for any other."""
    return get_visible_or_404(Order, actor, pk=order_id)


def order_detail(*, actor: Actor, order_id: int) -> OrderDetail:
    """The order with its lines, its history (who did what) and its shipments."""
    rows = Order.objects.select_related("legal_entity", "contract", "warehouse")
    order = get_visible_or_404(rows, actor, pk=order_id)
    return OrderDetail(
        order=order,
        lines=list(order.lines.order_by("position", "pk")),
        history=list(order.history.select_related("user").order_by("at", "pk")),
        shipments=list(order.shipments.select_related("warehouse").order_by("date", "pk")),
    )
