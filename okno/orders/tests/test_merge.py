"""POST /api/v1/orders/merge: orders of one legal entity and contract, not yet verified,
become the oldest of them — lines, money and stock reserves as they were."""

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest
from django.utils import timezone

from okno.accounts.tests.factories import StaffFactory
from okno.catalog.models import Stock, StockMovement
from okno.clients.tests.factories import ContractFactory, MembershipFactory
from okno.core.roles import ClientRole
from okno.orders.models import Order, OrderLine, OrderStatus
from okno.orders.services.checkout import order_place
from okno.orders.services.lifecycle import order_verify
from okno.orders.tests.calls import Api, field_of

pytestmark = pytest.mark.django_db
D = Decimal


def reserves(store) -> list[tuple[int, int, Decimal, Decimal]]:
    return sorted(Stock.objects.values_list("product_id", "warehouse_id", "free", "reserved"))


def test_orders_merge_into_the_oldest_with_their_lines_and_reserves(api, store):
    bolt = store.product(price="100.00", kazan="50", moscow="50")
    nut = store.product(price="7.77", kazan="50")
    oldest = store.order((bolt, "2"), (nut, "3"), comment="Позвонить заранее")
    newer = store.order((bolt, "1"), warehouse_id=store.shop.moscow.pk, comment="Въезд со двора")
    Order.objects.filter(pk=newer.pk).update(created_at=timezone.now() + datetime.timedelta(1))
    before = reserves(store)
    movements = StockMovement.objects.count()
    response = api.post("/orders/merge", {"order_ids": [newer.pk, oldest.pk]})
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == oldest.pk
    assert (body["total"], body["lines_count"]) == (str(oldest.total + newer.total), 3)
    assert [(line["position"], line["quantity"]) for line in body["lines"]] == [
        (1, "2.000"),
        (2, "3.000"),
        (3, "1.000"),
    ]
    # The moved line ships from its own warehouse with its own reserve.
    assert body["lines"][2]["warehouse_id"] == store.shop.moscow.pk
    assert body["lines"][2]["reserved"] == "1.000"
    assert body["comment"] == "Позвонить заранее\nВъезд со двора"
    assert body["history"][-1]["note"] == f"Присоединён заказ {newer.number}"
    assert reserves(store) == before
    assert StockMovement.objects.count() == movements
    newer.refresh_from_db()
    assert (newer.status, newer.merged_into_id) == (OrderStatus.CANCELLED, oldest.pk)
    assert (newer.total, newer.lines_count) == (D("0"), 0)
    note = f"Объединён с заказом {oldest.number}"
    assert newer.cancel_reason == note
    step = newer.history.last()
    assert (step.from_status, step.to_status, step.note) == ("submitted", "cancelled", note)
    # A merged order is not among the orders placed.
    assert list(Order.objects.placed()) == [Order.objects.get(pk=oldest.pk)]


def test_drafts_merge_too(api, store):
    bolt = store.product()
    first = store.order((bolt, "1"), submit=False)
    second = store.order((bolt, "2"), submit=False)
    body = api.post("/orders/merge", {"order_ids": [first.pk, second.pk]}).json()
    assert (body["status"], len(body["lines"])) == ("draft", 2)
    assert not Stock.objects.filter(reserved__gt=0).exists()


def test_the_clients_manager_merges(client, store):
    bolt = store.product()
    first, second = store.order((bolt, "1")), store.order((bolt, "1"))
    api = Api(client).as_(store.manager)
    response = api.post("/orders/merge", {"order_ids": [first.pk, second.pk]})
    assert response.status_code == 200
    assert response.json()["history"][-1]["user_name"] == store.manager.full_name


@pytest.mark.parametrize(
    ("ids", "field"),
    [([], "order_ids"), (["first"], "order_ids"), (["first", "first"], "order_ids")],
)
def test_fewer_than_two_orders_are_refused(api, store, ids, field):
    first = store.order((store.product(), "1"))
    response = api.post("/orders/merge", {"order_ids": [first.pk for _ in ids]})
    assert (response.status_code, field_of(response)) == (422, field)


def test_orders_of_different_contracts_are_refused(api, store):
    bolt = store.product()
    other = ContractFactory(legal_entity=store.entity, price_type=store.shop.wholesale)
    first = store.order((bolt, "1"))
    checkout = replace(store.checkout(store.cart((bolt, "1"))), contract_id=other.pk)
    second = order_place(actor=store.actor(), checkout=checkout)
    response = api.post("/orders/merge", {"order_ids": [first.pk, second.pk]})
    assert (response.status_code, field_of(response)) == (422, "order_ids")
    assert response.json()["detail"][0]["type"] == "different_contracts"
    assert OrderLine.objects.filter(order=first).count() == 1


def test_orders_in_different_statuses_or_already_verified_are_refused(api, store):
    bolt = store.product()
    submitted, draft = store.order((bolt, "1")), store.order((bolt, "1"), submit=False)
    response = api.post("/orders/merge", {"order_ids": [submitted.pk, draft.pk]})
    assert (response.status_code, response.json()["detail"][0]["type"]) == (
        409,
        "different_statuses",
    )
    verified = store.order((bolt, "1"))
    order_verify(actor=store.actor(store.manager), order=verified)
    response = api.post("/orders/merge", {"order_ids": [submitted.pk, verified.pk]})
    assert (response.status_code, response.json()["detail"][0]["type"]) == (409, "wrong_status")
    assert verified.number in response.json()["detail"][0]["msg"]


def test_another_clients_order_makes_it_404_and_nothing_changes(client, api, store):
    bolt = store.product()
    mine = store.order((bolt, "1"))
    theirs = store.order((bolt, "1"))
    stranger = MembershipFactory(role=ClientRole.ADMIN).user
    response = Api(client).as_(stranger).post("/orders/merge", {"order_ids": [mine.pk, theirs.pk]})
    assert response.status_code == 404
    other_manager = Api(client).as_(StaffFactory())
    assert other_manager.post("/orders/merge", {"order_ids": [mine.pk, theirs.pk]}).status_code == (
        404
    )
    assert Order.objects.filter(status=OrderStatus.SUBMITTED).count() == 2


def test_people_who_may_not_order_may_not_merge(client, store):
    bolt = store.product()
    ids = [store.order((bolt, "1")).pk, store.order((bolt, "1")).pk]
    viewer = MembershipFactory(
        client=store.shop.client, role=ClientRole.VIEWER, legal_entities=[store.entity]
    ).user
    assert Api(client).as_(viewer).post("/orders/merge", {"order_ids": ids}).status_code == 403
