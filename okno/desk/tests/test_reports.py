"""The supervisor's reports through the page, the workbooks and the API, with figures
worked out by hand on the default calendar (Monday to Friday 10:00–18:00 Moscow time) and
the default policy (8 working hours to the first answer)."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from okno.accounts.tests.factories import StaffFactory
from okno.core.actor import actor_for_user
from okno.core.roles import StaffRole
from okno.desk.models import Appeal
from okno.desk.services import appeal_assign
from okno.desk.tests.helpers import claim_on, resolve, shipped_order
from okno.desk.tests.sla_calls import at, file_question, msk

HOUR = 3600
PERIOD = {"date_from": "2026-11-23", "date_to": "2026-11-24"}
REPORTS = reverse("desk:reports")


@pytest.fixture
def supervisor(db):
    return StaffFactory(staff_role=StaffRole.SUPERVISOR, manager_code=None)


def _status(client, world, appeal_id: int, to: str):
    client.force_login(world.operator)
    page = reverse("desk:staff_status", args=[appeal_id])
    assert client.post(page, {"status": to, "reason": "Сделано"}).status_code == 302


def _reply(api, world, appeal_id: int):
    sent = api.as_(world.operator).post(f"/appeals/{appeal_id}/messages", {"text": "Готово"})
    assert sent.status_code == 201, sent.content


def _rate(api, world, appeal_id: int, score: int):
    rated = api.as_(world.a_admin).post(f"/appeals/{appeal_id}/rating", {"score": score})
    assert rated.status_code == 200, rated.content


def _assign(world, appeal_id: int):
    appeal = Appeal.objects.get(pk=appeal_id)
    appeal_assign(
        actor=actor_for_user(world.operator), appeal=appeal, assignee_id=world.operator.pk
    )


@pytest.fixture
def week(client, api, world):
    """Three appeals over 20–24 November 2026:
    - first: filed Monday 23rd 10:00, answered 12:00 (2 h), resolved 15:00 (5 h); the client
      reopens it Tuesday 10:30, it is resolved again 16:00 (8 + 6 = 14 h), rated 4;
    - second: filed Friday 20th 17:00, answered Tuesday 24th 12:00 (1 + 8 + 2 = 11 h, past
      the 8 h due: SLA breached), resolved 13:00 (12 h), rated 2;
    - third: filed Monday 23rd 16:00, nobody assigned, not answered."""
    with at(msk(2026, 11, 20, 17)):
        second = file_question(api, world)
        _assign(world, second)
    with at(msk(2026, 11, 23, 10)):
        first = file_question(api, world)
        _assign(world, first)
    with at(msk(2026, 11, 23, 12)):
        _reply(api, world, first)
    with at(msk(2026, 11, 23, 15)):
        _status(client, world, first, "resolved")
    with at(msk(2026, 11, 23, 16)):
        file_question(api, world)
    with at(msk(2026, 11, 24, 10, 30)):
        client.force_login(world.a_admin)
        reopen = reverse("desk:appeal_reopen", args=[first])
        assert client.post(reopen, {"reason": "Не то"}).status_code == 302
    with at(msk(2026, 11, 24, 12)):
        _reply(api, world, second)
    with at(msk(2026, 11, 24, 13)):
        _status(client, world, second, "resolved")
    with at(msk(2026, 11, 24, 16)):
        _status(client, world, first, "resolved")
    with at(msk(2026, 11, 24, 17)):
        _rate(api, world, first, 4)
        _rate(api, world, second, 2)
    return first, second


def _report(api, user, **params):
    return api.as_(user).get("/desk/reports/operators", params)


def test_the_operators_report_by_day_in_the_api(api, world, week, supervisor):
    response = _report(api, supervisor, **PERIOD)
    assert response.status_code == 200, response.content
    body = response.json()
    rows = {(row["period"], row["operator_id"]): row for row in body["rows"]}
    monday = rows[("2026-11-23", world.operator.pk)]
    assert (monday["received"], monday["first_responses"], monday["resolved"]) == (1, 1, 1)
    assert monday["first_response_p50_seconds"] == 2 * HOUR
    assert monday["resolution_p50_seconds"] == 5 * HOUR
    assert (monday["sla_compliance"], monday["reopened"], monday["csat_count"]) == (1.0, 0, 0)
    assert rows[("2026-11-23", None)]["received"] == 1
    assert rows[("2026-11-23", None)]["operator_name"] == "Не назначено"
    tuesday = rows[("2026-11-24", world.operator.pk)]
    assert (tuesday["received"], tuesday["first_responses"], tuesday["resolved"]) == (0, 1, 2)
    assert tuesday["first_response_p90_seconds"] == 11 * HOUR
    assert tuesday["resolution_p50_seconds"] == 12 * HOUR
    assert tuesday["resolution_p90_seconds"] == 14 * HOUR
    assert (tuesday["reopened"], tuesday["sla_compliance"]) == (1, 0.5)
    assert (tuesday["csat_average"], tuesday["csat_count"]) == (3.0, 2)
    assert len(rows) == 3


def test_the_whole_period_per_operator_and_for_everyone(api, world, week, supervisor):
    body = _report(api, supervisor, **PERIOD).json()
    operator = next(row for row in body["totals"] if row["operator_id"] == world.operator.pk)
    # First answers 2 h and 11 h; resolutions 5, 12 and 14 h (nearest rank).
    assert operator["first_response_p50_seconds"] == 2 * HOUR
    assert operator["first_response_p90_seconds"] == 11 * HOUR
    assert operator["resolution_p50_seconds"] == 12 * HOUR
    assert operator["resolution_p90_seconds"] == 14 * HOUR
    assert operator["sla_counted"] == 3
    assert operator["sla_compliance"] == pytest.approx(2 / 3)
    assert body["total"]["received"] == 2
    assert body["total"]["csat_average"] == 3.0


def test_grouped_by_week_the_friday_appeal_is_received(api, world, week, supervisor):
    body = _report(
        api, supervisor, date_from="2026-11-16", date_to="2026-11-29", group="week"
    ).json()
    weeks = {(row["period"], row["operator_id"]): row for row in body["rows"]}
    assert weeks[("2026-11-16", world.operator.pk)]["received"] == 1
    assert weeks[("2026-11-23", world.operator.pk)]["received"] == 1
    assert weeks[("2026-11-23", world.operator.pk)]["resolved"] == 3


def test_a_period_ending_before_it_starts_is_refused(api, supervisor):
    response = _report(api, supervisor, date_from="2026-11-24", date_to="2026-11-01")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "date_to"]


@pytest.mark.parametrize("who", ["operator", "a_admin", "manager_a"])
def test_only_supervisors_read_the_reports(client, api, world, who):
    user = getattr(world, who)
    assert _report(api, user).status_code == 403
    assert api.as_(user).get("/desk/reports/money", {"by": "client"}).status_code == 403
    assert api.as_(user).get("/desk/reports/support-time").status_code == 403
    client.force_login(user)
    assert client.get(REPORTS).status_code == 403
    assert client.get(reverse("desk:reports_operators_xlsx")).status_code == 403


def test_the_page_shows_the_figures_and_their_definitions(client, world, week, supervisor):
    client.force_login(supervisor)
    page = client.get(REPORTS, PERIOD)
    assert page.status_code == 200
    html = page.content.decode()
    assert "14 ч 00 мин" in html  # the operator's resolution p90
    assert "11 ч 00 мин" in html  # the first answer past its due time
    assert "67 %" in html  # SLA kept on two resolutions of three
    assert "3,00 (2)" in html or "3.00 (2)" in html
    assert "ближайший ранг" in html  # the definitions are written on the page


def test_the_operators_workbook(client, world, week, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("desk:reports_operators_xlsx"), PERIOD)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Операторы"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    tuesday = next(row for row in rows if row[1] == str(world.operator) and row[4] == 2)
    assert tuesday[6:10] == (11.0, 11.0, 12.0, 14.0)
    assert tuesday[10] == 0.5
    everyone = rows[-1]
    assert everyone[:3] == ("Весь период", "Все операторы", 2)


@pytest.fixture
def claim_money(world):
    """A claim on both lines of a delivered order (100 ₽ and 250 ₽ a unit) carried by «ПЭК»:
    a credit note for one unit of the first line, a refund of two units of the second."""
    order, shipment = shipped_order(legal_entity=world.entity_a1, contract=world.contract_a1)
    shipment.carrier = "ПЭК"
    shipment.save(update_fields=["carrier"])
    with at(msk(2026, 11, 23, 12)):
        appeal = claim_on(world.a_admin, order, shipment, "2", "2")
        resolve(world.operator, appeal)
        second_line = appeal.claim_lines.order_by("pk")[1].pk
        resolve(world.operator, appeal, claim_line_id=second_line, kind="refund", quantity="2")
    return order


def test_money_by_reason_carrier_and_client(client, world, claim_money, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("desk:reports_money_xlsx"), PERIOD)
    sheet = load_workbook(io.BytesIO(response.content))["Деньги по претензиям"]
    rows = {(row[0], row[1]): row[2:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    # refund, replacement, credit note, total, lines, rejected
    expected = (500, 0, 100, 600, 2, 0)
    assert rows[("По причине", "Недостача")] == expected
    assert rows[("По перевозчику", "ПЭК")] == expected
    assert rows[("По клиенту", world.client_a.name)] == expected
    assert rows[("По складу", claim_money.warehouse.name)] == expected
    products = [row for (title, _name), row in rows.items() if title == "По товару"]
    assert sorted(row[3] for row in products) == [100, 500]
    page = client.get(REPORTS, PERIOD).content.decode()
    assert "ПЭК" in page


def _money(api, user, **params):
    return api.as_(user).get("/desk/reports/money", params)


def test_money_by_carrier_and_by_reason_in_the_api(api, world, claim_money, supervisor):
    response = _money(api, supervisor, by="carrier", **PERIOD)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["by"], body["title"], body["date_from"]) == (
        "carrier",
        "По перевозчику",
        PERIOD["date_from"],
    )
    [carrier] = body["rows"]
    assert (carrier["name"], carrier["value"]) == ("ПЭК", "ПЭК")
    money = [carrier[key] for key in ("refund", "replacement", "credit_note", "total")]
    assert [Decimal(amount) for amount in money] == [500, 0, 100, 600]
    assert (carrier["lines"], carrier["rejected"]) == (2, 0)
    # By reason when nothing is said: the claim type's name and its code.
    [reason] = _money(api, supervisor, **PERIOD).json()["rows"]
    assert (reason["name"], reason["value"], Decimal(reason["total"])) == (
        "Недостача",
        "shortage",
        600,
    )
    products = _money(api, supervisor, by="product", **PERIOD).json()["rows"]
    assert [Decimal(row["total"]) for row in products] == [500, 100]  # the largest first
    clients = _money(api, supervisor, by="client", **PERIOD).json()["rows"]
    assert [row["value"] for row in clients] == [world.client_a.name]
    outside = _money(api, supervisor, date_from="2026-11-24", date_to="2026-11-24")
    assert outside.json()["rows"] == []


@pytest.mark.parametrize(
    ("params", "loc", "kind"),
    [
        ({"by": "colour"}, ["query", "by"], "literal_error"),
        ({"date_from": "23.11.2026"}, ["query", "date_from"], "date_from_datetime_parsing"),
        ({"date_from": "2026-11-24", "date_to": "2026-11-01"}, ["body", "date_to"], "invalid"),
        ({"date_from": "2025-01-01", "date_to": "2026-11-24"}, ["body", "date_from"], "invalid"),
    ],
)
def test_a_wrong_money_report_request_is_named(api, supervisor, params, loc, kind):
    response = _money(api, supervisor, **params)
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert (problem["loc"], problem["type"]) == (loc, kind)
    assert problem["msg"]


def test_the_money_and_time_reports_are_in_the_openapi_schema(api, supervisor):
    paths = api.as_(supervisor).get("/openapi.json").json()["paths"]
    money = paths["/api/v1/desk/reports/money"]["get"]
    assert {p["name"] for p in money["parameters"]} == {"date_from", "date_to", "by"}
    assert "/api/v1/desk/reports/support-time" in paths


def _spend(client, world, appeal_id: int, minutes: str, day: str):
    client.force_login(world.operator)
    page = reverse("desk:staff_time_add", args=[appeal_id])
    assert client.post(page, {"minutes": minutes, "day": day}).status_code == 302


def test_time_per_client_against_the_support_plan(client, api, world, supervisor):
    client.force_login(world.admin)
    card = client.get(reverse("clients:card", args=[world.client_a.pk]))
    assert "Часов поддержки в месяц" in card.content.decode()
    world.client_a.support_hours = 10
    world.client_a.save(update_fields=["support_hours"])
    with at(msk(2026, 11, 25, 12)):
        appeal_id = file_question(api, world)
        _spend(client, world, appeal_id, "6:00", "2026-11-10")
        _spend(client, world, appeal_id, "5:00", "2026-11-24")
    client.force_login(supervisor)
    november = {"date_from": "2026-11-01", "date_to": "2026-11-30"}
    page = client.get(REPORTS, november).content.decode()
    assert "report-overspent" in page
    assert "перерасход" in page
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("desk:reports_time_xlsx"), november).content)
    )["Время по клиентам"]
    row = next(sheet.iter_rows(min_row=2, values_only=True))
    assert row[:5] == (world.client_a.name, 11, 10, 10, 1.1)
    assert row[5] == "да"
    # Half of November: half the month's hours, and 5 h spent is within them.
    half = {"date_from": "2026-11-16", "date_to": "2026-11-30"}
    sheet = load_workbook(io.BytesIO(client.get(reverse("desk:reports_time_xlsx"), half).content))[
        "Время по клиентам"
    ]
    assert next(sheet.iter_rows(min_row=2, values_only=True))[:6] == (
        world.client_a.name,
        5,
        10,
        5,
        1,
        None,
    )
    # The same through the API.
    body = api.as_(supervisor).get("/desk/reports/support-time", november).json()
    [row] = body["rows"]
    assert (row["client_id"], row["client_name"], row["spent_minutes"]) == (
        world.client_a.pk,
        world.client_a.name,
        660,
    )
    hours = [Decimal(row[key]) for key in ("spent_hours", "agreed_hours", "share")]
    assert hours == [11, 10, Decimal("1.1")]
    assert (row["monthly_hours"], row["overspent"]) == (10, True)
    [half_row] = api.as_(supervisor).get("/desk/reports/support-time", half).json()["rows"]
    assert (Decimal(half_row["agreed_hours"]), half_row["overspent"]) == (5, False)


def test_support_hours_are_edited_on_the_client_card(client, world):
    client.force_login(world.manager_a)
    page = reverse("clients:card_overview", args=[world.client_a.pk])
    form = {"name": world.client_a.name, "kind": "company", "is_active": "on"}
    response = client.post(page, {**form, "support_hours": "12"})
    assert response.status_code in (200, 302)
    world.client_a.refresh_from_db()
    assert world.client_a.support_hours == 12


def test_the_page_reads_a_bounded_number_of_queries(
    client, world, week, claim_money, supervisor, django_assert_max_num_queries
):
    client.force_login(supervisor)
    client.get(REPORTS, PERIOD)  # the calendar's snapshot is kept on first use
    with django_assert_max_num_queries(24):
        assert client.get(REPORTS, PERIOD).status_code == 200
