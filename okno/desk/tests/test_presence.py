"""«Who else is viewing» on the operator's appeal page: each operator with the page open
sees the others (and who is typing a reply), through the page's poll; a page left says
goodbye, and one closed without it stops counting after the freshness window. Clients
never see it and never appear in it."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from okno.desk.models import AppealViewer
from okno.desk.tests.assign_helpers import operator
from okno.desk.tests.helpers import question

pytestmark = pytest.mark.django_db


def _browser(person) -> Client:
    browser = Client()
    browser.force_login(person)
    return browser


def _poll(browser, appeal, **data) -> str:
    response = browser.post(
        reverse("desk:staff_presence", args=[appeal.pk]), data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200, response.content
    return response.content.decode()


def _page(browser, appeal) -> str:
    response = browser.get(reverse("desk:staff_appeal", args=[appeal.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_two_operators_with_the_page_open_see_each_other(world):
    anna, boris = operator("Анна Петрова"), operator("Борис Орлов")
    appeal = question(world.a_admin)
    as_anna, as_boris = _browser(anna), _browser(boris)
    page = _page(as_anna, appeal)
    assert 'hx-trigger="load, every 12s"' in page  # the page signals as soon as it loads
    assert "data-viewers" not in _poll(as_anna, appeal)
    seen_by_boris = _poll(as_boris, appeal, typing="1")
    assert f'data-viewer="{anna.pk}"' in seen_by_boris
    assert "Анна Петрова" in seen_by_boris
    assert f'data-viewer="{boris.pk}"' not in seen_by_boris  # never oneself
    assert 'hx-trigger="every 12s"' in seen_by_boris  # the answer polls on, not at once
    seen_by_anna = _poll(as_anna, appeal)
    assert "Борис Орлов" in seen_by_anna
    assert "пишет ответ" in seen_by_anna
    assert "Борис Орлов" in _page(as_anna, appeal)
    # Boris stopped typing: his next signal says so.
    _poll(as_boris, appeal)
    assert "пишет ответ" not in _poll(as_anna, appeal)


def test_a_page_closed_without_a_goodbye_stops_counting_after_the_window(world, settings):
    settings.OKNO_DESK_PRESENCE_SECONDS = 30
    anna, boris, vera = operator("Анна"), operator("Борис"), operator("Вера")
    appeal = question(world.a_admin)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _poll(_browser(anna), appeal)
        _poll(_browser(boris), appeal)
    with time_machine.travel(start + datetime.timedelta(seconds=20), tick=False):
        as_vera = _browser(vera)
        assert "Анна" in _poll(as_vera, appeal)
    with time_machine.travel(start + datetime.timedelta(seconds=31), tick=False):
        assert "data-viewers" not in _page(as_vera, appeal)
        assert "data-viewers" not in _poll(as_vera, appeal)
    # The poll cleared the appeal's stale rows: only Vera's own is left.
    assert list(AppealViewer.objects.values_list("user_id", flat=True)) == [vera.pk]


def test_leaving_the_page_removes_the_operator_at_once(world):
    anna, boris = operator("Анна"), operator("Борис")
    appeal = question(world.a_admin)
    as_anna, as_boris = _browser(anna), _browser(boris)
    _poll(as_anna, appeal)
    assert "Анна" in _poll(as_boris, appeal)
    left = as_anna.post(reverse("desk:staff_presence", args=[appeal.pk]), {"state": "leave"})
    assert left.status_code == 204
    assert "data-viewers" not in _poll(as_boris, appeal)


def test_the_minutes_clean_up_forgets_pages_nobody_renewed(world):
    from okno.desk.tasks import presence_clear

    appeal = question(world.a_admin)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _poll(_browser(operator("Анна")), appeal)
    with time_machine.travel(start + datetime.timedelta(minutes=1), tick=False):
        presence_clear.call_local()
    assert not AppealViewer.objects.exists()


@pytest.mark.parametrize("who", ["a_admin", "manager_a"])
def test_clients_and_managers_neither_signal_nor_see(world, who):
    appeal = question(world.a_admin)
    _poll(_browser(operator("Анна")), appeal)
    response = _browser(getattr(world, who)).post(
        reverse("desk:staff_presence", args=[appeal.pk]), {"typing": "1"}
    )
    assert response.status_code == 403
    assert AppealViewer.objects.count() == 1
    client_page = _browser(world.a_admin).get(reverse("desk:appeal", args=[appeal.pk]))
    assert "Анна" not in client_page.content.decode()
    assert "appeal-presence" not in client_page.content.decode()
