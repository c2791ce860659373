"""The appeals API: listing and reading what the caller sees, filing from integrations
idempotently by external id, messages in the thread, errors naming the field."""

import pytest

from okno.accounts.tests.factories import StaffFactory
from okno.core.roles import StaffRole
from okno.desk.models import Appeal, AppealEvent, AppealTopic
from okno.desk.tests.helpers import PDF, b64, question
from okno.orders.tests.calls import field_of

pytestmark = pytest.mark.django_db


def test_a_client_lists_only_their_own_appeals(api, world):
    mine = question(world.a_admin)
    question(world.b_admin)
    body = api.as_(world.a_admin).get("/appeals").json()
    assert body["count"] == 1
    assert body["items"][0]["number"] == mine.number
    assert api.get(f"/appeals/{Appeal.objects.exclude(pk=mine.pk).get().pk}").status_code == 404


def test_the_call_centre_files_for_a_client_once_per_external_id(api, world):
    topic = AppealTopic.objects.first()
    body = {
        "kind": "question",
        "subject": "Звонок: статус заказа",
        "text": "Клиент спрашивает, когда доставка.",
        "client_id": world.client_a.pk,
        "topic_id": topic.pk,
        "channel": "phone",
        "external_id": "call-2026-001",
        "files": [{"name": "запись.pdf", "content_base64": b64(PDF)}],
    }
    api.as_(world.operator)
    first = api.post("/appeals", body)
    assert first.status_code == 201
    created = first.json()
    assert (created["channel"], created["client_id"], created["external_id"]) == (
        "phone",
        world.client_a.pk,
        "call-2026-001",
    )
    assert created["events"][0]["files"] == ["запись.pdf"]
    again = api.post("/appeals", {**body, "subject": "другое"})
    assert again.status_code == 200
    assert again.json()["id"] == created["id"]
    assert again.json()["subject"] == "Звонок: статус заказа"
    assert Appeal.objects.count() == 1


def test_a_client_cannot_file_for_another_client_nor_set_priority(api, world):
    response = api.as_(world.a_admin).post(
        "/appeals",
        {
            "kind": "question",
            "subject": "x",
            "text": "y",
            "client_id": world.client_b.pk,
            "priority": "urgent",
        },
    )
    assert response.status_code == 201
    appeal = Appeal.objects.get()
    assert (appeal.client_id, appeal.priority, appeal.channel) == (
        world.client_a.pk,
        "normal",
        "api",
    )


def test_errors_name_the_field(api, world):
    api.as_(world.operator)
    assert (
        field_of(api.post("/appeals", {"kind": "question", "subject": "x", "text": "y"}))
        == "client_id"
    )
    unknown = api.post(
        "/appeals", {"kind": "nope", "subject": "x", "text": "y", "client_id": world.client_a.pk}
    )
    assert (unknown.status_code, field_of(unknown)) == (422, "kind")
    bad_file = api.post(
        "/appeals",
        {
            "kind": "question",
            "subject": "x",
            "text": "y",
            "client_id": world.client_a.pk,
            "files": [{"name": "a.pdf", "content_base64": "!!!"}],
        },
    )
    assert (bad_file.status_code, field_of(bad_file)) == (422, "files.0.content_base64")
    blank = api.post(
        "/appeals",
        {"kind": "question", "subject": " ", "text": "y", "client_id": world.client_a.pk},
    )
    assert (blank.status_code, field_of(blank)) == (422, "subject")
    assert not Appeal.objects.exists()


def test_the_integration_role_without_the_desk_may_not_file(api, world):
    integration = StaffFactory(staff_role=StaffRole.INTEGRATION, manager_code=None)
    response = api.as_(integration).post(
        "/appeals",
        {"kind": "question", "subject": "x", "text": "y", "client_id": world.client_a.pk},
    )
    assert response.status_code == 403
    assert not Appeal.objects.exists()


def test_messages_from_the_client_and_the_operator(api, world):
    appeal = question(world.a_admin)
    api.as_(world.operator)
    note = api.post(f"/appeals/{appeal.pk}/messages", {"text": "Проверить склад", "internal": True})
    assert note.status_code == 201
    assert note.json()["is_public"] is False
    reply = api.post(
        f"/appeals/{appeal.pk}/messages", {"text": "Уточните номер", "await_client": True}
    )
    assert reply.json()["direction"] == "out"
    appeal.refresh_from_db()
    assert appeal.status == "awaiting_client"
    api.as_(world.a_admin)
    thread = api.get(f"/appeals/{appeal.pk}").json()
    bodies = [event["body"] for event in thread["events"]]
    assert "Уточните номер" in bodies
    assert "Проверить склад" not in bodies
    answer = api.post(f"/appeals/{appeal.pk}/messages", {"text": "ОК-000123", "internal": True})
    assert answer.status_code == 201
    assert answer.json()["is_public"] is True  # a client writes no internal notes
    appeal.refresh_from_db()
    assert appeal.status == "in_progress"
    staff_view = api.as_(world.operator).get(f"/appeals/{appeal.pk}").json()
    assert "Проверить склад" in [event["body"] for event in staff_view["events"]]
    assert AppealEvent.objects.filter(appeal=appeal).count() == 6


def test_the_list_filters_and_searches(api, world):
    first = question(world.a_admin, subject="Про сертификаты")
    question(world.b_admin, subject="Про доставку")
    api.as_(world.operator)
    assert api.get("/appeals").json()["count"] == 2
    found = api.get("/appeals", {"q": "сертификат"}).json()
    assert [item["id"] for item in found["items"]] == [first.pk]
    assert api.get("/appeals", {"status": "closed"}).json()["count"] == 0
    assert api.get("/appeals", {"kind": "question", "channel": "portal"}).json()["count"] == 2
    assert api.get("/appeals", {"kind": "nope"}).status_code == 422
