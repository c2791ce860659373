"""`checkauth` and the session cookie, as 1C calls them."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import override_settings

from okno.accounts.tests.factories import PASSWORD, StaffFactory
from okno.core.roles import StaffRole
from okno.exchange.models import ExchangeRequest, ExchangeSession, Integration
from okno.exchange.protocol.auth import COOKIE_NAME, SESSION_IDLE
from okno.exchange.tests.conftest import URL, OneC, basic, text

pytestmark = pytest.mark.django_db


def test_checkauth_answers_the_cookie_sessid_and_timestamp(one_c, one_c_user):
    response = one_c.checkauth()
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    status, name, value, sessid, timestamp = text(response).split("\n")
    session = ExchangeSession.objects.get()
    assert (status, name, value) == ("success", COOKIE_NAME, session.cookie)
    assert sessid == f"sessid={session.sessid}"
    assert timestamp == f"timestamp={int(session.started_at.timestamp())}"
    assert session.kind == "catalog"
    assert session.integration.user == one_c_user
    logged = ExchangeRequest.objects.get()
    assert logged.mode == "checkauth"
    assert session.cookie not in logged.message
    assert logged.message.startswith(f"{COOKIE_NAME}\n…\nsessid=")


def test_first_checkauth_makes_the_integration_with_defaults(one_c, one_c_user):
    one_c.checkauth()
    one_c.checkauth()
    integration = Integration.objects.get()
    assert integration.user == one_c_user
    assert integration.encoding == "utf-8"
    assert integration.allow_zip
    assert ExchangeSession.objects.filter(integration=integration).count() == 2


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_X_AUTHORIZATION": basic("1c@example.ru", PASSWORD)},
        {"REDIRECT_HTTP_AUTHORIZATION": basic("1c@example.ru", PASSWORD)},
        {"HTTP_AUTHORIZATION": basic("1c@example.ru", PASSWORD), "REMOTE_USER": "someone"},
    ],
)
def test_credentials_passed_on_by_a_proxy_are_accepted(one_c, headers):
    assert text(one_c.checkauth(**headers)).startswith("success\n")


def test_remote_user_alone_is_not_a_login(one_c):
    response = one_c.checkauth(REMOTE_USER="1c@example.ru")
    assert text(response).startswith("failure\n")
    assert not ExchangeSession.objects.exists()


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({}, "Нужна авторизация"),
        ({"HTTP_AUTHORIZATION": basic("1c@example.ru", "wrong")}, "Неверный логин или пароль"),
        ({"HTTP_AUTHORIZATION": basic("nobody@example.ru", PASSWORD)}, "Неверный логин"),
        ({"HTTP_AUTHORIZATION": "Basic ***"}, "Нужна авторизация"),
        ({"HTTP_AUTHORIZATION": basic("1c\x00@example.ru", PASSWORD)}, "Нужна авторизация"),
        ({"HTTP_AUTHORIZATION": "Bearer okno_x"}, "Нужна авторизация"),
    ],
)
def test_bad_credentials_fail(client, one_c_user, headers, reason):
    response = client.get(URL, {"type": "catalog", "mode": "checkauth"}, **headers)
    status, message = text(response).split("\n", 1)
    assert status == "failure"
    assert reason in message
    assert not ExchangeSession.objects.exists()


@pytest.mark.parametrize("role", [StaffRole.MANAGER, StaffRole.OPERATOR])
def test_a_user_whose_role_does_not_allow_the_exchange_fails(client, role):
    StaffFactory(email="manager@example.ru", staff_role=role)
    response = OneC(client).checkauth(login="manager@example.ru")
    assert text(response) == "failure\nЭтому пользователю обмен с 1С не разрешён."
    assert not Integration.objects.exists()


def test_an_inactive_integration_fails(one_c, one_c_user):
    Integration.objects.create(user=one_c_user, name="УТ 11", is_active=False)
    assert text(one_c.checkauth()) == "failure\nИнтеграция «УТ 11» выключена."


@override_settings(AXES_FAILURE_LIMIT=2)
def test_after_too_many_failures_the_login_is_locked_out_as_a_failure(one_c):
    assert text(one_c.checkauth(password="wrong")).startswith("failure\nНеверный")
    assert "заблокирован" in text(one_c.checkauth(password="wrong"))
    response = one_c.checkauth()
    assert response.status_code == 200
    assert text(response).startswith("failure\nСлишком много неудачных попыток входа")
    assert AccessAttempt.objects.filter(username="1c@example.ru").exists()
    assert not ExchangeSession.objects.exists()


def test_a_good_login_forgets_earlier_failures(one_c):
    one_c.checkauth(password="wrong")
    assert text(one_c.checkauth()).startswith("success\n")
    assert not AccessAttempt.objects.filter(username="1c@example.ru").exists()


def test_later_requests_need_the_cookie_of_a_live_session(client, one_c):
    assert text(one_c.get("init")) == "failure\nНет сеанса обмена: сначала mode=checkauth."
    client.cookies[COOKIE_NAME] = "forged"
    assert text(one_c.get("init")).startswith("failure\nСеанс обмена не найден или истёк")
    one_c.checkauth()
    assert text(one_c.get("init")).startswith("zip=yes\n")
    ExchangeSession.objects.update(
        last_request_at=ExchangeSession.objects.get().started_at
        - SESSION_IDLE
        - timedelta(seconds=1)
    )
    assert text(one_c.get("init")).startswith("failure\nСеанс обмена не найден или истёк")


def test_a_catalog_cookie_does_not_open_the_sale_side(client, one_c):
    one_c.checkauth()
    assert text(OneC(client, "sale").get("init")).startswith("failure\n")


def test_a_user_made_inactive_loses_the_session(one_c, one_c_user):
    one_c.checkauth()
    one_c_user.is_active = False
    one_c_user.save()
    assert text(one_c.get("init")).startswith("failure\n")


def test_basic_credentials_again_continue_the_latest_session(client, one_c):
    one_c.checkauth()
    client.cookies.clear()
    headers = {"HTTP_AUTHORIZATION": basic("1c@example.ru", PASSWORD)}
    response = client.get(URL, {"type": "catalog", "mode": "init"}, **headers)
    assert text(response).startswith("zip=yes\n")
    assert ExchangeSession.objects.count() == 1
    assert ExchangeRequest.objects.filter(mode="init").count() == 1


def test_an_unknown_type_or_mode_fails(one_c):
    one_c.checkauth()
    assert text(one_c.client.get(URL, {"type": "x", "mode": "init"})).startswith("failure\n")
    assert text(one_c.get("dance")) == "failure\nНеизвестный режим обмена: dance"
