"""The accounts API: issuing, listing and revoking tokens; `me` for a client and for staff."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from okno.accounts.models import ApiToken, TwoFactorPolicy
from okno.accounts.services import api_token_authenticate, api_token_create
from okno.accounts.tests.factories import PASSWORD
from okno.accounts.tests.totp import totp_code
from okno.core.roles import StaffRole

pytestmark = pytest.mark.django_db


def _issue(client, login, password=PASSWORD, **extra):
    body = {"login": login, "password": password, **extra}
    return client.post(
        reverse("api:auth_token_create"), data=json.dumps(body), content_type="application/json"
    )


def _bearer(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}"}


def test_token_flow_issue_use_list_revoke(world, client):
    response = _issue(client, world.a_admin.email)
    assert response.status_code == 200
    body = response.json()
    raw, token_id = body["token"], body["id"]
    assert raw.startswith("okno_")
    me = client.get(reverse("api:me"), headers=_bearer(raw))
    assert me.status_code == 200
    assert me.json()["user"]["id"] == world.a_admin.pk
    listed = client.get(reverse("api:auth_token_list"), headers=_bearer(raw)).json()
    assert listed["count"] == 1
    assert listed["items"][0]["id"] == token_id
    assert "token" not in listed["items"][0]
    assert "key_hash" not in listed["items"][0]
    url = reverse("api:auth_token_revoke", kwargs={"token_id": token_id})
    assert client.delete(url, headers=_bearer(raw)).status_code == 204
    assert client.get(reverse("api:me"), headers=_bearer(raw)).status_code == 401


def test_wrong_password_is_401(world, client):
    response = _issue(client, world.a_admin.email, "Wrong2026pass")
    assert response.status_code == 401
    assert "Неверный логин или пароль" in response.json()["detail"]
    assert not ApiToken.objects.exists()


def test_garbage_tokens_are_401(world, client):
    for raw in ("okno_nothing", "abc", ""):
        assert client.get(reverse("api:me"), headers=_bearer(raw)).status_code == 401


def test_inactive_users_token_stops_working(world, client):
    _token, raw = api_token_create(user=world.a_admin, name="x")
    world.a_admin.is_active = False
    world.a_admin.save()
    assert client.get(reverse("api:me"), headers=_bearer(raw)).status_code == 401


def test_lockout_through_the_api(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _issue(client, world.a_admin.email, "Wrong2026pass").status_code == 401
    locked = _issue(client, world.a_admin.email, "Wrong2026pass")
    assert locked.status_code == 429
    body = locked.json()
    assert "временно заблокирован" in body["detail"]
    assert "по московскому времени" in body["detail"]
    assert body["unlock_at"]
    assert _issue(client, world.a_admin.email).status_code == 429


def test_role_with_mandatory_two_factor_needs_the_code(world, client):
    TwoFactorPolicy.objects.create(role=StaffRole.MANAGER, required=True)
    without_device = _issue(client, world.manager_a.email)
    assert without_device.status_code == 401
    assert "сначала настройте" in without_device.json()["detail"]
    device = TOTPDevice.objects.create(user=world.manager_a, name="app", confirmed=True)
    missing = _issue(client, world.manager_a.email)
    assert missing.status_code == 401
    assert "otp" in missing.json()["detail"]
    assert not ApiToken.objects.exists()
    issued = _issue(client, world.manager_a.email, otp=totp_code(device))
    assert issued.status_code == 200


def test_a_device_means_the_code_is_needed_even_without_policy(world, client):
    device = TOTPDevice.objects.create(user=world.manager_a, name="app", confirmed=True)
    assert _issue(client, world.manager_a.email).status_code == 401
    wrong = _issue(
        client, world.manager_a.email, otp="000000" if totp_code(device) != "000000" else "1"
    )
    assert wrong.status_code == 401
    assert "Неверный код" in wrong.json()["detail"] or "Повторите" in wrong.json()["detail"]


def test_others_tokens_are_404_and_admin_may_revoke_them(world, client):
    token, _raw = api_token_create(user=world.a_admin, name="1С")
    url = reverse("api:auth_token_revoke", kwargs={"token_id": token.pk})
    client.force_login(world.b_admin)
    assert client.delete(url).status_code == 404
    client.force_login(world.admin)
    assert client.delete(url).status_code == 204
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_admin_lists_any_users_tokens_others_only_their_own(world, client):
    api_token_create(user=world.a_admin, name="A")
    api_token_create(user=world.b_admin, name="B")
    url = reverse("api:auth_token_list")
    client.force_login(world.admin)
    listed = client.get(url, {"user_id": world.a_admin.pk}).json()
    assert [t["name"] for t in listed["items"]] == ["A"]
    client.force_login(world.b_admin)
    listed = client.get(url, {"user_id": world.a_admin.pk}).json()
    assert [t["name"] for t in listed["items"]] == ["B"]


def test_token_list_paginates(world, client):
    for n in range(3):
        api_token_create(user=world.a_admin, name=f"t{n}")
    client.force_login(world.a_admin)
    page = client.get(reverse("api:auth_token_list"), {"limit": 2, "offset": 2}).json()
    assert page["count"] == 3
    assert len(page["items"]) == 1


def test_last_used_is_written_at_most_once_a_minute(world):
    token, raw = api_token_create(user=world.a_admin, name="x")
    assert api_token_authenticate(raw_token=raw) == world.a_admin
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    api_token_authenticate(raw_token=raw)
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    api_token_authenticate(raw_token=raw)
    token.refresh_from_db()
    assert token.last_used_at > first - timedelta(minutes=1)
    assert token.last_used_at <= timezone.now()


def test_me_for_a_client_buyer(world, client):
    client.force_login(world.a_buyer)
    body = client.get(reverse("api:me")).json()
    assert body["kind"] == "client"
    assert body["client"] == {"id": world.client_a.pk, "name": "Клиент А"}
    assert body["client_role"] == "buyer"
    assert [e["id"] for e in body["legal_entities"]] == [world.entity_a1.pk]
    assert body["legal_entities"][0]["inn"] == world.entity_a1.inn
    assert body["current_legal_entity_id"] == world.entity_a1.pk
    assert body["permissions"] == sorted(body["permissions"])
    assert "order.place" in body["permissions"]
    assert body["staff_role"] == ""
    assert set(body["user"]) == {"id", "full_name", "email", "phone", "language"}


def test_me_for_a_client_admin_lists_every_legal_entity(world, client):
    client.force_login(world.a_admin)
    body = client.get(reverse("api:me")).json()
    ids = {e["id"] for e in body["legal_entities"]}
    assert ids == {world.entity_a1.pk, world.entity_a2.pk}
    assert world.entity_b.pk not in ids


def test_me_for_staff(world, client):
    client.force_login(world.manager_a)
    body = client.get(reverse("api:me")).json()
    assert body["kind"] == "staff"
    assert body["staff_role"] == "manager"
    assert body["client"] is None
    assert body["legal_entities"] == []
    assert body["permissions"] == ["clients.connect_people", "clients.manage"]


def test_me_needs_authentication(client, db):
    assert client.get(reverse("api:me")).status_code == 401


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("login", "a" * 255, "Не длиннее 254 символов"),
        ("login", "anna\x00@example.ru", "NUL"),
        ("password", "x" * 129, "Не длиннее 128 символов"),
        ("password", "Okno\x002026", "NUL"),
        ("name", "1С\x00", "NUL"),
    ],
)
def test_bad_login_input_is_422_naming_the_field(world, client, field, value, reason):
    body = {"login": world.a_admin.email, "password": PASSWORD, field: value}
    response = client.post(
        reverse("api:auth_token_create"), data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"] == ["body", field]
    assert reason in problem["msg"]
    assert not ApiToken.objects.exists()


def test_a_login_of_254_characters_is_checked_not_refused(world, client):
    assert _issue(client, "a" * 243 + "@example.ru", "Wrong2026pass").status_code == 401


def test_too_many_failures_from_one_address_are_429_with_the_time(world, client, monkeypatch):
    monkeypatch.setattr("okno.accounts.services.throttles.LOGIN_FAILURES_PER_ADDRESS", 3)
    for n in range(3):
        assert _issue(client, f"guess{n}@example.ru", "Wrong2026pass").status_code == 401
    refused = _issue(client, world.a_admin.email)
    assert refused.status_code == 429
    body = refused.json()
    assert "с вашего адреса" in body["detail"]
    assert "по московскому времени" in body["detail"]
    assert body["unlock_at"]
    assert not ApiToken.objects.exists()
