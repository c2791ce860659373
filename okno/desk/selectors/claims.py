"""What a claim may be filed on: an order's shipments that left the warehouse, and for each
of their lines how much is shipped, already claimed and still claimable, with the last
day each claim type is on time."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404

from okno.core.actor import Actor
from okno.core.scoping import get_visible_or_404
from okno.desk.models import ClaimTypeRule
from okno.desk.services.claims import CLAIMABLE_SHIPMENTS, claimed_quantities
from okno.desk.services.rules import works_desk
from okno.orders.models import Order, Shipment, ShipmentLine


@dataclass(frozen=True)
class ClaimableLine:
    row: ShipmentLine
    claimed: Decimal

    @property
    def left(self) -> Decimal:
        return max(self.row.quantity_base - self.claimed, Decimal(0))


@dataclass(frozen=True)
class ClaimableShipment:
    shipment: Shipment
    lines: list[ClaimableLine]


def claim_order(*, actor: Actor, order_id: int) -> Order:
    """The order a claim is filed on: a client's person's own (404 for another's); desk
    staff, who take claims by phone for any client, any order."""
    rows = Order.objects.select_related("legal_entity", "client")
    if works_desk(actor):
        found = rows.filter(pk=order_id).first()
        if found is None:
            raise Http404
        return found
    return get_visible_or_404(rows, actor, pk=order_id)


def claimable_shipments(*, order: Order) -> list[ClaimableShipment]:
    """The order's shipped shipments with their lines and what is left to claim on each;
    three queries whatever the number of lines."""
    shipments = list(
        Shipment.objects.filter(order=order, status__in=CLAIMABLE_SHIPMENTS)
        .select_related("warehouse")
        .prefetch_related("lines__order_line__product__base_unit")
        .order_by("date", "pk")
    )
    rows = {row.pk: row for shipment in shipments for row in shipment.lines.all()}
    claimed = claimed_quantities(rows)
    return [
        ClaimableShipment(
            shipment=shipment,
            lines=[
                ClaimableLine(row=row, claimed=claimed.get(row.pk, Decimal(0)))
                for row in sorted(shipment.lines.all(), key=lambda r: r.order_line.position)
            ],
        )
        for shipment in shipments
    ]


def claim_rules() -> dict[str, ClaimTypeRule]:
    return {rule.claim_type: rule for rule in ClaimTypeRule.objects.all()}
