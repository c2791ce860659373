"""What the shipments API shows: the shipments of the orders the actor sees."""

from __future__ import annotations

from okno.core.actor import Actor
from okno.core.scoping import ScopedQuerySet, get_visible_or_404
from okno.orders.models import Shipment


def shipment_list(
    *, actor: Actor, order_id: int | None = None, status: str | None = None
) -> ScopedQuerySet:
    """Shipments of the actor's orders, the latest date first."""
    return (
        Shipment.objects.visible_to(actor)
        .filter_given(order_id=order_id, status=status)
        .select_related("order", "warehouse")
        .order_by("-date", "-pk")
    )


def shipment_get(*, actor: Actor, shipment_id: int) -> Shipment:
    """A shipment with its lines and their order lines; 404 for another client's."""
    rows = Shipment.objects.select_related("order", "warehouse").prefetch_related(
        "lines__order_line"
    )
    return get_visible_or_404(rows, actor, pk=shipment_id)
