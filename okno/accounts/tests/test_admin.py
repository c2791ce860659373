"""Django admin of accounts: users, the two-factor policy, tokens with a revoke action;
changes of roles, permissions and access made there are audited."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from okno.accounts.models import ApiToken, TwoFactorPolicy, User, UserSession
from okno.accounts.services import api_token_create
from okno.accounts.tests.factories import UserFactory
from okno.accounts.tests.helpers import is_logged_in, login
from okno.audit.models import AuditEvent
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


def _user_form(user, **changes) -> dict:
    """The admin change form of `user` as the browser would send it, with `changes`."""
    values = {
        "email": user.email or "",
        "phone": user.phone or "",
        "full_name": user.full_name,
        "position": user.position,
        "language": user.language,
        "staff_role": user.staff_role,
        "manager_code": user.manager_code or "",
        "extra_permissions": json.dumps(user.extra_permissions),
        "is_active": user.is_active,
        "allow_multiple_sessions": user.allow_multiple_sessions,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        **changes,
    }
    return {k: ("on" if v is True else v) for k, v in values.items() if v is not False}


def _change_user(admin_client, user, **changes):
    url = reverse("admin:accounts_user_change", args=[user.pk])
    response = admin_client.post(url, _user_form(user, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    return response


def test_role_and_permission_changes_in_admin_are_audited(admin_client, world):
    user = world.operator
    _change_user(
        admin_client,
        user,
        staff_role=StaffRole.SUPERVISOR,
        extra_permissions='["audit.view"]',
        is_staff=True,
        is_superuser=True,
    )
    assert (user.staff_role, user.is_superuser) == (StaffRole.SUPERVISOR, True)
    event = AuditEvent.objects.get(action="user.permissions_changed")
    assert event.user == world.admin
    assert event.object_id == str(user.pk)
    assert event.changes == {
        "staff_role": [StaffRole.OPERATOR, StaffRole.SUPERVISOR],
        "extra_permissions": [None, "audit.view"],
        "is_staff": [False, True],
        "is_superuser": [False, True],
    }
    page = admin_client.get(reverse("audit:list"), {"action": "user.permissions_changed"})
    assert "Роль и права пользователя изменены" in page.content.decode()


def test_access_off_in_admin_ends_sessions_and_is_audited_with_the_client(admin_client, world):
    person = Client()
    login(person, world.a_buyer.email)
    assert is_logged_in(person)
    _change_user(admin_client, world.a_buyer, is_active=False, allow_multiple_sessions=False)
    assert not world.a_buyer.is_active
    assert not is_logged_in(person)
    event = AuditEvent.objects.get(action="access.changed")
    assert event.changes == {
        "is_active": [True, False],
        "allow_multiple_sessions": [True, False],
    }
    assert event.client_id == world.client_a.pk
    assert not AuditEvent.objects.filter(action="user.permissions_changed").exists()


def test_an_unchanged_save_in_admin_writes_nothing(admin_client, world):
    _change_user(admin_client, world.manager_a)
    assert not AuditEvent.objects.filter(
        action__in=["access.changed", "user.permissions_changed"]
    ).exists()


def test_admin_stores_logins_as_the_login_looks_them_up(admin_client, world):
    _change_user(admin_client, world.operator, email="Oper@Okno.Demo", phone="8 916 123-45-67")
    assert world.operator.email == "oper@okno.demo"
    assert world.operator.phone == "+79161234567"
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {"email": "NEW@Okno.Demo", "phone": "", "full_name": "Н", "password1": "Okno2026demo"},
    )
    assert response.status_code == 302
    assert User.objects.filter(email="new@okno.demo").exists()
    assert AuditEvent.objects.filter(action="user.created", object_repr="Н").exists()


def test_an_email_differing_only_by_case_is_refused_in_admin(admin_client, world):
    url = reverse("admin:accounts_user_change", args=[world.operator.pk])
    response = admin_client.post(url, _user_form(world.operator, email=world.a_admin.email.upper()))
    assert response.status_code == 200
    assert "уже существует" in response.content.decode()


def test_deleting_a_user_in_admin_is_audited(admin_client, world):
    url = reverse("admin:accounts_user_delete", args=[world.a_buyer.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    event = AuditEvent.objects.get(action="user.deleted")
    assert event.changes == {"login": [world.a_buyer.email, None]}
    assert event.client_id == world.client_a.pk


def test_two_factor_policy_changes_in_admin_are_audited(admin_client, world):
    admin_client.post(
        reverse("admin:accounts_twofactorpolicy_add"), {"role": StaffRole.MANAGER, "required": "on"}
    )
    policy = TwoFactorPolicy.objects.get(role=StaffRole.MANAGER)
    created = AuditEvent.objects.get(action="two_factor.policy_changed")
    assert created.changes == {"role": [None, "manager"], "required": [None, True]}
    assert created.user == world.admin
    # The list edits "required" in place.
    response = admin_client.post(
        reverse("admin:accounts_twofactorpolicy_changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(policy.pk),
            "_save": "Сохранить",
        },
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert not policy.required
    changed = AuditEvent.objects.filter(action="two_factor.policy_changed").latest("id")
    assert changed.changes == {"required": [True, False]}
    url = reverse("admin:accounts_twofactorpolicy_delete", args=[policy.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    deleted = AuditEvent.objects.filter(action="two_factor.policy_changed").latest("id")
    assert deleted.changes == {"required": [False, None]}
