"""Bulk operations from the queue and `POST /api/v1/appeals/bulk`: a preview that writes
nothing and names each refusal, then each appeal changed through the desk's services
(its log, its SLA) and one audit entry."""

import pytest
from django.urls import reverse

from okno.audit.models import AuditEvent
from okno.core.testing.access import database_fingerprint
from okno.desk.models import Appeal, AppealEvent, AppealSla, AppealTopic, EventKind, Team
from okno.desk.tests.helpers import claim_on, finish, question

pytestmark = pytest.mark.django_db


def _bulk(client, appeals, **fields):
    data = {"appeal": [appeal.pk for appeal in appeals], **fields}
    return client.post(reverse("desk:bulk"), data)


def test_the_preview_names_what_changes_and_what_is_refused(client, world):
    open_one = question(world.a_admin)
    closed = finish(world.operator, question(world.a_admin), to="closed")
    client.force_login(world.operator)
    before = database_fingerprint()
    answer = _bulk(client, [open_one, closed], operation="close", reason="Дубль")
    page = answer.content.decode()
    assert answer.status_code == 200
    assert database_fingerprint() == before
    assert "Проверьте массовое действие" in page
    assert "Из статуса «Закрыто» в «Закрыто» перевести нельзя." in page
    assert f'<input type="hidden" name="appeal" value="{open_one.pk}">' in page
    assert f'<input type="hidden" name="appeal" value="{closed.pk}">' not in page


def test_confirmed_each_appeal_is_changed_logged_and_audited(client, world):
    first, second = question(world.a_admin), question(world.a_admin)
    closed = finish(world.operator, question(world.a_admin), to="closed")
    client.force_login(world.operator)
    answer = _bulk(
        client,
        [first, second, closed],
        operation="status",
        to_status="in_progress",
        reason="Взяли",
        confirm="1",
    )
    assert "Массовое действие выполнено" in answer.content.decode()
    assert set(Appeal.objects.filter(status="in_progress").values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
    }
    moves = AppealEvent.objects.filter(kind=EventKind.STATUS, reason="Взяли")
    assert set(moves.values_list("appeal_id", flat=True)) == {first.pk, second.pk}
    audit = AuditEvent.objects.get(action="desk.bulk")
    assert audit.user == world.operator
    assert (audit.changes["done"], audit.changes["refused"]) == (2, 1)
    assert closed.number in audit.changes["refused_appeals"]


def test_assign_priority_and_topic_in_bulk(client, world):
    team = Team.objects.create(name="Москва")
    topic = AppealTopic.objects.filter(is_active=True).first()
    appeals = [question(world.a_admin), question(world.a_admin)]
    client.force_login(world.operator)
    _bulk(
        client,
        appeals,
        operation="assign",
        assignee_id=world.operator.pk,
        team_id=team.pk,
        confirm="1",
    )
    _bulk(client, appeals, operation="priority", priority="urgent", confirm="1")
    _bulk(client, appeals, operation="topic", topic_id=topic.pk, confirm="1")
    for appeal in Appeal.objects.filter(pk__in=[a.pk for a in appeals]):
        assert (appeal.assignee, appeal.team, appeal.priority, appeal.topic) == (
            world.operator,
            team,
            "urgent",
            topic,
        )
        kinds = set(appeal.events.values_list("kind", flat=True))
        assert {EventKind.ASSIGNED, EventKind.PRIORITY, EventKind.TOPIC} <= kinds
    assert AuditEvent.objects.filter(action="desk.bulk").count() == 3
    # The same priority again changes nothing and says so.
    page = _bulk(client, appeals, operation="priority", priority="urgent").content.decode()
    assert "Приоритет уже такой." in page


def test_a_priority_change_computes_the_sla_again(client, world):
    appeal = question(world.a_admin)
    stored = AppealSla.objects.get(appeal=appeal)
    client.force_login(world.operator)
    _bulk(client, [appeal], operation="priority", priority="high", confirm="1")
    refreshed = AppealSla.objects.get(appeal=appeal)
    assert refreshed.pk == stored.pk
    assert refreshed.computed_at >= stored.computed_at
    assert (
        "Приоритет: Обычный → Высокий"
        in client.get(reverse("desk:staff_appeal", args=[appeal.pk])).content.decode()
    )


def test_a_claim_not_resolved_in_full_is_refused_resolving(client, world, delivered):
    order, shipment = delivered
    claim = claim_on(world.a_admin, order, shipment)
    plain = question(world.a_admin)
    client.force_login(world.operator)
    page = _bulk(
        client, [claim, plain], operation="status", to_status="resolved", reason="Готово"
    ).content.decode()
    assert "Претензия решена не по всем строкам." in page


def test_all_matching_the_filter(client, world):
    urgent = question(world.a_admin, priority="urgent")
    other = question(world.a_admin)
    client.force_login(world.operator)
    page = client.post(
        reverse("desk:bulk"),
        {
            "all": "1",
            "status": "open",
            "q": urgent.number,
            "operation": "priority",
            "priority": "low",
        },
    ).content.decode()
    assert urgent.number in page
    assert other.number not in page


def test_bulk_needs_a_reason_and_the_desk(client, world):
    appeal = question(world.a_admin)
    client.force_login(world.operator)
    answer = _bulk(client, [appeal], operation="close", reason="", confirm="1")
    assert answer.status_code == 302
    client.force_login(world.manager_a)
    before = database_fingerprint()
    answer = _bulk(client, [appeal], operation="close", reason="x", confirm="1")
    assert answer.status_code == 403
    assert database_fingerprint() == before


def test_the_api_previews_and_applies(api, world):
    first = question(world.a_admin)
    closed = finish(world.operator, question(world.a_admin), to="closed")
    body = {"ids": [first.pk, closed.pk, 999999], "operation": "close", "reason": "Дубль"}
    api.as_(world.operator)
    before = database_fingerprint()
    preview = api.post("/appeals/bulk", {**body, "dry_run": True}).json()
    assert database_fingerprint() == before
    assert [item["outcome"] for item in preview["items"]] == ["done", "refused", "not_found"]
    answer = api.post("/appeals/bulk", body)
    assert answer.status_code == 200
    assert (answer.json()["done"], answer.json()["refused"]) == (1, 2)
    first.refresh_from_db()
    assert first.status == "closed"
    assert AuditEvent.objects.filter(action="desk.bulk").count() == 1


def test_the_api_refuses_others_and_changes_nothing(api, world):
    appeal = question(world.a_admin)
    body = {"ids": [appeal.pk], "operation": "priority", "priority": "high"}
    for user in (world.a_admin, world.b_admin, world.manager_b):
        api.as_(user)
        before = database_fingerprint()
        assert api.post("/appeals/bulk", body).status_code == 403
        assert database_fingerprint() == before
    wrong = api.as_(world.operator).post("/appeals/bulk", {**body, "operation": "status"})
    assert wrong.status_code == 422
