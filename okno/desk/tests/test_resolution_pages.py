"""Resolutions on the pages: the operator's form and cancel button on the appeal page, and
what the client reads on their claim page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from okno.core.actor import actor_for_user
from okno.desk.models import ClaimResolution, RejectionReason
from okno.desk.services import claim_resolution_cancel
from okno.desk.tests.helpers import claim_on, resolve
from okno.finance.models import SettlementDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(world, delivered):
    order, shipment = delivered
    return claim_on(world.a_admin, order, shipment, "4", "2")


def _post(client, claim, **data):
    return client.post(reverse("desk:staff_resolve", args=[claim.pk]), data, follow=True)


def test_the_operator_resolves_lines_on_the_appeal_page(client, world, claim):
    first, second = claim.claim_lines.order_by("pk")
    reason = RejectionReason.objects.get(name="Повреждение не подтверждено фотографиями")
    client.force_login(world.operator)
    page = client.get(reverse("desk:staff_appeal", args=[claim.pk])).content.decode()
    assert reverse("desk:staff_resolve", args=[claim.pk]) in page
    assert reason.name in page
    answer = _post(client, claim, claim_line=first.pk, kind="credit_note", quantity="3", amount="")
    assert "Решение записано." in answer.content.decode()
    assert SettlementDocument.objects.get(claim_number=claim.number).amount == 300
    pickup = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    _post(
        client, claim, claim_line=first.pk, kind="return_pickup", quantity="1", pickup_date=pickup
    )
    answer = _post(
        client,
        claim,
        claim_line=second.pk,
        kind="rejection",
        quantity="2",
        rejection_reason=reason.pk,
        comment="На фото упаковка цела",
    )
    body = answer.content.decode()
    assert "Все строки решены" in body
    assert "300,00" in body
    assert reason.name in body
    assert ClaimResolution.objects.count() == 3


def test_a_refused_resolution_is_a_message_and_changes_nothing(client, world, claim):
    first = claim.claim_lines.order_by("pk")[0]
    client.force_login(world.operator)
    answer = _post(client, claim, claim_line=first.pk, kind="refund", quantity="5")
    assert "решить можно не больше 4" in answer.content.decode()
    answer = _post(
        client,
        claim,
        claim_line=first.pk,
        kind="return_pickup",
        quantity="1",
        pickup_date="31.02.2026",
    )
    assert "не распознана" in answer.content.decode()
    assert not ClaimResolution.objects.exists()


def test_the_operator_cancels_a_resolution_naming_why(client, world, claim):
    row = resolve(world.operator, claim, kind="credit_note", quantity="2")
    client.force_login(world.operator)
    url = reverse("desk:staff_resolution_cancel", args=[claim.pk, row.pk])
    assert (
        f'action="{url}"'
        in client.get(reverse("desk:staff_appeal", args=[claim.pk])).content.decode()
    )
    answer = client.post(url, {"reason": "Клиент передумал"}, follow=True)
    assert "Решение отменено." in answer.content.decode()
    assert ClaimResolution.objects.get(reverses=row).comment == "Клиент передумал"
    assert SettlementDocument.objects.get(claim_number=claim.number).is_deleted


def test_a_client_may_not_resolve_from_the_staff_pages(client, world, claim):
    first = claim.claim_lines.order_by("pk")[0]
    client.force_login(world.a_admin)
    answer = client.post(
        reverse("desk:staff_resolve", args=[claim.pk]),
        {"claim_line": first.pk, "kind": "refund", "quantity": "1"},
    )
    assert answer.status_code == 403
    assert not ClaimResolution.objects.exists()


def test_the_client_sees_each_lines_decision_with_amounts(client, world, claim):
    resolve(world.operator, claim, kind="credit_note", quantity="3")
    cancelled = resolve(world.operator, claim, kind="refund", quantity="1", amount="55.55")
    claim_resolution_cancel(
        actor=actor_for_user(world.operator),
        appeal=claim,
        resolution_id=cancelled.pk,
        reason="Ошибка оператора",
    )
    client.force_login(world.a_admin)
    page = client.get(reverse("desk:appeal", args=[claim.pk])).content.decode()
    assert "Кредит-нота: 3" in page
    assert "300,00" in page
    assert "55,55" not in page.split("Переписка")[0]  # a cancelled decision is not listed
    assert "Ещё не решено" in page  # the second line
    log = page.split("Переписка")[1]  # the log says what was decided and what was undone
    assert "Решение: " in log
    assert "кредит-нота, 3" in log
    assert "Причина отмены: Ошибка оператора" in log
    assert reverse("desk:staff_resolve", args=[claim.pk]) not in page
