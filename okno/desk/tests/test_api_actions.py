"""Moving and resolving an appeal through the API: staff move it as the workflow allows
and name the reason, a client only closes or reopens their own, and resolving a claim
records every line and the status at once or nothing at all."""

from decimal import Decimal

import pytest

from okno.desk.models import AppealStatus, ClaimResolution
from okno.desk.tests.helpers import claim_on, finish, question
from okno.orders.tests.calls import field_of

pytestmark = pytest.mark.django_db
S = AppealStatus


def _status(api, user, appeal, **body):
    return api.as_(user).post(f"/appeals/{appeal.pk}/status", body)


def test_an_operator_moves_an_appeal_naming_the_reason(api, world):
    appeal = question(world.a_admin)
    answer = _status(api, world.operator, appeal, status="in_progress", reason="Взяли в работу")
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "in_progress"
    appeal.refresh_from_db()
    assert appeal.status == S.IN_PROGRESS
    assert appeal.events.filter(reason="Взяли в работу", to_status="in_progress").exists()


def test_a_move_without_a_reason_or_against_the_workflow_is_refused(api, world):
    appeal = question(world.a_admin)
    answer = _status(api, world.operator, appeal, status="in_progress")
    assert answer.status_code == 422
    assert field_of(answer) == "reason"
    answer = _status(api, world.operator, appeal, status="reopened", reason="Снова")
    assert answer.status_code == 409
    appeal.refresh_from_db()
    assert appeal.status == S.NEW


def test_a_client_closes_and_reopens_their_appeal_but_moves_it_no_further(api, world):
    appeal = question(world.a_admin)
    answer = _status(api, world.a_admin, appeal, status="in_progress", reason="Сам")
    assert answer.status_code == 403
    answer = _status(api, world.a_admin, appeal, status="closed", reason="Разобрались")
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "closed"
    answer = _status(api, world.a_admin, appeal, status="reopened", reason="Вопрос остался")
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "reopened"


def test_resolving_a_claim_records_every_line_and_the_status(api, world, delivered):
    order, shipment = delivered
    claim = claim_on(world.a_admin, order, shipment, "4", "2")
    first, second = claim.claim_lines.order_by("pk")
    body = {
        "reason": "Недостача подтверждена",
        "resolutions": [
            {"claim_line_id": first.pk, "kind": "credit_note", "quantity": "4"},
            {"claim_line_id": second.pk, "kind": "refund", "quantity": "2"},
        ],
    }
    answer = api.as_(world.operator).post(f"/appeals/{claim.pk}/resolve", body)
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "resolved"
    amounts = ClaimResolution.objects.filter(claim_line__appeal=claim).values_list("kind", "amount")
    assert sorted(amounts) == [("credit_note", Decimal("400.00")), ("refund", Decimal("500.00"))]


def test_a_claim_left_partly_unresolved_records_nothing(api, world, delivered):
    order, shipment = delivered
    claim = claim_on(world.a_admin, order, shipment, "4", "2")
    first, _second = claim.claim_lines.order_by("pk")
    body = {
        "reason": "Решили",
        "resolutions": [{"claim_line_id": first.pk, "kind": "refund", "quantity": "4"}],
    }
    answer = api.as_(world.operator).post(f"/appeals/{claim.pk}/resolve", body)
    assert answer.status_code == 409
    assert not ClaimResolution.objects.exists()
    claim.refresh_from_db()
    assert claim.status != S.RESOLVED


def test_a_question_is_resolved_with_its_reason_alone(api, world):
    appeal = question(world.a_admin)
    _status(api, world.operator, appeal, status="in_progress", reason="Взяли")
    answer = api.as_(world.operator).post(f"/appeals/{appeal.pk}/resolve", {"reason": "Ответили"})
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "resolved"


def test_a_client_may_not_resolve(api, world):
    appeal = question(world.a_admin)
    answer = api.as_(world.a_admin).post(f"/appeals/{appeal.pk}/resolve", {"reason": "Сам"})
    assert answer.status_code == 403
    appeal.refresh_from_db()
    assert appeal.status == S.NEW


def test_a_finished_appeal_cannot_be_resolved_again(api, world):
    appeal = finish(world.operator, question(world.a_admin))
    logged = appeal.events.count()
    answer = api.as_(world.operator).post(f"/appeals/{appeal.pk}/resolve", {"reason": "Ещё раз"})
    assert answer.status_code == 409
    appeal.refresh_from_db()
    assert (appeal.status, appeal.events.count()) == (S.RESOLVED, logged)
