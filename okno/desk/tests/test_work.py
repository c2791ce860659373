"""Operators' time on an appeal and canned replies, through the appeal page: time written
as people say it, totals, who may take an entry back; a canned reply filled with the
appeal's order and client; clients and another client's manager never reach either."""

import datetime as dt
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from okno.accounts.models import StaffRole
from okno.accounts.tests.factories import StaffFactory
from okno.core.errors import InvalidInput
from okno.core.money import format_money
from okno.desk.models import CannedReply, TimeEntry
from okno.desk.services.work import minutes_parse
from okno.desk.tests.helpers import claim_on, question

pytestmark = pytest.mark.django_db


def _page(client, user, appeal, **query) -> str:
    client.force_login(user)
    response = client.get(reverse("desk:staff_appeal", args=[appeal.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def _add(client, user, appeal, **data):
    client.force_login(user)
    return client.post(reverse("desk:staff_time_add", args=[appeal.pk]), data, follow=True)


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [("45", 45), ("1:30", 90), ("1 ч 30 мин", 90), ("2ч", 120), ("90 мин", 90), ("24:00", 1440)],
)
def test_time_is_read_as_operators_write_it(typed, minutes):
    assert minutes_parse(typed) == minutes


@pytest.mark.parametrize("typed", ["", "abc", "0", "25:00", "1:75", "-5", "1441"])
def test_what_is_not_a_time_within_a_day_is_refused(typed):
    with pytest.raises(InvalidInput):
        minutes_parse(typed)


def test_an_operator_writes_time_and_sees_the_total(world, client):
    appeal = question(world.a_admin)
    _add(client, world.operator, appeal, minutes="1:30", note="Звонок на склад")
    response = _add(client, world.operator, appeal, minutes="45")
    text = response.content.decode()
    assert "Время записано: 45 мин." in text
    assert "data-time-total>2 ч 15 мин<" in text
    assert "Звонок на склад" in text
    entries = TimeEntry.objects.filter(appeal=appeal)
    assert sorted(entries.values_list("minutes", flat=True)) == [45, 90]
    assert {entry.user for entry in entries} == {world.operator}
    assert {entry.day for entry in entries} == {timezone.localdate()}


def test_bad_time_says_what_is_wrong_and_writes_nothing(world, client):
    appeal = question(world.a_admin)
    text = _add(client, world.operator, appeal, minutes="полтора").content.decode()
    assert "Время не распознано: «полтора»" in text
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    text = _add(client, world.operator, appeal, minutes="10", day=tomorrow).content.decode()
    assert "нельзя записать на будущий день" in text
    assert not TimeEntry.objects.exists()


def test_only_the_author_or_a_supervisor_takes_an_entry_back(world, client):
    appeal = question(world.a_admin)
    _add(client, world.operator, appeal, minutes="30")
    entry = TimeEntry.objects.get()
    url = reverse("desk:staff_time_remove", args=[appeal.pk, entry.pk])
    colleague = StaffFactory(staff_role=StaffRole.OPERATOR, manager_code=None)
    client.force_login(colleague)
    assert client.post(url).status_code == 403
    assert TimeEntry.objects.filter(pk=entry.pk).exists()
    supervisor = StaffFactory(staff_role=StaffRole.SUPERVISOR, manager_code=None)
    client.force_login(supervisor)
    assert client.post(url).status_code == 302
    assert not TimeEntry.objects.exists()


def test_a_client_cannot_write_time(world, client):
    appeal = question(world.a_admin)
    assert _add(client, world.a_admin, appeal, minutes="30").status_code == 403
    assert not TimeEntry.objects.exists()


def test_a_canned_reply_is_put_in_the_answer_filled_from_the_claim(world, client, delivered):
    order, shipment = delivered
    appeal = claim_on(world.a_admin, order, shipment)
    reply = CannedReply.objects.create(
        title="Приняли претензию",
        body="Здравствуйте! По заказу {заказ} на {сумма заказа} ({клиент}) претензия "
        "{обращение} принята. {неизвестное} С уважением, {оператор}",
    )
    CannedReply.objects.create(title="Старый шаблон", body="—", is_active=False)
    text = _page(client, world.operator, appeal)
    assert "Приняли претензию" in text
    assert "Старый шаблон" not in text
    text = _page(client, world.operator, appeal, canned=reply.pk)
    filled = (
        f"Здравствуйте! По заказу {order.number} на {format_money(order.total)} "
        f"({world.client_a.name}) претензия {appeal.number} принята. {{неизвестное}} "
        f"С уважением, {world.operator}"
    )
    assert filled in unescape(text)


def test_a_canned_reply_without_an_order_shows_dashes(world, client):
    appeal = question(world.a_admin)
    reply = CannedReply.objects.create(title="Заказ", body="Заказ {заказ} от {дата заказа}")
    text = _page(client, world.operator, appeal, canned=reply.pk)
    assert "Заказ — от —" in text
