"""Merging appeals and splitting claim lines off, from the appeal's page, the queue's bulk
operations and the API: what moves, what is logged on both sides, what is refused (another
client, already merged, finished, a claim on another shipment) with nothing changed."""

import pytest
from django.urls import reverse

from okno.audit.models import AuditEvent
from okno.core.actor import actor_for_user
from okno.core.testing.access import database_fingerprint
from okno.desk.models import Appeal, AppealEvent, AppealSla, ClaimLine, EventKind
from okno.desk.services.merge import appeal_merge
from okno.desk.tests.helpers import claim_on, finish, question, shipped_order

pytestmark = pytest.mark.django_db


def _merge_page(client, appeal, into):
    return client.post(reverse("desk:staff_merge", args=[appeal.pk]), {"into": into})


def test_merging_from_the_page_moves_the_case_and_logs_both(client, world, delivered):
    order, shipment = delivered
    target = claim_on(world.a_admin, order, shipment, "1")
    copy = claim_on(world.a_admin, order, shipment, "1")
    assert copy.duplicate_of == target
    copy.watchers.add(world.admin)
    client.force_login(world.operator)
    client.post(reverse("desk:staff_message", args=[copy.pk]), {"text": "Проверяем склад"})
    answer = _merge_page(client, copy, copy.duplicate_of.number)
    assert answer.status_code == 302
    assert answer["Location"] == reverse("desk:staff_appeal", args=[target.pk])

    copy.refresh_from_db()
    assert (copy.status, copy.merged_into, copy.duplicate_of) == ("merged", target, None)
    assert copy.finished_at is not None
    assert ClaimLine.objects.filter(appeal=target).count() == 2
    assert not ClaimLine.objects.filter(appeal=copy).exists()
    assert world.admin in target.watchers.all()
    merged = AppealEvent.objects.filter(kind=EventKind.MERGED)
    assert set(merged.values_list("appeal_id", "related_appeal_id")) == {
        (copy.pk, target.pk),
        (target.pk, copy.pk),
    }
    status = AppealEvent.objects.get(appeal=copy, kind=EventKind.STATUS, to_status="merged")
    assert target.number in status.reason
    # The SLA's clocks of the merged one stop; the target's are computed again.
    assert AppealSla.objects.get(appeal=copy).due is None
    assert AppealSla.objects.get(appeal=target).computed_at >= status.at

    page = client.get(reverse("desk:staff_appeal", args=[target.pk])).content.decode()
    assert "Проверяем склад" in page
    assert f"из {copy.number}" in page
    assert f"Присоединено обращение {copy.number}" in page
    old = client.get(reverse("desk:staff_appeal", args=[copy.pk])).content.decode()
    assert f"Объединено с {target.number}: переписка продолжается там" in old


def test_the_client_reads_the_merged_appeal_and_writes_to_the_target(client, world):
    target = question(world.a_admin, subject="Счёт")
    copy = question(world.a_admin, subject="Счёт по почте")
    client.force_login(world.operator)
    _merge_page(client, copy, target.pk)
    client.force_login(world.a_admin)
    page = client.get(reverse("desk:appeal", args=[copy.pk])).content.decode()
    assert "Это обращение объединено с" in page
    assert target.number in page
    assert reverse("desk:appeal_reply", args=[copy.pk]) not in page
    # A late answer to the old one (an open tab, a bookmark) lands where the case goes on.
    client.post(reverse("desk:appeal_reply", args=[copy.pk]), {"text": "Ещё одно"})
    assert AppealEvent.objects.get(body="Ещё одно").appeal_id == target.pk


@pytest.mark.parametrize("case", ["other_client", "merged", "finished", "itself", "shipment"])
def test_refused_merges_change_nothing(client, world, delivered, case):
    order, shipment = delivered
    appeal = claim_on(world.a_admin, order, shipment, "1")
    if case == "other_client":
        into = question(world.b_admin)
        expected = "только обращения одного клиента"
    elif case == "merged":
        into = claim_on(world.a_admin, order, shipment, "1")
        elsewhere = claim_on(world.a_admin, order, shipment, "1")
        appeal_merge(actor=actor_for_user(world.operator), appeal=into, into=elsewhere)
        expected = "уже объединено"
    elif case == "finished":
        into = finish(world.operator, question(world.a_admin), to="closed")
        expected = "уже решено или закрыто"
    elif case == "itself":
        into = appeal
        expected = "с самим собой"
    else:
        other_order, other_shipment = shipped_order(
            legal_entity=world.entity_a1, contract=world.contract_a1
        )
        into = claim_on(world.a_admin, other_order, other_shipment, "1")
        expected = "по той же отгрузке"
    client.force_login(world.operator)
    before = database_fingerprint()
    answer = _merge_page(client, appeal, into.number)
    assert answer.status_code == 302
    assert database_fingerprint() == before
    page = client.get(answer["Location"]).content.decode()
    assert expected in page


def test_merging_through_the_api(api, world):
    target = question(world.a_admin, subject="Счёт")
    first = question(world.a_admin, subject="Счёт 2")
    second = question(world.a_admin, subject="Счёт 3")
    api.as_(world.operator)
    answer = api.post(f"/appeals/{target.pk}/merge", {"appeals": [first.pk, second.pk]})
    assert answer.status_code == 200
    body = answer.json()
    assert body["id"] == target.pk
    assert {event["appeal_id"] for event in body["events"]} == {target.pk, first.pk, second.pk}
    assert set(Appeal.objects.filter(merged_into=target).values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
    }
    third = question(world.a_admin, subject="Счёт 4")
    into = api.post(f"/appeals/{third.pk}/merge", {"into": target.pk})
    assert into.status_code == 200
    assert into.json()["id"] == target.pk
    again = api.post(f"/appeals/{third.pk}/merge", {"into": target.pk})
    assert again.status_code == 409
    detail = api.get(f"/appeals/{third.pk}").json()
    assert (detail["status"], detail["merged_into_id"]) == ("merged", target.pk)


def test_the_api_refuses_merges_all_or_nothing(api, world):
    target = question(world.a_admin, subject="Счёт")
    same = question(world.a_admin, subject="Счёт 2")
    others = question(world.b_admin)
    api.as_(world.operator)
    before = database_fingerprint()
    answer = api.post(f"/appeals/{target.pk}/merge", {"appeals": [same.pk, others.pk]})
    assert answer.status_code == 409
    assert database_fingerprint() == before
    neither = api.post(f"/appeals/{target.pk}/merge", {})
    assert neither.status_code == 422
    # A client's person sees their appeals but may not merge them; B's sees neither.
    for user, appeal, status in ((world.a_admin, same, 403), (world.b_admin, same, 404)):
        api.as_(user)
        before = database_fingerprint()
        assert api.post(f"/appeals/{appeal.pk}/merge", {"into": target.pk}).status_code == status
        assert database_fingerprint() == before


def test_merge_in_bulk_with_a_preview(client, world):
    target = question(world.a_admin, subject="Счёт")
    copies = [question(world.a_admin, subject="Счёт 2"), question(world.a_admin, subject="x")]
    foreign = question(world.b_admin)
    chosen = [*copies, foreign, target]
    client.force_login(world.operator)
    data = {"appeal": [a.pk for a in chosen], "operation": "merge", "into": target.number}
    before = database_fingerprint()
    preview = client.post(reverse("desk:bulk"), data).content.decode()
    assert database_fingerprint() == before
    assert f"Объединено с {target.number}" in preview
    assert "только обращения одного клиента" in preview
    assert "с самим собой" in preview
    client.post(reverse("desk:bulk"), {**data, "confirm": "1"})
    merged = Appeal.objects.filter(merged_into=target).values_list("pk", flat=True)
    assert set(merged) == {copy.pk for copy in copies}
    audit = AuditEvent.objects.get(action="desk.bulk")
    assert (audit.changes["done"], audit.changes["refused"]) == (2, 2)


def test_merge_in_bulk_through_the_api(api, world):
    target = question(world.a_admin, subject="Счёт")
    copy = question(world.a_admin, subject="Счёт 2")
    api.as_(world.operator)
    body = {"ids": [copy.pk], "operation": "merge", "into_id": target.pk}
    answer = api.post("/appeals/bulk", body)
    assert answer.status_code == 200
    assert answer.json()["done"] == 1
    copy.refresh_from_db()
    assert copy.merged_into == target
    unknown = api.post("/appeals/bulk", {**body, "into_id": 999999})
    assert unknown.status_code == 422


def test_splitting_lines_off_from_the_page(client, world, delivered):
    order, shipment = delivered
    claim = claim_on(world.a_admin, order, shipment, "1", "1")
    lines = list(claim.claim_lines.order_by("pk"))
    opening = AppealEvent.objects.get(appeal=claim, kind=EventKind.CREATED)
    client.force_login(world.operator)
    page = client.get(reverse("desk:staff_appeal", args=[claim.pk])).content.decode()
    assert "Выделить в отдельное обращение" in page
    answer = client.post(
        reverse("desk:staff_split", args=[claim.pk]),
        {"line": [lines[1].pk], "event": [opening.pk], "subject": "Вторая позиция"},
    )
    new = Appeal.objects.exclude(pk=claim.pk).get(client=world.client_a)
    assert answer["Location"] == reverse("desk:staff_appeal", args=[new.pk])
    assert (new.subject, new.shipment, new.order, new.kind) == (
        "Вторая позиция",
        shipment,
        order,
        claim.kind,
    )
    assert list(new.claim_lines.all()) == [lines[1]]
    assert list(claim.claim_lines.all()) == [lines[0]]
    split = AppealEvent.objects.filter(kind=EventKind.SPLIT)
    assert set(split.values_list("appeal_id", "related_appeal_id")) == {
        (claim.pk, new.pk),
        (new.pk, claim.pk),
    }
    copied = AppealEvent.objects.get(appeal=new, kind=EventKind.NOTE)
    assert (copied.body, copied.is_public) == (opening.body, False)
    assert claim.number in copied.reason
    new_page = client.get(answer["Location"]).content.decode()
    assert f"Выделено из {claim.number}" in new_page
    assert AppealSla.objects.filter(appeal=new).exists()


def test_a_split_keeps_a_line_and_needs_an_open_claim(client, api, world, delivered):
    order, shipment = delivered
    claim = claim_on(world.a_admin, order, shipment, "1", "1")
    ids = list(claim.claim_lines.values_list("pk", flat=True))
    api.as_(world.operator)
    every = api.post(f"/appeals/{claim.pk}/split", {"lines": ids})
    assert every.status_code == 422
    assert "Хотя бы одна строка" in every.json()["detail"][0]["msg"]
    finish(world.operator, claim, to="closed")
    before = database_fingerprint()
    closed = api.post(f"/appeals/{claim.pk}/split", {"lines": ids[:1]})
    assert closed.status_code == 409
    assert database_fingerprint() == before


def test_splitting_through_the_api(api, world, delivered):
    order, shipment = delivered
    claim = claim_on(world.a_admin, order, shipment, "1", "1")
    second = claim.claim_lines.order_by("pk").last()
    api.as_(world.a_admin)
    assert api.post(f"/appeals/{claim.pk}/split", {"lines": [second.pk]}).status_code == 403
    answer = api.as_(world.operator).post(f"/appeals/{claim.pk}/split", {"lines": [second.pk]})
    assert answer.status_code == 201
    body = answer.json()
    assert [line["id"] for line in body["lines"]] == [second.pk]
    assert body["client_id"] == world.client_a.pk
    assert body["id"] != claim.pk


def test_merge_and_split_are_in_the_openapi_schema(api, world):
    schema = api.as_(world.operator).get("/openapi.json").json()
    merge = schema["paths"]["/api/v1/appeals/{appeal_id}/merge"]["post"]
    assert "requestBody" in merge
    assert "/api/v1/appeals/{appeal_id}/split" in schema["paths"]
