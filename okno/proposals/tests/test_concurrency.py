"""Two clicks on «accept» at once, on SQLite and on PostgreSQL: one order, and the
proposal accepted once."""

import threading

import pytest
from django.db import connection, connections

from okno.core.actor import actor_for_user
from okno.core.testing.world import build_world
from okno.orders.models import Order
from okno.proposals.models import Proposal, ProposalStatus
from okno.proposals.services import proposal_accept
from okno.proposals.tests.factories import proposal_made

pytestmark = pytest.mark.django_db(transaction=True)


def test_accepted_twice_at_once_makes_one_order():
    world = build_world()
    proposal = proposal_made(world, (("1220.00", "2"), ("10.00", "5")))
    people = [actor_for_user(world.a_admin), actor_for_user(world.a_buyer)] * 2
    start = threading.Barrier(len(people))
    orders: list[int] = []
    failures: list[BaseException] = []

    def accept(actor) -> None:
        start.wait()
        try:
            found = Proposal.objects.get(pk=proposal.pk)
            orders.append(proposal_accept(actor=actor, proposal=found).pk)
        except BaseException as error:  # any failure is the test's to report
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(actor,)) for actor in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [], (connection.vendor, failures)
    order = Order.objects.get()
    assert orders == [order.pk] * len(people)
    proposal.refresh_from_db()
    assert proposal.order == order
    assert proposal.history.filter(to_status=ProposalStatus.ACCEPTED).count() == 1
