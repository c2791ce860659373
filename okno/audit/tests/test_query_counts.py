"""The audit log — its page and its back-office list — takes as many queries for a page
of many events, by many people about many clients, as for a page of three."""

import pytest
from django.urls import reverse

from okno.accounts.tests.factories import StaffFactory
from okno.audit.models import AuditEvent
from okno.audit.services import audit_record
from okno.clients.tests.factories import ContractFactory
from okno.core.testing.queries import assert_queries_flat

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 12


def add_events(count):
    """Per event its own person and its own client, with changes; and one by nobody."""
    for _ in range(count):
        audit_record(
            action="contract.updated",
            user=StaffFactory(),
            obj=ContractFactory(),
            changes={"credit_limit": ["0.00", "500000.00"]},
        )
        audit_record(action="login.failure", user_label="кто-то@example.ru")


def flat(client, url, *, ceiling, assert_max, **headers):
    add_events(FEW)
    return assert_queries_flat(
        lambda: client.get(url, **headers),
        grow=lambda: add_events(MANY - FEW),
        ceiling=ceiling,
        assert_max_num_queries=assert_max,
    )


@pytest.mark.parametrize("htmx", [False, True])
def test_audit_list(world, client, htmx, django_assert_max_num_queries):
    client.force_login(world.admin)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = flat(
        client,
        reverse("audit:list"),
        ceiling=7,
        assert_max=django_assert_max_num_queries,
        **headers,
    )
    rows = response.context["rows"]
    assert len(rows) == 2 * MANY
    assert len({row["client"] for row in rows if row["client"]}) == MANY
    assert len({row["who"] for row in rows}) == MANY + 1


def test_admin_list(world, client, django_assert_max_num_queries):
    client.force_login(world.admin)
    response = flat(
        client,
        reverse("admin:audit_auditevent_changelist"),
        ceiling=10,
        assert_max=django_assert_max_num_queries,
    )
    assert len(response.context["cl"].result_list) == AuditEvent.objects.count() >= 2 * MANY
