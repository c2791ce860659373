"""Resolutions of one claim line at the same moment, on SQLite and on PostgreSQL: the claim
line's row lock lets through only what was claimed and what the line is worth, so a line
is never paid twice."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.db.models import Q, Sum

from okno.core.actor import actor_for_user
from okno.core.errors import DomainError
from okno.core.testing.world import build_world
from okno.desk.defaults import desk_defaults_ensure
from okno.desk.models import ClaimResolution
from okno.desk.services import ResolutionIn, claim_resolution_add
from okno.desk.tests.helpers import claim_on, shipped_order
from okno.finance.models import LedgerEntry

pytestmark = pytest.mark.django_db(transaction=True)


def _race(kind: str, quantity: str, amount: str | None) -> tuple[list[str], object]:
    """Six operators' requests at once on a claim of 4 units at 100,00 ₽."""
    desk_defaults_ensure()
    world = build_world()
    order, shipment = shipped_order(
        legal_entity=world.entity_a1, contract=world.contract_a1, lines=[("100.00", "5")]
    )
    claim = claim_on(world.a_admin, order, shipment, "4")
    line = claim.claim_lines.get()
    actor = actor_for_user(world.operator)
    outcomes: list[str] = []
    start = threading.Barrier(6)

    def resolve() -> None:
        start.wait()
        try:
            claim_resolution_add(
                actor=actor,
                appeal=claim,
                data=ResolutionIn(
                    claim_line_id=line.pk, kind=kind, quantity=quantity, amount=amount
                ),
            )
            outcomes.append("ok")
        except DomainError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=resolve) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, line


def test_concurrent_resolutions_never_resolve_more_than_was_claimed():
    outcomes, line = _race("credit_note", "1", None)
    assert outcomes.count("ok") == 4, (connection.vendor, outcomes)
    assert outcomes.count("refused") == 2
    total = ClaimResolution.objects.filter(claim_line=line).aggregate(q=Sum("quantity"))
    assert total["q"] == Decimal("4")
    credited = LedgerEntry.objects.filter(document__claim_number=line.appeal.number)
    assert credited.aggregate(s=Sum("amount"))["s"] == Decimal("-400.00")


def test_concurrent_payments_never_give_more_than_the_line_is_worth():
    outcomes, line = _race("refund", "0.5", "100.00")
    assert outcomes.count("ok") == 4, (connection.vendor, outcomes)
    assert outcomes.count("refused") == 2
    money = ClaimResolution.objects.filter(
        Q(kind="refund") | Q(kind="credit_note"), claim_line=line
    ).aggregate(s=Sum("amount"))
    assert money["s"] == Decimal("400.00")
