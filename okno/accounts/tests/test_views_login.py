"""Login, lockout, one session at a time, access off, logout — through HTTP."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from okno.accounts.models import UserSession
from okno.accounts.services import user_set_access
from okno.accounts.services.throttles import LOGIN_FAILURES_PER_ADDRESS
from okno.accounts.tests.factories import PASSWORD, UserFactory
from okno.accounts.tests.helpers import is_logged_in, login
from okno.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

WRONG = "Неверный логин или пароль"


def test_login_page_renders_with_labels(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'for="id_login"' in text
    assert "E-mail или телефон" in text
    assert 'for="id_password"' in text


def test_login_by_email_any_case(world, client):
    response = login(client, world.a_admin.email.upper())
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert is_logged_in(client)
    assert AuditEvent.objects.filter(action="login.success", user=world.a_admin).exists()


@pytest.mark.parametrize(
    "typed",
    ["+79161234567", "8 (916) 123-45-67", "+7 916 123 45 67", "9161234567", "8-916-1234567"],
)
def test_login_by_phone_in_any_format(client, typed):
    UserFactory(email=None, phone="+79161234567")
    assert login(client, typed).status_code == 302
    assert is_logged_in(client)


def test_login_keeps_a_safe_next_and_drops_a_foreign_one(world, client):
    response = login(client, world.a_admin.email, next="/accounts/security/")
    assert response.url == "/accounts/security/"
    other = Client()
    response = login(other, world.a_admin.email, next="https://evil.example/")
    assert response.url == reverse("core:home")


def test_wrong_password_is_refused_without_saying_which_part(world, client):
    response = login(client, world.a_admin.email, "Wrong2026pass")
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    unknown = login(client, "nobody@example.ru", "Wrong2026pass")
    assert WRONG in unknown.content.decode()
    assert not is_logged_in(client)
    failures = AuditEvent.objects.filter(action="login.failure")
    assert failures.count() == 2
    assert failures.filter(object_id=str(world.a_admin.pk)).exists()


def test_empty_form_names_the_fields(client):
    response = client.post(reverse("accounts:login"), {"login": "", "password": ""})
    text = response.content.decode()
    assert "E-mail или телефон</a>: Обязательное поле" in text
    assert "Пароль</a>: Обязательное поле" in text


def _expected_unlock_text(login_value: str) -> str:
    latest = AccessAttempt.objects.filter(username=login_value).latest("attempt_time")
    until = (latest.attempt_time + settings.AXES_COOLOFF_TIME).astimezone(ZoneInfo("Europe/Moscow"))
    if until.second or until.microsecond:
        until = until.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return until.strftime("%d.%m.%Y %H:%M")


def test_lockout_after_the_failure_limit_with_unlock_time(world, client):
    email = world.a_admin.email
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, email, "Wrong2026pass").status_code == 200
    locked = login(client, email, "Wrong2026pass")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "временно заблокирован" in text
    assert _expected_unlock_text(email) in text
    assert "по московскому времени" in text
    assert AuditEvent.objects.filter(action="login.lockout").exists()


def test_right_password_is_refused_while_locked(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, world.a_admin.email, "Wrong2026pass")
    response = login(client, world.a_admin.email, PASSWORD)
    assert response.status_code == 429
    assert "временно заблокирован" in response.content.decode()
    assert not is_logged_in(client)


def test_lockout_counts_per_person_whatever_form_of_login(client):
    UserFactory(email=None, phone="+79161234567")
    forms = ["+79161234567", "89161234567", "9161234567", "+7 916 123-45-67", "8(916)1234567"]
    for typed in forms:
        login(client, typed, "Wrong2026pass")
    assert login(client, "+79161234567").status_code == 429


def test_a_new_login_ends_the_other_session_without_several_sessions(world, client):
    user = world.a_admin
    user.allow_multiple_sessions = False
    user.save()
    second = Client()
    login(client, user.email)
    login(second, user.email)
    assert not is_logged_in(client)
    assert is_logged_in(second)
    assert UserSession.objects.filter(user=user).count() == 1


def test_both_sessions_stay_with_several_sessions_allowed(world, client):
    user = world.a_admin
    user.allow_multiple_sessions = True
    user.save()
    second = Client()
    login(client, user.email)
    login(second, user.email)
    assert is_logged_in(client)
    assert is_logged_in(second)
    assert UserSession.objects.filter(user=user).count() == 2


def test_access_off_ends_sessions_at_once(world, client):
    login(client, world.a_buyer.email)
    assert is_logged_in(client)
    user_set_access(
        actor_user=world.manager_a,
        user=world.a_buyer,
        access_allowed=False,
        allow_multiple_sessions=True,
    )
    response = client.get(reverse("accounts:security"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert WRONG in login(client, world.a_buyer.email).content.decode()


def test_login_records_the_session(world, client):
    client.post(
        reverse("accounts:login"),
        {"login": world.a_admin.email, "password": PASSWORD},
        HTTP_USER_AGENT="Mozilla/5.0 (Windows NT 10.0) Chrome/126",
    )
    session = UserSession.objects.get(user=world.a_admin)
    assert session.session_key == client.session.session_key
    assert session.ip == "127.0.0.1"
    assert "Chrome" in session.user_agent


def test_logout_needs_post_and_is_audited(world, client):
    login(client, world.a_admin.email)
    assert client.get(reverse("accounts:logout")).status_code == 200
    assert is_logged_in(client)
    response = client.post(reverse("accounts:logout"))
    assert response.url == reverse("accounts:login")
    assert not is_logged_in(client)
    assert not UserSession.objects.filter(user=world.a_admin).exists()
    assert AuditEvent.objects.filter(action="logout", user=world.a_admin).exists()


def test_logged_in_person_visiting_login_goes_home(world, client):
    client.force_login(world.a_admin)
    assert client.get(reverse("accounts:login")).url == reverse("core:home")


def test_no_access_page_for_a_person_without_client_or_role(client):
    client.force_login(UserFactory())
    response = client.get(reverse("accounts:no_access"))
    assert response.status_code == 200
    assert "не привязана" in response.content.decode()


def test_no_access_page_sends_clients_home(world, client):
    client.force_login(world.a_admin)
    assert client.get(reverse("accounts:no_access")).url == reverse("core:home")


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("login", "anna\x00@example.ru", "ноль-байт"),
        ("login", "a" * 255, "не более 254 символов"),
        ("password", "Okno\x002026", "ноль-байт"),
        ("password", "x" * 129, "не более 128 символов"),
    ],
)
def test_bad_login_input_is_a_form_error(world, client, field, value, reason):
    data = {"login": world.a_admin.email, "password": PASSWORD, field: value}
    response = client.post(reverse("accounts:login"), data)
    assert response.status_code == 200
    text = response.content.decode()
    label = "E-mail или телефон" if field == "login" else "Пароль"
    assert f"{label}</a>:" in text
    assert reason in text
    assert not AccessAttempt.objects.exists()
    assert not is_logged_in(client)


def test_password_spraying_from_one_address_is_stopped(world, client):
    limit = LOGIN_FAILURES_PER_ADDRESS
    for n in range(limit):
        login(client, f"guess{n}@example.ru", "Spring2026")
    refused = login(client, world.a_admin.email)
    assert refused.status_code == 429
    text = refused.content.decode()
    assert "с вашего адреса" in text
    assert "по московскому времени" in text
    assert not is_logged_in(client)
    # Nothing was counted against the person whose login was tried after the stop.
    assert not AccessAttempt.objects.filter(username=world.a_admin.email).exists()
    other_office = Client(REMOTE_ADDR="198.51.100.7")
    assert login(other_office, world.a_admin.email).status_code == 302


def test_the_per_login_lockout_is_unchanged_by_the_address_limit(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, world.a_admin.email, "Wrong2026pass")
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    assert login(elsewhere, world.a_admin.email).status_code == 429
