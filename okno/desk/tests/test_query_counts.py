"""The queue, the client's list and the API list run the same number of queries for a few
appeals as for many; a claim's pages and API answer, for a few resolutions as for many."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from okno.core.actor import actor_for_user
from okno.core.testing.queries import assert_queries_flat
from okno.desk.models import Appeal, RejectionReason
from okno.desk.services import AppealIn, ClaimLineIn, claim_create
from okno.desk.tests.helpers import claim_on, question, resolve, shipped_order

pytestmark = pytest.mark.django_db


def _grow(world, count):
    def grow():
        for n in range(count):
            question(world.a_admin, subject=f"Вопрос {n}")
            order, shipment = shipped_order(
                legal_entity=world.entity_a1, contract=world.contract_a1
            )
            first = shipment.lines.first()
            claim_create(
                actor=actor_for_user(world.a_admin),
                data=AppealIn(kind="claim", subject="Бой", text="Разбито", order_id=order.pk),
                shipment_id=shipment.pk,
                lines=[ClaimLineIn(shipment_line_id=first.pk, claim_type="shortage", quantity="1")],
                channel="portal",
            )

    return grow


@pytest.mark.parametrize(
    ("user", "url", "ceiling"),
    [
        ("operator", reverse("desk:queue"), 15),
        ("a_admin", reverse("desk:appeals"), 14),
        ("operator", "/api/v1/appeals", 8),
    ],
)
def test_lists_are_flat(client, world, user, url, ceiling, django_assert_max_num_queries):
    _grow(world, 1)()
    client.force_login(getattr(world, user))
    answer = assert_queries_flat(
        lambda: client.get(url),
        grow=_grow(world, 3),
        ceiling=ceiling,
        assert_max_num_queries=django_assert_max_num_queries,
    )
    assert answer.status_code == 200
    latest = Appeal.objects.latest("pk")
    shown = (
        answer.json()["items"][0]["number"] if url.startswith("/api/") else answer.content.decode()
    )
    assert latest.number in shown


@pytest.mark.parametrize(
    ("user", "page", "ceiling"),
    [
        ("operator", "desk:staff_appeal", 30),
        ("a_admin", "desk:appeal", 24),
        # One more for staff than before merging existed: the appeals merged into it.
        ("operator", "api", 17),
        ("a_admin", "api", 16),
    ],
)
def test_a_claims_page_is_flat_in_its_resolutions(
    client, world, user, page, ceiling, django_assert_max_num_queries
):
    order, shipment = shipped_order(
        legal_entity=world.entity_a1,
        contract=world.contract_a1,
        lines=[("100.00", "10"), ("250.00", "10"), ("40.00", "10")],
    )
    claim = claim_on(world.a_admin, order, shipment, "9", "9", "9")
    lines = list(claim.claim_lines.all())
    reason = RejectionReason.objects.first()

    def grow():
        for line in lines:
            resolve(world.operator, claim, claim_line_id=line.pk, quantity="1")
            resolve(world.operator, claim, claim_line_id=line.pk, kind="refund", quantity="1")
            resolve(
                world.operator,
                claim,
                claim_line_id=line.pk,
                kind="rejection",
                quantity="1",
                rejection_reason_id=reason.pk,
                comment="Нет",
            )

    grow()
    client.force_login(getattr(world, user))
    url = f"/api/v1/appeals/{claim.pk}" if page == "api" else reverse(page, args=[claim.pk])
    answer = assert_queries_flat(
        lambda: client.get(url),
        grow=grow,
        ceiling=ceiling,
        assert_max_num_queries=django_assert_max_num_queries,
    )
    assert answer.status_code == 200


def test_the_queue_with_views_is_flat_in_views_and_appeals(
    client, world, django_assert_max_num_queries
):
    """Every view's count comes from one query, however many views there are."""
    from okno.desk.models import SavedView

    _grow(world, 1)()
    SavedView.objects.create(name="Вид 0", owner=world.operator, filters={"status": "open"})

    def grow():
        _grow(world, 2)()
        for n in range(1, 6):
            SavedView.objects.create(
                name=f"Вид {n}", owner=world.operator, filters={"assignee": "me", "q": "Бой"}
            )

    client.force_login(world.operator)
    view = SavedView.objects.get()

    def queue():
        cache.clear()  # the counts as taken when none is kept (see `test_saved_views`)
        return client.get(reverse("desk:queue"), {"view": view.pk})

    answer = assert_queries_flat(
        queue,
        grow=grow,
        ceiling=16,
        assert_max_num_queries=django_assert_max_num_queries,
    )
    assert "Вид 5" in answer.content.decode()


def test_the_bulk_preview_is_flat_in_the_appeals(client, world, django_assert_max_num_queries):
    _grow(world, 1)()
    client.force_login(world.operator)

    def preview():
        ids = list(Appeal.objects.values_list("pk", flat=True))
        data = {"appeal": ids, "operation": "status", "to_status": "resolved", "reason": "x"}
        return client.post(reverse("desk:bulk"), data)

    answer = assert_queries_flat(
        preview,
        grow=_grow(world, 3),
        ceiling=10,
        assert_max_num_queries=django_assert_max_num_queries,
    )
    assert Appeal.objects.latest("pk").number in answer.content.decode()


def test_the_views_api_is_flat_in_views(api, world, django_assert_max_num_queries):
    from okno.desk.models import SavedView

    SavedView.objects.create(name="Вид 0", owner=world.operator, filters={"status": "open"})

    def grow():
        for n in range(1, 6):
            SavedView.objects.create(name=f"Вид {n}", owner=world.operator, is_shared=True)

    api.as_(world.operator)

    def views():
        cache.clear()  # the counts as taken when none is kept
        return api.get("/desk/views")

    answer = assert_queries_flat(
        views,
        grow=grow,
        ceiling=6,
        assert_max_num_queries=django_assert_max_num_queries,
    )
    assert answer.json()["count"] == 6
