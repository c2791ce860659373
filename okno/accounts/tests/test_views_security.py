"""The security page: password change, sessions, API tokens, two-factor switch-off."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from okno.accounts.models import ApiToken, TwoFactorPolicy, UserSession, token_digest
from okno.accounts.tests.factories import PASSWORD
from okno.accounts.tests.helpers import is_logged_in, login
from okno.accounts.tests.totp import totp_code
from okno.audit.models import AuditEvent
from okno.core.roles import StaffRole

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Smenil2026pass"
# Session, user, session records, live session keys (one for all), membership, the
# header's legal entities (two), authenticator, tokens: however many sessions there are.
SECURITY_PAGE_QUERIES = 9


@pytest.fixture
def two_browsers(world, client):
    other = Client()
    login(client, world.a_admin.email)
    login(other, world.a_admin.email)
    return client, other


def test_page_lists_sessions_and_tokens(world, two_browsers):
    client, _other = two_browsers
    response = client.get(reverse("accounts:security"))
    assert response.status_code == 200
    sessions = response.context["sessions"]
    assert len(sessions) == 2
    assert sum(s.is_current for s in sessions) == 1
    text = response.content.decode()
    assert "этот сеанс" in text
    assert "Двухфакторный вход" not in text


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("accounts:security"))
    assert response.url.startswith(reverse("accounts:login"))


def test_password_change_keeps_this_session_and_ends_the_others(world, two_browsers):
    client, other = two_browsers
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = client.post(reverse("accounts:password_change"), data)
    assert response.url == reverse("accounts:security")
    assert is_logged_in(client)
    assert not is_logged_in(other)
    session = UserSession.objects.get(user=world.a_admin)
    assert session.session_key == client.session.session_key
    assert AuditEvent.objects.filter(action="password.changed").exists()


def test_password_change_errors_name_the_fields(world, client):
    client.force_login(world.a_admin)
    data = {"old_password": "nope", "new_password1": "abc", "new_password2": "abc"}
    text = client.post(reverse("accounts:password_change"), data).content.decode()
    assert "Старый пароль</a>:" in text
    assert "Новый пароль</a>:" in text or "Новый пароль" in text
    world.a_admin.refresh_from_db()
    assert world.a_admin.check_password(PASSWORD)


def test_end_one_other_session(world, two_browsers):
    client, other = two_browsers
    other_row = UserSession.objects.get(session_key=other.session.session_key)
    response = client.post(reverse("accounts:session_end", args=[other_row.pk]))
    assert response.url == reverse("accounts:security")
    assert not is_logged_in(other)
    assert is_logged_in(client)


def test_end_all_other_sessions_with_htmx(world, two_browsers):
    client, other = two_browsers
    response = client.post(reverse("accounts:sessions_end_others"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="sessions"' in response.content.decode()
    assert "<html" not in response.content.decode()
    assert not is_logged_in(other)
    assert is_logged_in(client)


def test_ending_the_current_session_logs_out(world, client):
    login(client, world.a_admin.email)
    row = UserSession.objects.get(session_key=client.session.session_key)
    client.post(reverse("accounts:session_end", args=[row.pk]))
    assert not is_logged_in(client)


def test_another_persons_session_is_404(world, client):
    victim = Client()
    login(victim, world.b_admin.email)
    row = UserSession.objects.get(user=world.b_admin)
    client.force_login(world.a_admin)
    assert client.post(reverse("accounts:session_end", args=[row.pk])).status_code == 404
    assert is_logged_in(victim)


def test_token_is_shown_once_and_stored_hashed(world, client):
    client.force_login(world.a_admin)
    response = client.post(reverse("accounts:token_create"), {"name": "1С: обмен"})
    raw = response.context["new_token"]
    assert raw.startswith("okno_")
    assert raw in response.content.decode()
    token = ApiToken.objects.get(user=world.a_admin)
    assert token.key_hash == token_digest(raw)
    assert raw[5:13] == token.prefix
    page = client.get(reverse("accounts:security")).content.decode()
    assert raw not in page
    assert f"okno_{token.prefix}" in page
    assert "1С: обмен" in page


def test_token_needs_a_name(world, client):
    client.force_login(world.a_admin)
    response = client.post(reverse("accounts:token_create"), {"name": ""}, HTTP_HX_REQUEST="true")
    assert "Название токена</a>:" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_token_revoke(world, client):
    client.force_login(world.a_admin)
    client.post(reverse("accounts:token_create"), {"name": "старый"})
    token = ApiToken.objects.get()
    response = client.post(
        reverse("accounts:token_revoke", args=[token.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "старый" not in response.content.decode()
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404


def test_staff_sees_two_factor_and_can_switch_it_off_with_a_code(world, client):
    device = TOTPDevice.objects.create(user=world.manager_a, name="app", confirmed=True)
    client.force_login(world.manager_a)
    page = client.get(reverse("accounts:security")).content.decode()
    assert "Двухфакторный вход" in page
    assert "Отключить" in page
    wrong = client.post(reverse("accounts:two_factor_disable"), {"code": "12"})
    assert "Неверный код" in wrong.content.decode()
    device.throttling_failure_count = 0
    device.save()
    response = client.post(reverse("accounts:two_factor_disable"), {"code": totp_code(device)})
    assert response.url == reverse("accounts:security")
    assert not TOTPDevice.objects.filter(user=world.manager_a).exists()
    assert AuditEvent.objects.filter(action="two_factor.disabled").exists()


def test_mandatory_two_factor_cannot_be_switched_off(world, client):
    TwoFactorPolicy.objects.create(role=StaffRole.MANAGER, required=True)
    device = TOTPDevice.objects.create(user=world.manager_a, name="app", confirmed=True)
    login(client, world.manager_a.email)
    client.post(reverse("accounts:two_factor"), {"code": totp_code(device)})
    page = client.get(reverse("accounts:security")).content.decode()
    assert "отключить его нельзя" in page
    response = client.post(
        reverse("accounts:two_factor_disable"), {"code": totp_code(device, steps_ahead=1)}
    )
    assert "обязателен" in response.content.decode()
    assert TOTPDevice.objects.filter(user=world.manager_a).exists()


@pytest.mark.parametrize("sessions", [2, 12])
def test_page_queries_do_not_grow_with_sessions(world, client, sessions, django_assert_num_queries):
    login(client, world.a_admin.email)
    for _ in range(sessions - 1):
        login(Client(), world.a_admin.email)
    UserSession.objects.create(user=world.a_admin, session_key="gone" * 8)
    client.get(reverse("accounts:security"))  # drops the record of the session that is gone
    with django_assert_num_queries(SECURITY_PAGE_QUERIES):
        response = client.get(reverse("accounts:security"))
    assert len(response.context["sessions"]) == sessions
    assert not UserSession.objects.filter(session_key="gone" * 8).exists()
