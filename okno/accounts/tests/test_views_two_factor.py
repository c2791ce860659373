"""TOTP for staff: enrolment when the policy requires it, the code at login."""

import time

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from okno.accounts.models import TwoFactorPolicy
from okno.accounts.services.login import PENDING_KEY
from okno.accounts.tests.factories import StaffFactory
from okno.accounts.tests.helpers import is_logged_in, login
from okno.accounts.tests.totp import totp_code
from okno.audit.models import AuditEvent
from okno.core.roles import StaffRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def required_for_managers():
    return TwoFactorPolicy.objects.create(role=StaffRole.MANAGER, required=True)


def _enrol_via_login(client, manager):
    response = login(client, manager.email)
    assert response.url == reverse("accounts:two_factor")
    page = client.get(reverse("accounts:two_factor"))
    device = TOTPDevice.objects.get(user=manager, confirmed=False)
    return page, device


def test_required_role_without_device_is_sent_to_enrolment(client, required_for_managers):
    manager = StaffFactory()
    page, device = _enrol_via_login(client, manager)
    text = page.content.decode()
    assert "<svg" in text
    assert "<path" in text
    assert "Секретный ключ" in text
    assert not is_logged_in(client)
    response = client.post(reverse("accounts:two_factor"), {"code": totp_code(device)})
    assert response.status_code == 302
    assert is_logged_in(client)
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="two_factor.enabled", user=manager).exists()
    assert AuditEvent.objects.filter(action="login.success", user=manager).exists()


def test_enrolment_page_keeps_the_same_secret_on_reload(client, required_for_managers):
    manager = StaffFactory()
    first, _device = _enrol_via_login(client, manager)
    again = client.get(reverse("accounts:two_factor"))
    assert again.context["secret"] == first.context["secret"]
    assert TOTPDevice.objects.filter(user=manager).count() == 1


def test_wrong_enrolment_code_is_explained(client, required_for_managers):
    manager = StaffFactory()
    _page, device = _enrol_via_login(client, manager)
    wrong = "000000" if totp_code(device) != "000000" else "111111"
    response = client.post(reverse("accounts:two_factor"), {"code": wrong})
    assert response.status_code == 200
    assert "Неверный код" in response.content.decode()
    assert not is_logged_in(client)


def test_login_with_a_device_asks_for_the_code(client):
    manager = StaffFactory()
    device = TOTPDevice.objects.create(user=manager, name="app", confirmed=True)
    response = login(client, manager.email)
    assert response.url == reverse("accounts:two_factor")
    assert not is_logged_in(client)
    page = client.get(reverse("accounts:two_factor"))
    assert "Подтвердите вход" in page.content.decode()
    response = client.post(reverse("accounts:two_factor"), {"code": totp_code(device)})
    assert response.url == reverse("core:home")
    assert is_logged_in(client)
    assert client.session["otp_device_id"] == device.persistent_id


def test_enrol_then_log_in_again_with_the_next_code(client, required_for_managers):
    manager = StaffFactory()
    _page, device = _enrol_via_login(client, manager)
    client.post(reverse("accounts:two_factor"), {"code": totp_code(device)})
    client.post(reverse("accounts:logout"))
    login(client, manager.email)
    bad = client.post(reverse("accounts:two_factor"), {"code": "12"})
    assert "Неверный код" in bad.content.decode()
    assert AuditEvent.objects.filter(action="login.otp_failure").exists()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()
    client.post(reverse("accounts:two_factor"), {"code": totp_code(device, steps_ahead=1)})
    assert is_logged_in(client)


def test_repeated_wrong_codes_are_throttled(client):
    manager = StaffFactory()
    device = TOTPDevice.objects.create(user=manager, name="app", confirmed=True)
    login(client, manager.email)
    client.post(reverse("accounts:two_factor"), {"code": "000001"})
    response = client.post(reverse("accounts:two_factor"), {"code": totp_code(device)})
    assert "Повторите через" in response.content.decode()
    assert not is_logged_in(client)


def test_staff_without_device_or_policy_logs_in_with_password(client):
    manager = StaffFactory()
    response = login(client, manager.email)
    assert response.url == reverse("core:home")
    assert is_logged_in(client)


def test_parked_login_expires(client):
    manager = StaffFactory()
    TOTPDevice.objects.create(user=manager, name="app", confirmed=True)
    login(client, manager.email)
    session = client.session
    session[PENDING_KEY] = {**session[PENDING_KEY], "at": time.time() - 3600}
    session.save()
    response = client.get(reverse("accounts:two_factor"))
    assert response.url == reverse("accounts:login")


def test_two_factor_page_without_a_login_goes_to_login(client):
    assert client.get(reverse("accounts:two_factor")).url == reverse("accounts:login")


def test_logged_in_staff_can_enrol_voluntarily(client):
    manager = StaffFactory()
    client.force_login(manager)
    page = client.get(reverse("accounts:two_factor") + "?next=/accounts/security/")
    assert page.context["mode"] == "enrol"
    device = TOTPDevice.objects.get(user=manager)
    response = client.post(
        reverse("accounts:two_factor"), {"code": totp_code(device), "next": "/accounts/security/"}
    )
    assert response.url == "/accounts/security/"
    assert TOTPDevice.objects.get(user=manager).confirmed


def test_clients_are_not_offered_enrolment(world, client):
    client.force_login(world.a_admin)
    assert client.get(reverse("accounts:two_factor")).url == reverse("accounts:security")
