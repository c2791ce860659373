"""The lists of accounts — API tokens on the security page and in the API, the legal
entities of `me`, the back office's lists — take as many queries for twelve rows as for
three. (The sessions on the security page are counted in `test_views_security`.)"""

import secrets
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from okno.accounts.models import ApiToken, Consent, Invitation, PhoneCode, UserSession, token_digest
from okno.accounts.services import api_token_create, api_token_revoke
from okno.accounts.tests.factories import StaffFactory, UserFactory
from okno.clients.tests.factories import LegalEntityFactory
from okno.core.actor import actor_for_user
from okno.core.testing.queries import assert_queries_flat

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 12


@pytest.fixture
def flat(client, django_assert_max_num_queries):
    """`flat(user, url, grow=, ceiling=)`: `grow(FEW)` rows, count the page's queries,
    `grow(MANY - FEW)` more, count again; the same count, at most `ceiling`."""

    def measure(user, url, *, grow, ceiling, params=None):
        client.force_login(user)
        grow(FEW)
        return assert_queries_flat(
            lambda: client.get(url, params),
            grow=lambda: grow(MANY - FEW),
            ceiling=ceiling,
            assert_max_num_queries=django_assert_max_num_queries,
        )

    return measure


def add_tokens(user, count):
    """Live tokens of `user`, some used, beside a revoked one that no list shows."""
    for n in range(count):
        token, _raw = api_token_create(user=user, name=f"1С, обмен {n}")
        if n % 2:
            ApiToken.objects.filter(pk=token.pk).update(
                last_used_at=timezone.now() - timedelta(hours=n)
            )
    revoked, _raw = api_token_create(user=user, name="старый")
    api_token_revoke(actor=actor_for_user(user), token=revoked)


@pytest.mark.parametrize("who", ["a_admin", "manager_a"])
def test_security_page_tokens(world, flat, who):
    user = getattr(world, who)
    response = flat(
        user,
        reverse("accounts:security"),
        grow=lambda count: add_tokens(user, count),
        ceiling=8,
    )
    assert len(response.context["tokens"]) == MANY
    assert response.text.count("1С, обмен") == MANY
    assert "старый" not in response.text


def test_api_tokens_of_the_caller(world, flat):
    response = flat(
        world.a_admin,
        reverse("api:auth_token_list"),
        grow=lambda count: add_tokens(world.a_admin, count),
        ceiling=6,
    )
    body = response.json()
    assert body["count"] == len(body["items"]) == MANY
    assert {item["user_id"] for item in body["items"]} == {world.a_admin.pk}


def test_api_tokens_of_another_user_for_an_administrator(world, flat):
    response = flat(
        world.admin,
        reverse("api:auth_token_list"),
        grow=lambda count: add_tokens(world.b_admin, count),
        ceiling=5,
        params={"user_id": world.b_admin.pk},
    )
    body = response.json()
    assert body["count"] == len(body["items"]) == MANY
    assert {item["user_id"] for item in body["items"]} == {world.b_admin.pk}


def test_api_me_lists_every_legal_entity(world, flat):
    response = flat(
        world.a_admin,
        reverse("api:me"),
        grow=lambda count: LegalEntityFactory.create_batch(count, client=world.client_a),
        ceiling=6,
    )
    assert len(response.json()["legal_entities"]) == MANY + 2


# --- the back office (Django admin) ----------------------------------------------------------


def _invitation() -> Invitation:
    return Invitation.objects.create(
        user=UserFactory(),
        created_by=StaffFactory(),
        token_hash=token_digest(Invitation.new_token()),
        expires_at=timezone.now() + timedelta(days=7),
    )


def _phone_code() -> PhoneCode:
    return PhoneCode.objects.create(
        phone="+79161234567",
        purpose=PhoneCode.Purpose.REGISTER,
        code_hash=secrets.token_hex(32),
        expires_at=timezone.now() + timedelta(minutes=10),
    )


# how a row of each model's changelist is made, each with its own user
ADMIN_ROWS = {
    "user": UserFactory,
    "apitoken": lambda: api_token_create(user=UserFactory(), name="1С"),
    "usersession": lambda: UserSession.objects.create(
        user=UserFactory(), session_key=secrets.token_hex(16)
    ),
    "invitation": _invitation,
    "consent": lambda: Consent.objects.create(user=UserFactory(), text_version="2026-01"),
    "phonecode": _phone_code,
}


@pytest.mark.parametrize("model", ADMIN_ROWS)
def test_admin_lists(world, flat, model):
    def grow(count):
        for _ in range(count):
            ADMIN_ROWS[model]()

    url = reverse(f"admin:accounts_{model}_changelist")
    response = flat(world.admin, url, grow=grow, ceiling=6)
    assert len(response.context["cl"].result_list) >= MANY
