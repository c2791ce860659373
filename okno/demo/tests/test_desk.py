"""The demo's appeals and claims: made on the demo clients' delivered orders through the
desk's services, in several statuses, some resolved and rated, and not made twice."""

import dataclasses

import pytest

from okno.demo import seed as seed_module
from okno.demo.desk import demo_desk_ensure
from okno.demo.seed import seed
from okno.desk.models import (
    Appeal,
    AssignmentRule,
    ClaimLine,
    ClaimResolution,
    OperatorAvailability,
    SavedView,
)

pytestmark = pytest.mark.django_db


class _Quiet:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass


def test_the_demo_has_a_dozen_appeals_and_claims_in_various_states(monkeypatch):
    size = dataclasses.replace(
        seed_module.SCALES["small"], clients=4, products=300, orders=40, orders_sqlite=40
    )
    monkeypatch.setitem(seed_module.SCALES, "small", size)
    seed("small", stdout=_Quiet())
    appeals = list(Appeal.objects.select_related("kind", "order"))
    assert len(appeals) >= 12
    assert {appeal.status for appeal in appeals} >= {
        "new",
        "in_progress",
        "awaiting_client",
        "resolved",
        "closed",
    }
    assert {appeal.channel for appeal in appeals} == {"portal", "phone"}
    claims = [appeal for appeal in appeals if appeal.kind.is_claim]
    assert len(claims) >= 4
    for claim in claims:
        assert claim.order.status == "delivered"
        assert claim.number.startswith("ПР-")
    assert ClaimLine.objects.count() == len(claims)
    assert any(claim.late for claim in claims)
    # Some claims are resolved line by line with mixed resolutions and rated by the client.
    rated = [claim for claim in claims if claim.csat_score is not None]
    assert len(rated) >= 2
    assert all(claim.status == "resolved" for claim in rated)
    kinds = set(ClaimResolution.objects.values_list("kind", flat=True))
    assert kinds >= {"credit_note", "rejection", "refund", "return_pickup"}
    # The queue's views: the supervisor's shared ones and the operator's own.
    views = {view.name: view for view in SavedView.objects.select_related("owner")}
    assert views["Не назначены"].is_shared
    assert views["Мои в работе"].owner.email == "operator@okno.demo"
    # New claims go to the claims team's operator on shift.
    rule = AssignmentRule.objects.select_related("team").get()
    assert (rule.kind.code, rule.team.name) == ("claim", "Претензионный отдел")
    on_shift = OperatorAvailability.objects.filter(state="on_shift")
    assert on_shift.filter(user__email="operator@okno.demo").exists()
    demo_desk_ensure(stdout=_Quiet())
    assert Appeal.objects.count() == len(appeals)
    assert SavedView.objects.count() == len(views)
