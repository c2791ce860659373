"""The SLA through the desk's public surface, with time travel: due times in the API and
on the pages, pauses over a night and a holiday, the shortened pre-holiday day, the queue's
time left and its filter."""

from django.urls import reverse

from okno.desk.models import Appeal
from okno.desk.sla.sweep import sla_sweep
from okno.desk.tests.sla_calls import at, detail, due, file_question, msk


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
    # A row's own link (the later one also offers to merge with the earlier, the same case).
    rows = Appeal.objects.values_list("pk", "number")
    numbers = {pk: f">{number}</a>" for pk, number in rows}
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


def test_the_sla_object_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    sla = schema["components"]["schemas"]["SlaOut"]["properties"]
    assert {"first_response_due", "resolution_due", "state"} <= set(sla)
    detail_schema = schema["components"]["schemas"]["AppealDetailOut"]["properties"]
    assert "sla" in detail_schema
