"""Orders that reached the client (shipped and delivered), files to attach, and short
ways to call the desk's pages and API as a person would."""

from __future__ import annotations

import base64
import datetime
from decimal import Decimal

from django.utils import timezone

from okno.core.actor import actor_for_user
from okno.desk.defaults import desk_defaults_ensure
from okno.desk.models import Appeal, ClaimResolution
from okno.desk.services import (
    AppealIn,
    ClaimLineIn,
    FileIn,
    ResolutionIn,
    appeal_create,
    appeal_move,
    claim_create,
    claim_resolution_add,
)
from okno.orders.models import Order, OrderStatus, Shipment, ShipmentLine, ShipmentStatus
from okno.payments.tests.factories import order_with_lines

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%test\n"


def shipped_order(
    *,
    legal_entity,
    contract,
    lines: list[tuple[str, str]] | None = None,
    days_ago: int = 1,
    status: str = ShipmentStatus.DELIVERED,
) -> tuple[Order, Shipment]:
    """A delivered order whose one shipment carried every line in full, `days_ago` days
    ago."""
    desk_defaults_ensure()
    order = order_with_lines(
        lines or [("100.00", "10"), ("250.00", "4")],
        legal_entity=legal_entity,
        contract=contract,
        status=OrderStatus.DELIVERED,
    )
    shipment = Shipment.objects.create(
        order=order,
        number=f"{order.number}-1",
        date=timezone.localdate() - datetime.timedelta(days=days_ago),
        status=status,
        warehouse=order.warehouse,
        amount=order.total,
    )
    for line in order.lines.all():
        ShipmentLine.objects.create(
            shipment=shipment, order_line=line, quantity_base=line.quantity_base, amount=line.total
        )
        line.shipped = line.quantity_base
        line.save(update_fields=["shipped"])
    return order, shipment


def shipment_rows(shipment: Shipment) -> list[ShipmentLine]:
    return list(shipment.lines.order_by("order_line__position"))


def question(user, **fields):
    """A question filed by a client's person through the service."""
    desk_defaults_ensure()
    data = {"kind": "question", "subject": "Где счёт-фактура?", "text": "Не пришла по заказу."}
    data.update(fields)
    appeal, _created = appeal_create(
        actor=actor_for_user(user), data=AppealIn(**data), channel="portal"
    )
    return appeal


def with_file(user):
    return question(user, files=[FileIn(name="scan.pdf", content=PDF)])


def b64(content: bytes) -> str:
    return base64.b64encode(content).decode()


def claim_body(order, shipment, **fields) -> dict:
    """An API body of a shortage claim on the shipment's first line."""
    first = shipment_rows(shipment)[0]
    body = {
        "kind": "claim",
        "subject": "Недостача",
        "text": "Не хватило коробок.",
        "order_id": order.pk,
        "shipment_id": shipment.pk,
        "lines": [{"shipment_line_id": first.pk, "claim_type": "shortage", "quantity": "2"}],
    }
    body.update(fields)
    return body


def claim_on(user, order, shipment, *quantities: str) -> Appeal:
    """A shortage claim filed by a client's person on the shipment's lines, one quantity
    per line from the first (two units of the first line when none are given)."""
    desk_defaults_ensure()
    rows = shipment_rows(shipment)
    appeal, _created = claim_create(
        actor=actor_for_user(user),
        data=AppealIn(kind="claim", subject="Недостача", text="Не хватило.", order_id=order.pk),
        shipment_id=shipment.pk,
        lines=[
            ClaimLineIn(shipment_line_id=row.pk, claim_type="shortage", quantity=quantity)
            for row, quantity in zip(rows, quantities or ("2",), strict=False)
        ],
        channel="portal",
    )
    return appeal


def resolve(operator, appeal: Appeal, **fields) -> ClaimResolution:
    """A resolution of the claim's first line through the service (a credit note of one
    unit unless told otherwise)."""
    data = {"claim_line_id": appeal.claim_lines.order_by("pk")[0].pk, "kind": "credit_note"}
    data.update({"quantity": "1", **fields})
    return claim_resolution_add(
        actor=actor_for_user(operator), appeal=appeal, data=ResolutionIn(**data)
    )


def finish(operator, appeal: Appeal, to: str = "resolved") -> Appeal:
    return appeal_move(actor=actor_for_user(operator), appeal=appeal, to=to, reason="Решено")


D = Decimal
