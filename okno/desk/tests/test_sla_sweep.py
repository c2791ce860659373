"""The SLA sweep: the warning, the breach and the escalation fire once each, at business
time, to the assignee and then the supervisors."""

import pytest
from django.core import mail
from django.urls import reverse

from okno.accounts.tests.factories import StaffFactory
from okno.core.roles import StaffRole
from okno.desk.models import Appeal, AppealEvent, EventKind
from okno.desk.sla.sweep import sla_sweep
from okno.desk.tests.sla_calls import at, detail, due, file_question, msk


@pytest.fixture
def supervisor(db):
    return StaffFactory(staff_role=StaffRole.SUPERVISOR, manager_code=None)


def _sweep(moment, capture) -> None:
    with at(moment), capture(execute=True):
        sla_sweep()


def test_the_warning_and_the_escalations_fire_once_at_business_time(
    client, api, world, supervisor, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    with at(msk(2026, 11, 23, 10)):
        appeal_id = file_question(api, world)
        client.force_login(world.operator)
        taken = client.post(reverse("desk:staff_assign", args=[appeal_id]), {"assignee": "me"})
        assert taken.status_code == 302
    appeal = Appeal.objects.get(pk=appeal_id)
    _sweep(msk(2026, 11, 23, 16, 59), capture)
    assert mail.outbox == []
    _sweep(msk(2026, 11, 23, 17), capture)
    _sweep(msk(2026, 11, 23, 17, 30), capture)
    assert [letter.to for letter in mail.outbox] == [[world.operator.email]]
    assert "Скоро истекает срок" in mail.outbox[0].subject
    assert appeal.number in mail.outbox[0].body
    _sweep(msk(2026, 11, 23, 18), capture)
    _sweep(msk(2026, 11, 23, 23), capture)
    assert [letter.to for letter in mail.outbox[1:]] == [[world.operator.email]]
    assert "нарушен" in mail.outbox[1].subject
    # An hour of business time after the breach is Tuesday 11:00, not the evening.
    _sweep(msk(2026, 11, 24, 10, 59), capture)
    assert len(mail.outbox) == 2
    _sweep(msk(2026, 11, 24, 11), capture)
    _sweep(msk(2026, 11, 24, 12), capture)
    assert [letter.to for letter in mail.outbox[2:]] == [[supervisor.email]]
    alerts = AppealEvent.objects.filter(appeal_id=appeal_id, kind=EventKind.SLA_ALERT)
    assert sorted(alerts.values_list("reason", flat=True)) == ["breach", "escalation", "warning"]
    assert Appeal.objects.get(pk=appeal_id).sla.state == "breached"


def test_an_unassigned_appeal_warns_the_supervisors(
    api, world, supervisor, django_capture_on_commit_callbacks
):
    with at(msk(2026, 11, 23, 10)):
        file_question(api, world)
    _sweep(msk(2026, 11, 23, 17), django_capture_on_commit_callbacks)
    assert [letter.to for letter in mail.outbox] == [[supervisor.email]]


def test_a_reply_in_time_stops_the_warning(api, world, django_capture_on_commit_callbacks):
    with at(msk(2026, 11, 23, 10)):
        appeal_id = file_question(api, world)
    with at(msk(2026, 11, 23, 12)):
        api.as_(world.operator).post(f"/appeals/{appeal_id}/messages", {"text": "Ответ"})
    _sweep(msk(2026, 11, 23, 17), django_capture_on_commit_callbacks)
    assert [letter.subject for letter in mail.outbox if "SLA" in letter.subject] == []
    assert Appeal.objects.get(pk=appeal_id).sla.state == "ok"


def test_the_sweep_computes_appeals_that_have_no_clocks_yet(api, world):
    with at(msk(2026, 11, 23, 10)):
        appeal_id = file_question(api, world)
    Appeal.objects.get(pk=appeal_id).sla.delete()  # as for an appeal made before the SLA
    with at(msk(2026, 11, 23, 12)):
        sla_sweep()
    assert due(detail(api, world, appeal_id), "first_response_due") == msk(2026, 11, 23, 18)
