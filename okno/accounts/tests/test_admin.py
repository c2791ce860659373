"""Django admin of accounts: users, the two-factor policy, tokens with a revoke action."""

import pytest
from django.urls import reverse

from okno.accounts.models import ApiToken, TwoFactorPolicy, UserSession
from okno.accounts.services import api_token_create
from okno.accounts.tests.factories import UserFactory
from okno.core.roles import StaffRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(world, client):
    client.force_login(world.admin)
    return client


@pytest.mark.parametrize(
    "model",
    ["user", "twofactorpolicy", "apitoken", "usersession", "invitation", "phonecode", "consent"],
)
def test_changelists_open(admin_client, model):
    assert admin_client.get(reverse(f"admin:accounts_{model}_changelist")).status_code == 200


def test_user_search_by_phone_and_filter_by_role(admin_client, world):
    UserFactory(email=None, phone="+79161234567", full_name="Телефонный Пользователь")
    url = reverse("admin:accounts_user_changelist")
    found = admin_client.get(url, {"q": "+79161234567"}).content.decode()
    assert "Телефонный Пользователь" in found
    managers = admin_client.get(url, {"staff_role__exact": "manager"}).content.decode()
    assert "Менеджер А" in managers
    assert "Телефонный Пользователь" not in managers


def test_user_can_be_added_with_a_password(admin_client):
    url = reverse("admin:accounts_user_add")
    response = admin_client.post(
        url,
        {
            "email": "new@okno.demo",
            "phone": "",
            "full_name": "Новый Сотрудник",
            "staff_role": "operator",
            "password1": "Okno2026demo",
        },
    )
    assert response.status_code == 302


def test_two_factor_policy_is_editable(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_twofactorpolicy_add"), {"role": StaffRole.MANAGER, "required": "on"}
    )
    assert response.status_code == 302
    assert TwoFactorPolicy.objects.get(role=StaffRole.MANAGER).required


def test_revoke_action_revokes_anyones_tokens(admin_client, world):
    token, _raw = api_token_create(user=world.a_admin, name="1С")
    response = admin_client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_token_hash_and_session_key_are_not_shown(admin_client, world):
    token, _raw = api_token_create(user=world.a_admin, name="1С")
    page = admin_client.get(reverse("admin:accounts_apitoken_change", args=[token.pk]))
    assert token.key_hash not in page.content.decode()
    session = UserSession.objects.create(user=world.a_admin, session_key="k" * 32)
    page = admin_client.get(reverse("admin:accounts_usersession_change", args=[session.pk]))
    assert "k" * 32 not in page.content.decode()


def test_only_administrators_see_tokens(world, client):
    world.manager_a.is_staff = True
    world.manager_a.save()
    client.force_login(world.manager_a)
    assert client.get(reverse("admin:accounts_apitoken_changelist")).status_code == 403
    assert ApiToken.objects.count() == 0


def test_admin_login_goes_through_the_portal_login(client, db):
    response = client.get(reverse("admin:login") + "?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response.url == reverse("accounts:login") + "?next=/admin/accounts/user/"


def test_logged_in_person_without_admin_access_gets_403_not_a_loop(world, client):
    client.force_login(world.manager_a)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403
