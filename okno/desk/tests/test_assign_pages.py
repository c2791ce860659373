"""Operators' availability from the queue and the supervisor's page of operators with
their open workload; handing all of an absent operator's appeals on in one action;
«take into work» keeping colleagues' replies and moves off until the hold is broken or
runs out."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from okno.audit.models import AuditEvent
from okno.desk.models import Appeal, AppealEvent, Availability, EventKind, OperatorAvailability
from okno.desk.tests.assign_helpers import operator, rule, team
from okno.desk.tests.helpers import question

pytestmark = pytest.mark.django_db


def _state(person) -> str:
    return OperatorAvailability.objects.get(user=person).current()


def test_an_operator_marks_their_own_state_on_the_queue(client, world):
    client.force_login(world.operator)
    assert "Моё состояние" in client.get(reverse("desk:queue")).content.decode()
    until = (timezone.localtime() + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    client.post(reverse("desk:availability"), {"state": "on_shift", "until": until})
    row = OperatorAvailability.objects.get(user=world.operator)
    assert (row.state, row.set_by_id) == (Availability.ON_SHIFT, world.operator.pk)
    assert row.until is not None
    page = client.get(reverse("desk:queue")).content.decode()
    assert "На смене" in page
    refused = client.post(
        reverse("desk:availability"), {"state": "away", "until": "2020-01-01T10:00"}, follow=True
    )
    assert "«До» должно быть в будущем." in refused.content.decode()
    assert _state(world.operator) == Availability.ON_SHIFT


def test_only_a_supervisor_sees_operators_and_sets_their_state(client, world):
    other = operator("Анна", state="on_shift")
    question(world.a_admin)
    Appeal.objects.update(assignee=other)
    client.force_login(world.operator)
    assert client.get(reverse("desk:operators")).status_code == 403
    url = reverse("desk:operator_availability", args=[other.pk])
    assert client.post(url, {"state": "on_leave"}).status_code == 404
    assert _state(other) == Availability.ON_SHIFT
    client.force_login(world.admin)
    page = client.get(reverse("desk:operators")).content.decode()
    assert f'data-operator="{other.pk}"' in page
    assert 'data-state="on_shift"' in page
    assert '<td class="text-end" data-open>1</td>' in page
    assert client.post(url, {"state": "on_leave"}).status_code == 302
    row = OperatorAvailability.objects.get(user=other)
    assert (row.state, row.set_by_id) == (Availability.ON_LEAVE, world.admin.pk)
    missing = reverse("desk:operator_availability", args=[world.a_admin.pk])
    assert client.post(missing, {"state": "away"}).status_code == 404


def test_a_supervisor_hands_all_of_an_absent_operators_appeals_on(client, world):
    absent, first, second = operator("Анна"), operator("Борис"), operator("Вера")
    crew = team("Вопросы", [absent, first, second])
    rule("Вопросы", team=crew)
    mine = [question(world.a_admin) for _ in range(3)]
    Appeal.objects.filter(pk__in=[a.pk for a in mine]).update(assignee=absent)
    finished = question(world.a_admin)
    Appeal.objects.filter(pk=finished.pk).update(assignee=absent, status="closed")
    client.force_login(world.admin)
    client.post(reverse("desk:operator_availability", args=[absent.pk]), {"state": "on_leave"})
    answer = client.post(
        reverse("desk:operator_reassign", args=[absent.pk]), {"to": "rules"}, follow=True
    )
    assert "Передано обращений оператора Анна: 3." in answer.content.decode()
    handed = list(Appeal.objects.filter(pk__in=[a.pk for a in mine]).order_by("pk"))
    assert {a.assignee_id for a in handed} <= {first.pk, second.pk}
    assert len({a.assignee_id for a in handed}) == 2
    assert Appeal.objects.get(pk=finished.pk).assignee_id == absent.pk
    for appeal in handed:
        last = AppealEvent.objects.filter(appeal=appeal, kind=EventKind.ASSIGNED).last()
        assert (last.author_id, last.user_id) == (world.admin.pk, appeal.assignee_id)
        assert last.reason == "Все обращения оператора Анна переданы"
    audit = AuditEvent.objects.get(action="desk.appeals_reassigned")
    assert audit.object_id == str(absent.pk)
    assert sorted(audit.changes["appeals"][0]) == sorted(a.number for a in mine)
    Appeal.objects.filter(pk__in=[a.pk for a in mine]).update(assignee=first)
    client.post(reverse("desk:operator_reassign", args=[first.pk]), {"to": str(second.pk)})
    assert set(
        Appeal.objects.filter(pk__in=[a.pk for a in mine]).values_list("assignee", flat=True)
    ) == {second.pk}


def test_nobody_on_shift_leaves_the_appeals_in_the_team(client, world):
    absent, away = operator("Анна"), operator("Борис", state="away")
    crew = team("Вопросы", [absent, away])
    appeal = question(world.a_admin)
    Appeal.objects.filter(pk=appeal.pk).update(assignee=absent, team=crew)
    client.force_login(world.admin)
    client.post(reverse("desk:operator_reassign", args=[absent.pk]), {"to": "rules"})
    appeal.refresh_from_db()
    assert (appeal.assignee_id, appeal.team_id) == (None, crew.pk)


def test_an_operator_may_not_hand_on_a_colleagues_appeals(client, world):
    other = operator("Анна")
    appeal = question(world.a_admin)
    Appeal.objects.filter(pk=appeal.pk).update(assignee=other)
    client.force_login(world.operator)
    url = reverse("desk:operator_reassign", args=[other.pk])
    assert client.post(url, {"to": str(world.operator.pk)}).status_code == 404
    assert Appeal.objects.get(pk=appeal.pk).assignee_id == other.pk


def _reply(client, appeal, text="Ответ"):
    return client.post(reverse("desk:staff_message", args=[appeal.pk]), {"text": text}, follow=True)


def test_a_taken_appeal_is_held_from_colleagues_until_they_break_the_hold(client, world):
    holder, colleague = operator("Анна"), operator("Борис")
    appeal = question(world.a_admin)
    client.force_login(holder)
    client.post(reverse("desk:staff_lock", args=[appeal.pk]), {"action": "take"})
    appeal.refresh_from_db()
    assert (appeal.locked_by_id, appeal.assignee_id) == (holder.pk, holder.pk)
    assert (
        'data-lock="mine"'
        in client.get(reverse("desk:staff_appeal", args=[appeal.pk])).content.decode()
    )
    client.force_login(colleague)
    page = client.get(reverse("desk:staff_appeal", args=[appeal.pk])).content.decode()
    assert "Обращением сейчас занимается Анна" in page
    refused = _reply(client, appeal).content.decode()
    assert "Обращение в работе у Анна до" in refused
    move = client.post(
        reverse("desk:staff_status", args=[appeal.pk]),
        {"status": "in_progress", "reason": "Беру"},
        follow=True,
    )
    assert "снимите блокировку" in move.content.decode()
    assert not AppealEvent.objects.filter(appeal=appeal, kind=EventKind.MESSAGE).exists()
    assert Appeal.objects.get(pk=appeal.pk).status == "new"
    note = client.post(
        reverse("desk:staff_message", args=[appeal.pk]), {"text": "Заметка", "internal": "on"}
    )
    assert note.status_code == 302
    assert AppealEvent.objects.filter(appeal=appeal, kind=EventKind.NOTE).exists()
    client.post(reverse("desk:staff_lock", args=[appeal.pk]), {"action": "break"})
    broken = AppealEvent.objects.get(appeal=appeal, kind=EventKind.LOCK_BROKEN)
    assert (broken.author_id, broken.reason) == (colleague.pk, "Анна")
    assert "Ответ отправлен клиенту." in _reply(client, appeal).content.decode()
    client.force_login(holder)
    assert "Обращение в работе у Борис до" in _reply(client, appeal, "Ещё").content.decode()


def test_the_hold_is_renewed_by_the_open_page_and_runs_out_by_itself(client, world, settings):
    settings.OKNO_DESK_LOCK_MINUTES = 5
    holder, colleague = operator("Анна"), operator("Борис")
    appeal = question(world.a_admin)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(holder)
        client.post(reverse("desk:staff_lock", args=[appeal.pk]), {"action": "take"})
    with time_machine.travel(start + datetime.timedelta(minutes=4), tick=False):
        renewed = client.post(
            reverse("desk:staff_lock_renew", args=[appeal.pk]), HTTP_HX_REQUEST="true"
        )
        assert 'hx-trigger="every 60s"' in renewed.content.decode()
        appeal.refresh_from_db()
        assert appeal.locked_until == start + datetime.timedelta(minutes=9)
    with time_machine.travel(start + datetime.timedelta(minutes=8), tick=False):
        client.force_login(colleague)
        renew = client.post(reverse("desk:staff_lock_renew", args=[appeal.pk]))
        assert 'data-lock="other"' in renew.content.decode()
        assert "Обращение в работе у Анна" in _reply(client, appeal).content.decode()
    with time_machine.travel(start + datetime.timedelta(minutes=10), tick=False):
        page = client.get(reverse("desk:staff_appeal", args=[appeal.pk])).content.decode()
        assert 'data-lock="free"' in page
        assert "Ответ отправлен клиенту." in _reply(client, appeal).content.decode()


def test_one_lets_go_of_a_hold(client, world):
    holder = operator("Анна")
    appeal = question(world.a_admin)
    client.force_login(holder)
    client.post(reverse("desk:staff_lock", args=[appeal.pk]), {"action": "take"})
    client.post(reverse("desk:staff_lock", args=[appeal.pk]), {"action": "release"})
    appeal.refresh_from_db()
    assert appeal.locked_by_id is None
    assert [e.kind for e in AppealEvent.objects.filter(appeal=appeal).order_by("pk")][-2:] == [
        EventKind.ASSIGNED,
        EventKind.TAKEN,
    ]


def test_the_api_refuses_a_reply_to_an_appeal_a_colleague_holds(client, api, world):
    holder, colleague = operator("Анна"), operator("Борис")
    appeal = question(world.a_admin)
    client.force_login(holder)
    client.post(reverse("desk:staff_lock", args=[appeal.pk]), {"action": "take"})
    refused = api.as_(colleague).post(f"/appeals/{appeal.pk}/messages", {"text": "Ответ"})
    assert refused.status_code == 409
    problem = refused.json()["detail"][0]
    assert problem["type"] == "locked"
    assert problem["msg"].startswith("Обращение в работе у Анна")
    note = {"text": "Заметка", "internal": True}
    assert api.post(f"/appeals/{appeal.pk}/messages", note).status_code == 201


def _take(client, appeal):
    return client.post(
        reverse("desk:staff_lock", args=[appeal.pk]), {"action": "take"}, follow=True
    )


@pytest.mark.parametrize("status", ["resolved", "closed"])
def test_a_finished_appeal_is_not_taken_into_work(client, world, status):
    appeal = question(world.a_admin)
    client.force_login(operator("Анна"))
    moved = {"status": status, "reason": "Готово"}
    assert client.post(reverse("desk:staff_status", args=[appeal.pk]), moved).status_code == 302
    page = client.get(reverse("desk:staff_appeal", args=[appeal.pk])).content.decode()
    assert "Взять в работу" not in page
    assert 'data-lock="free"' not in page
    refused = _take(client, appeal).content.decode()
    assert "взять в работу можно только открытое обращение" in refused
    assert "откройте его повторно" in refused
    appeal.refresh_from_db()
    assert (appeal.locked_by_id, appeal.assignee_id) == (None, None)
    assert not AppealEvent.objects.filter(appeal=appeal, kind=EventKind.TAKEN).exists()


def test_a_merged_appeal_is_not_taken_into_work(client, world):
    target, merged = question(world.a_admin), question(world.a_admin)
    client.force_login(operator("Анна"))
    into = {"into": target.number}
    assert client.post(reverse("desk:staff_merge", args=[merged.pk]), into).status_code == 302
    assert Appeal.objects.get(pk=merged.pk).status == "merged"
    assert "Взять в работу" not in (
        client.get(reverse("desk:staff_appeal", args=[merged.pk])).content.decode()
    )
    assert "объединено с другим: работа идёт там" in _take(client, merged).content.decode()


def test_finishing_an_appeal_ends_its_hold(client, world):
    holder, colleague = operator("Анна"), operator("Борис")
    appeal = question(world.a_admin)
    client.force_login(holder)
    _take(client, appeal)
    resolve = {"status": "resolved", "reason": "Готово"}
    client.post(reverse("desk:staff_status", args=[appeal.pk]), resolve)
    appeal.refresh_from_db()
    assert (appeal.status, appeal.locked_by_id) == ("resolved", None)
    client.force_login(colleague)
    reopen = {"status": "reopened", "reason": "Клиент звонил"}
    assert client.post(reverse("desk:staff_status", args=[appeal.pk]), reopen).status_code == 302
    assert Appeal.objects.get(pk=appeal.pk).status == "reopened"
    page = client.get(reverse("desk:staff_appeal", args=[appeal.pk])).content.decode()
    assert 'data-lock="free"' in page


def test_taking_one_s_own_hold_again_is_logged_once_until_it_runs_out(client, world):
    appeal = question(world.a_admin)
    client.force_login(operator("Анна"))
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _take(client, appeal)
        _take(client, appeal)
    assert AppealEvent.objects.filter(appeal=appeal, kind=EventKind.TAKEN).count() == 1
    with time_machine.travel(start + datetime.timedelta(minutes=30), tick=False):
        _take(client, appeal)
    assert AppealEvent.objects.filter(appeal=appeal, kind=EventKind.TAKEN).count() == 2
