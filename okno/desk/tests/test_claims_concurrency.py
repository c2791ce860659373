"""Claims filed at the same moment on one shipment line, on SQLite and on PostgreSQL: the
shipment's row lock lets only as many through as were shipped."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.db.models import Sum

from okno.core.actor import actor_for_user
from okno.core.errors import DomainError
from okno.core.testing.world import build_world
from okno.desk.models import ClaimLine
from okno.desk.services import AppealIn, ClaimLineIn, claim_create
from okno.desk.tests.helpers import shipment_rows, shipped_order

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_claims_never_claim_more_than_was_shipped():
    world = build_world()
    order, shipment = shipped_order(
        legal_entity=world.entity_a1, contract=world.contract_a1, lines=[("100.00", "5")]
    )
    row = shipment_rows(shipment)[0]
    actor = actor_for_user(world.a_admin)
    outcomes: list[str] = []
    start = threading.Barrier(6)

    def claim() -> None:
        start.wait()
        try:
            claim_create(
                actor=actor,
                data=AppealIn(kind="claim", subject="Недостача", text="-", order_id=order.pk),
                shipment_id=shipment.pk,
                lines=[ClaimLineIn(shipment_line_id=row.pk, claim_type="shortage", quantity="2")],
                channel="portal",
            )
            outcomes.append("ok")
        except DomainError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 2, (connection.vendor, outcomes)
    assert outcomes.count("refused") == 4
    claimed = ClaimLine.objects.filter(shipment_line=row).aggregate(total=Sum("quantity"))
    assert claimed["total"] == Decimal("4")
