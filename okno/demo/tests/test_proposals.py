"""The demo's commercial proposals: made for «ТехноСнаб» through the services — one
waiting for the client, one accepted into an order, one draft — and not made twice."""

import dataclasses

import pytest

from okno.demo import seed as seed_module
from okno.demo.proposals import demo_proposals_ensure
from okno.demo.seed import seed
from okno.proposals.models import Proposal

pytestmark = pytest.mark.django_db


class _Quiet:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass


def test_the_demo_client_has_proposals_waiting_accepted_and_a_draft(monkeypatch):
    size = dataclasses.replace(
        seed_module.SCALES["small"], clients=4, products=300, orders=40, orders_sqlite=40
    )
    monkeypatch.setitem(seed_module.SCALES, "small", size)
    seed("small", stdout=_Quiet())
    proposals = list(Proposal.objects.select_related("client", "order"))
    assert sorted(proposal.status for proposal in proposals) == ["accepted", "draft", "sent"]
    assert {proposal.client.name for proposal in proposals} == {"ТехноСнаб"}
    accepted = next(proposal for proposal in proposals if proposal.status == "accepted")
    assert accepted.order is not None
    assert accepted.order.total == accepted.total
    demo_proposals_ensure(stdout=_Quiet())
    assert Proposal.objects.count() == 3
