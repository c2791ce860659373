"""A staff session that began before the second factor became mandatory must pass it first."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from okno.accounts.models import TwoFactorPolicy
from okno.accounts.services import api_token_create
from okno.accounts.tests.totp import totp_code
from okno.core.roles import StaffRole

pytestmark = pytest.mark.django_db


def test_policy_switched_on_mid_session_sends_staff_to_the_second_factor(world, client):
    client.force_login(world.admin)
    TwoFactorPolicy.objects.create(role=StaffRole.ADMIN, required=True)
    response = client.get(reverse("audit:list") + "?action=logout")
    assert response.status_code == 302
    assert response.url == reverse("accounts:two_factor") + "?next=%2Faudit%2F%3Faction%3Dlogout"


def test_security_page_is_not_open_before_the_second_factor(world, client):
    client.force_login(world.admin)
    TwoFactorPolicy.objects.create(role=StaffRole.ADMIN, required=True)
    response = client.post(reverse("accounts:token_create"), {"name": "x"})
    assert response.url.startswith(reverse("accounts:two_factor"))


def test_after_the_code_the_staff_member_goes_on(world, client):
    device = TOTPDevice.objects.create(user=world.admin, name="app", confirmed=True)
    client.force_login(world.admin)
    TwoFactorPolicy.objects.create(role=StaffRole.ADMIN, required=True)
    response = client.post(
        reverse("accounts:two_factor"), {"code": totp_code(device), "next": "/audit/"}
    )
    assert response.url == "/audit/"
    assert client.get("/audit/").status_code == 200


def test_clients_and_optional_roles_are_not_stopped(world, client):
    TwoFactorPolicy.objects.create(role=StaffRole.ADMIN, required=True)
    client.force_login(world.manager_a)
    assert client.get(reverse("accounts:security")).status_code == 200


def test_an_api_call_owing_the_second_factor_gets_401_json_not_a_page(world, client):
    client.force_login(world.admin)
    TwoFactorPolicy.objects.create(role=StaffRole.ADMIN, required=True)
    response = client.get(reverse("api:me"))
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "двухфакторный вход" in response.json()["detail"]
    revoke = client.delete(reverse("api:auth_token_revoke", kwargs={"token_id": 1}))
    assert revoke.status_code == 401


def test_a_bearer_token_call_is_not_stopped_by_the_session_rule(world, client):
    TwoFactorPolicy.objects.create(role=StaffRole.ADMIN, required=True)
    _token, raw = api_token_create(user=world.admin, name="1С")
    response = client.get(reverse("api:me"), headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
