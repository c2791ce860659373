"""The SLA through the desk's public surface, with time travel: due times in the API and
on the pages, pauses, the production calendar's days, a calendar edited by an
administrator, and the sweep's warnings and escalations."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from okno.accounts.tests.factories import StaffFactory
from okno.core.roles import StaffRole
from okno.desk.models import Appeal, AppealEvent, BusinessCalendar, EventKind
from okno.desk.sla.sweep import sla_sweep

MSK = ZoneInfo("Europe/Moscow")


def msk(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=MSK)


def at(moment: datetime.datetime):
    return time_machine.travel(moment, tick=False)


def due(body: dict, name: str) -> datetime.datetime | None:
    value = body["sla"][name]
    return datetime.datetime.fromisoformat(value) if value else None


def file_question(api, world) -> int:
    response = api.as_(world.operator).post(
        "/appeals",
        {
            "kind": "question",
            "subject": "Где документы?",
            "text": "Клиент звонил.",
            "client_id": world.client_a.pk,
            "channel": "phone",
        },
    )
    assert response.status_code == 201, response.content
    return response.json()["id"]


def detail(api, world, appeal_id: int) -> dict:
    response = api.as_(world.operator).get(f"/appeals/{appeal_id}")
    assert response.status_code == 200
    return response.json()


def test_eight_business_hours_from_friday_five_are_monday_five(api, world):
    with at(msk(2026, 11, 20, 17)):
        appeal_id = file_question(api, world)
        body = detail(api, world, appeal_id)
    assert due(body, "first_response_due") == msk(2026, 11, 23, 17)
    assert body["sla"]["state"] == "ok"
    assert body["sla"]["left_seconds"] == 8 * 3600
    # Five working days to the resolution: 40 hours from Friday 17:00.
    assert due(body, "resolution_due") == msk(2026, 11, 27, 17)


def test_filed_on_saturday_the_first_answer_is_due_monday_at_six(api, world):
    with at(msk(2026, 11, 21, 11, 30)):
        appeal_id = file_question(api, world)
    body = detail(api, world, appeal_id)
    assert due(body, "first_response_due") == msk(2026, 11, 23, 18)


def test_the_client_sees_no_sla(api, world):
    with at(msk(2026, 11, 20, 17)):
        appeal_id = file_question(api, world)
    body = api.as_(world.a_admin).get(f"/appeals/{appeal_id}").json()
    assert body["sla"] is None


def test_the_shortened_day_before_unity_day_and_the_holiday(api, world):
    # 3 November 2026 works until 17:00, the 4th is a holiday.
    with at(msk(2026, 11, 3, 16)):
        appeal_id = file_question(api, world)
    assert due(detail(api, world, appeal_id), "first_response_due") == msk(2026, 11, 5, 17)


def test_awaiting_the_client_over_midnight_and_a_holiday_is_not_counted(api, world):
    with at(msk(2026, 11, 2, 10)):
        appeal_id = file_question(api, world)
    with at(msk(2026, 11, 2, 12)):
        reply = {"text": "Пришлите акт.", "await_client": True}
        sent = api.as_(world.operator).post(f"/appeals/{appeal_id}/messages", reply)
        assert sent.status_code == 201
        paused = detail(api, world, appeal_id)
    assert paused["sla"]["state"] == "paused"
    assert paused["sla"]["resolution_due"] is None
    with at(msk(2026, 11, 5, 11)):
        answer = api.as_(world.a_admin).post(f"/appeals/{appeal_id}/messages", {"text": "Вот"})
        assert answer.status_code == 201
        body = detail(api, world, appeal_id)
    # Two hours ran on Monday; Tuesday (shortened) and the holiday passed paused; 38 are
    # left from Thursday 11:00: Thursday 7, Friday 8, Monday and Tuesday 16, Wednesday 7.
    assert due(body, "resolution_due") == msk(2026, 11, 11, 17)
    # The client's answer wants the next answer within eight hours.
    assert due(body, "next_response_due") == msk(2026, 11, 6, 11)
    assert body["sla"]["paused_for"] == ""


def test_a_named_pause_from_the_appeal_page_stops_the_clocks(client, api, world):
    with at(msk(2026, 11, 23, 10)):
        appeal_id = file_question(api, world)
    client.force_login(world.operator)
    page = reverse("desk:staff_pause", args=[appeal_id])
    with at(msk(2026, 11, 23, 11)):
        assert client.post(page, {"reason": "awaiting_warehouse"}).status_code == 302
    paused = detail(api, world, appeal_id)
    assert paused["sla"]["paused_for"] == "Ждём проверки склада"
    assert paused["sla"]["resolution_due"] is None
    # The warehouse pause leaves the first answer's clock running: the appeal is not
    # paused as a whole.
    assert due(paused, "first_response_due") == msk(2026, 11, 23, 18)
    assert paused["sla"]["state"] == "ok"
    with at(msk(2026, 11, 24, 11)):
        assert client.post(page, {"resume": "1"}).status_code == 302
    body = detail(api, world, appeal_id)
    # One hour ran before the pause: 39 are left from Tuesday 11:00, to Monday 18:00.
    assert due(body, "resolution_due") == msk(2026, 11, 30, 18)
    unknown = client.post(page, {"reason": "nonsense"}, follow=True)
    assert "Нет такой причины паузы" in unknown.content.decode()


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


def test_the_queue_shows_the_time_left_and_filters_by_sla_state(client, api, world):
    with at(msk(2026, 11, 23, 10)):
        late = file_question(api, world)
    with at(msk(2026, 11, 24, 10)):
        fresh = file_question(api, world)
    client.force_login(world.operator)
    with at(msk(2026, 11, 24, 12)):
        sla_sweep()
        page = client.get(reverse("desk:queue")).content.decode()
        breached = client.get(reverse("desk:queue"), {"sla": "breached"}).content.decode()
        in_time = client.get(reverse("desk:queue"), {"sla": "ok"}).content.decode()
        appeal_page = client.get(reverse("desk:staff_appeal", args=[fresh])).content.decode()
    numbers = dict(Appeal.objects.values_list("pk", "number"))
    assert "6 ч 00 мин" in page  # the fresh one: 8 h less Tuesday's first two
    assert "−2 ч 00 мин" in page  # the late one: due Monday 18:00, two hours past
    assert numbers[late] in breached
    assert numbers[fresh] not in breached
    assert numbers[fresh] in in_time
    assert numbers[late] not in in_time
    assert "Первый ответ до" in appeal_page
    assert "6 ч 00 мин" in appeal_page


def test_the_api_lists_by_sla_state(api, world):
    with at(msk(2026, 11, 23, 10)):
        appeal_id = file_question(api, world)
    with at(msk(2026, 11, 24, 12)):
        sla_sweep()
    found = api.as_(world.operator).get("/appeals", {"sla_state": "breached"}).json()
    assert [item["id"] for item in found["items"]] == [appeal_id]
    assert api.as_(world.operator).get("/appeals", {"sla_state": "ok"}).json()["count"] == 0


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


def test_the_sla_object_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    sla = schema["components"]["schemas"]["SlaOut"]["properties"]
    assert {"first_response_due", "resolution_due", "state"} <= set(sla)
    detail_schema = schema["components"]["schemas"]["AppealDetailOut"]["properties"]
    assert "sla" in detail_schema


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


def test_the_sweep_computes_appeals_that_have_no_clocks_yet(api, world):
    with at(msk(2026, 11, 23, 10)):
        appeal_id = file_question(api, world)
    Appeal.objects.get(pk=appeal_id).sla.delete()  # as for an appeal made before the SLA
    with at(msk(2026, 11, 23, 12)):
        sla_sweep()
    assert due(detail(api, world, appeal_id), "first_response_due") == msk(2026, 11, 23, 18)


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
