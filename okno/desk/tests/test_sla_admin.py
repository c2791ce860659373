"""The SLA's rules in the back office: a calendar's edit and a policy's recompute the open
appeals; policies apply in their order of conditions; the next year's production calendar."""

import datetime

from django.urls import reverse

from okno.desk.models import Appeal, BusinessCalendar, SlaPauseReason
from okno.desk.sla.services import appeal_sla_replay
from okno.desk.tests.sla_calls import at, detail, due, file_question, msk


def test_an_administrator_adds_a_holiday_and_open_appeals_move(
    client, api, world, django_capture_on_commit_callbacks
):
    with at(msk(2026, 11, 20, 17)):
        appeal_id = file_question(api, world)
    calendar = BusinessCalendar.objects.get()
    version = calendar.version
    client.force_login(world.admin)
    change = reverse("admin:desk_businesscalendar_change", args=[calendar.pk])
    assert client.get(change).status_code == 200
    form = _calendar_form(calendar, new_day={"date": "2026-11-23", "kind": "holiday"})
    with at(msk(2026, 11, 20, 18)), django_capture_on_commit_callbacks(execute=True):
        response = client.post(change, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    calendar.refresh_from_db()
    assert calendar.version == version + 1
    body = detail(api, world, appeal_id)
    # Monday is a holiday now: the hour of Friday and seven on Tuesday.
    assert due(body, "first_response_due") == msk(2026, 11, 24, 17)
    assert Appeal.objects.get(pk=appeal_id).sla.calendar_version == version + 1


def test_clocks_computed_again_from_their_versions_come_out_the_same(
    client, api, world, django_capture_on_commit_callbacks
):
    with at(msk(2026, 11, 20, 17)):
        open_id = file_question(api, world)
        closed_id = file_question(api, world)
        client.force_login(world.operator)
        closing = {"status": "closed", "reason": "Дубль"}
        client.post(reverse("desk:staff_status", args=[closed_id]), closing)
    calendar = BusinessCalendar.objects.get()
    client.force_login(world.admin)
    change = reverse("admin:desk_businesscalendar_change", args=[calendar.pk])
    form = _calendar_form(calendar, new_day={"date": "2026-11-23", "kind": "holiday"})
    with at(msk(2026, 11, 20, 18)), django_capture_on_commit_callbacks(execute=True):
        assert client.post(change, form).status_code == 302
    closed = Appeal.objects.get(pk=closed_id).sla
    assert closed.calendar_version == calendar.version
    # The closed appeal keeps the calendar it was measured by: Monday was a working day.
    replayed = appeal_sla_replay(closed)
    assert replayed is not None
    assert replayed.clocks["first_response"].due == msk(2026, 11, 23, 17)
    opened = Appeal.objects.get(pk=open_id).sla
    again = appeal_sla_replay(opened)
    assert again is not None
    assert again.due("first_response") == opened.first_response_due == msk(2026, 11, 24, 17)
    assert again.due("resolution") == opened.resolution_due


def _calendar_form(calendar, *, new_day: dict) -> dict:
    form = {"name": calendar.name, "time_zone": calendar.time_zone}
    hours = list(calendar.hours.all())
    days = list(calendar.days.all())
    form.update(_management("hours", len(hours), len(hours)))
    for index, row in enumerate(hours):
        form.update(
            {
                f"hours-{index}-id": row.pk,
                f"hours-{index}-calendar": calendar.pk,
                f"hours-{index}-weekday": row.weekday,
                f"hours-{index}-start": row.start.strftime("%H:%M"),
                f"hours-{index}-end": row.end.strftime("%H:%M"),
            }
        )
    form.update(_management("days", len(days) + 1, len(days)))
    for index, row in enumerate(days):
        form.update(
            {
                f"days-{index}-id": row.pk,
                f"days-{index}-calendar": calendar.pk,
                f"days-{index}-date": row.date.isoformat(),
                f"days-{index}-kind": row.kind,
                f"days-{index}-name": row.name,
                f"days-{index}-hours": row.hours,
            }
        )
    new = len(days)
    form.update({f"days-{new}-{key}": value for key, value in new_day.items()})
    form[f"days-{new}-calendar"] = calendar.pk
    return form


def _management(prefix: str, total: int, initial: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def _policy_add(client, calendar, **fields) -> None:
    form = {
        "position": 10,
        "is_active": "on",
        "calendar": calendar.pk,
        "first_response_minutes": 480,
        "next_response_minutes": 480,
        "resolution_minutes": 2400,
        "warning_minutes": 60,
        "escalation_minutes": 60,
        "kind": "",
        "priority": "",
        "client_tier": "",
        "channel": "",
        **fields,
    }
    response = client.post(reverse("admin:desk_slapolicy_add"), form)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_policies_apply_in_their_order_of_conditions(client, api, world):
    calendar = BusinessCalendar.objects.get()
    client.force_login(world.admin)
    _policy_add(client, calendar, name="VIP", client_tier="vip", first_response_minutes=120)
    _policy_add(
        client, calendar, name="Срочные", position=5, priority="urgent", first_response_minutes=60
    )
    _policy_add(
        client, calendar, name="Почта", position=20, channel="email", first_response_minutes=240
    )
    world.client_a.support_tier = "vip"
    world.client_a.save(update_fields=["support_tier"])

    def first_due(**fields) -> datetime.datetime | None:
        body = {"kind": "question", "subject": "Вопрос", "text": "Текст"}
        body.update(client_id=world.client_a.pk, **fields)
        with at(msk(2026, 11, 23, 10)):
            created = api.as_(world.operator).post("/appeals", body).json()
        return due(detail(api, world, created["id"]), "first_response_due")

    assert first_due(channel="phone") == msk(2026, 11, 23, 12)  # VIP
    assert first_due(channel="phone", priority="urgent") == msk(2026, 11, 23, 11)  # urgent first
    world.client_a.support_tier = "standard"
    world.client_a.save(update_fields=["support_tier"])
    assert first_due(channel="email") == msk(2026, 11, 23, 14)  # by e-mail
    assert first_due(channel="phone") == msk(2026, 11, 23, 18)  # the standard policy


def test_a_policy_edit_recomputes_open_appeals_and_leaves_finished_ones(
    client, api, world, django_capture_on_commit_callbacks
):
    with at(msk(2026, 11, 23, 10)):
        open_id = file_question(api, world)
        finished_id = file_question(api, world)
        finish = {"status": "closed", "reason": "Дубль"}
        client.force_login(world.operator)
        client.post(reverse("desk:staff_status", args=[finished_id]), finish)
    finished_before = Appeal.objects.get(pk=finished_id).sla.computed_at
    policy = Appeal.objects.get(pk=open_id).sla.policy
    client.force_login(world.admin)
    form = {
        "name": policy.name,
        "position": policy.position,
        "is_active": "on",
        "calendar": policy.calendar_id,
        "first_response_minutes": 240,
        "next_response_minutes": 480,
        "resolution_minutes": 2400,
        "warning_minutes": 60,
        "escalation_minutes": 60,
    }
    change = reverse("admin:desk_slapolicy_change", args=[policy.pk])
    with at(msk(2026, 11, 23, 11)), django_capture_on_commit_callbacks(execute=True):
        assert client.post(change, form).status_code == 302
    assert due(detail(api, world, open_id), "first_response_due") == msk(2026, 11, 23, 14)
    assert Appeal.objects.get(pk=open_id).sla.policy_version == policy.version + 1
    assert Appeal.objects.get(pk=finished_id).sla.computed_at == finished_before


def test_the_next_years_production_calendar_loads_from_the_back_office(
    client, world, django_capture_on_commit_callbacks
):
    calendar = BusinessCalendar.objects.get()
    calendar.days.create(date=datetime.date(2028, 1, 3), kind="workday", name="Своё")
    action = {"action": "load_next_year", "_selected_action": [calendar.pk]}
    with at(msk(2027, 12, 1, 12)), django_capture_on_commit_callbacks(execute=True):
        client.force_login(world.admin)
        response = client.post(reverse("admin:desk_businesscalendar_changelist"), action)
    assert response.status_code == 302
    days = calendar.days.filter(date__year=2028)
    assert days.filter(date=datetime.date(2028, 1, 1), kind="holiday").exists()
    assert days.filter(date=datetime.date(2028, 6, 12), kind="holiday").exists()
    # The day the administrator set stays theirs.
    assert days.get(date=datetime.date(2028, 1, 3)).kind == "workday"


def test_a_pause_reason_set_to_stop_the_first_answer_recomputes_paused_appeals(
    client, api, world, django_capture_on_commit_callbacks
):
    with at(msk(2026, 11, 23, 10)):
        appeal_id = file_question(api, world)
        client.force_login(world.operator)
        client.post(reverse("desk:staff_pause", args=[appeal_id]), {"reason": "awaiting_1c"})
    assert due(detail(api, world, appeal_id), "first_response_due") == msk(2026, 11, 23, 18)
    reason = SlaPauseReason.objects.get(code="awaiting_1c")
    form = {
        "code": reason.code,
        "name": reason.name,
        "stops_first_response": "on",
        "stops_resolution": "on",
        "position": reason.position,
        "is_active": "on",
    }
    change = reverse("admin:desk_slapausereason_change", args=[reason.pk])
    with at(msk(2026, 11, 23, 11)), django_capture_on_commit_callbacks(execute=True):
        client.force_login(world.admin)
        assert client.post(change, form).status_code == 302
    body = detail(api, world, appeal_id)
    assert body["sla"]["first_response_due"] is None
    assert body["sla"]["state"] == "paused"


def test_a_clients_new_level_of_service_rechooses_the_policy_of_its_open_appeals(
    client, api, world, django_capture_on_commit_callbacks
):
    calendar = BusinessCalendar.objects.get()
    client.force_login(world.admin)
    _policy_add(
        client, calendar, name="VIP", position=1, client_tier="vip", first_response_minutes=120
    )
    with at(msk(2026, 11, 23, 10)):
        open_id = file_question(api, world)
        finished_id = file_question(api, world)
        client.force_login(world.operator)
        finish = {"status": "closed", "reason": "Дубль"}
        client.post(reverse("desk:staff_status", args=[finished_id]), finish)
    assert due(detail(api, world, open_id), "first_response_due") == msk(2026, 11, 23, 18)
    finished_before = Appeal.objects.get(pk=finished_id).sla.computed_at
    card = reverse("clients:card_overview", args=[world.client_a.pk])
    form = {"name": world.client_a.name, "kind": "company", "is_active": "on"}
    client.force_login(world.manager_a)
    with at(msk(2026, 11, 23, 11)), django_capture_on_commit_callbacks(execute=True):
        assert client.post(card, {**form, "support_tier": "vip"}).status_code in (200, 302)
    world.client_a.refresh_from_db()
    assert world.client_a.support_tier == "vip"
    # Two working hours from its creation, by the VIP policy now.
    assert due(detail(api, world, open_id), "first_response_due") == msk(2026, 11, 23, 12)
    assert Appeal.objects.get(pk=open_id).sla.policy.name == "VIP"
    assert Appeal.objects.get(pk=finished_id).sla.computed_at == finished_before
    # Another field of the card leaves the clocks alone.
    client.force_login(world.manager_a)
    with at(msk(2026, 11, 23, 12)), django_capture_on_commit_callbacks(execute=True) as done:
        edit = {**form, "support_tier": "vip", "support_hours": "5"}
        assert client.post(card, edit).status_code in (200, 302)
    assert done == []
    with at(msk(2026, 11, 23, 13)), django_capture_on_commit_callbacks(execute=True):
        assert client.post(card, {**form, "support_tier": "standard"}).status_code in (200, 302)
    assert due(detail(api, world, open_id), "first_response_due") == msk(2026, 11, 23, 18)
