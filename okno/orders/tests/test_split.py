"""POST /api/v1/orders/{id}/split: an order not yet verified becomes one order per warehouse
or per desired date, or gives the chosen lines to an order of their own; the parts' money
adds up to the original's exactly and the stock reserves stay as they were."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okno.catalog.models import Stock, StockMovement
from okno.clients.tests.factories import MembershipFactory
from okno.core.roles import ClientRole
from okno.orders.models import Order, OrderStatus
from okno.orders.services.editing import order_line_change
from okno.orders.services.lifecycle import order_verify
from okno.orders.services.merge import order_merge
from okno.orders.services.split import order_split
from okno.orders.tests.calls import Api, field_of

pytestmark = pytest.mark.django_db
D = Decimal


def reserves() -> list[tuple[int, int, Decimal, Decimal]]:
    return sorted(Stock.objects.values_list("product_id", "warehouse_id", "free", "reserved"))


def money(orders) -> tuple[Decimal, Decimal, Decimal, int]:
    return (
        sum((order.amount for order in orders), D(0)),
        sum((order.vat_amount for order in orders), D(0)),
        sum((order.total for order in orders), D(0)),
        sum(order.lines_count for order in orders),
    )


def two_warehouse_order(store):
    """One order with lines from Kazan and from Moscow (two orders merged)."""
    bolt = store.product(price="100.00", kazan="50", moscow="50")
    nut = store.product(price="3.33", kazan="50", moscow="50", vat_rate="10")
    kazan = store.order((bolt, "2"), (nut, "3"))
    moscow = store.order((nut, "7"), warehouse_id=store.shop.moscow.pk)
    return order_merge(actor=store.actor(), order_ids=[kazan.pk, moscow.pk])


def test_an_order_splits_by_warehouse(api, store):
    order = two_warehouse_order(store)
    before = money([order])
    stock_before, movements = reserves(), StockMovement.objects.count()
    response = api.post(f"/orders/{order.pk}/split", {"by": "warehouse"})
    assert response.status_code == 201
    parts = response.json()
    assert parts["count"] == 2
    original, new = parts["items"]
    assert original["id"] == order.pk
    assert (original["lines_count"], new["lines_count"]) == (2, 1)
    assert new["split_from_id"] == order.pk
    assert new["status"] == "submitted"
    assert new["number"] != order.number
    assert new["number"].startswith("ОК-")
    detail = api.get(f"/orders/{new['id']}").json()
    assert detail["warehouse_id"] == store.shop.moscow.pk
    assert [(line["position"], line["quantity"]) for line in detail["lines"]] == [(1, "7.000")]
    assert detail["lines"][0]["reserved"] == "7.000"
    assert (detail["address_id"], detail["contract_id"]) == (store.address.pk, store.contract.pk)
    assert [(h["from_status"], h["to_status"], h["note"]) for h in detail["history"]] == [
        ("", "submitted", f"Выделен из заказа {order.number}")
    ]
    again = api.get(f"/orders/{order.pk}").json()
    assert again["history"][-1]["note"] == f"Разделён: выделен заказ {new['number']}"
    assert money(Order.objects.filter(pk__in=[order.pk, new["id"]])) == before
    assert reserves() == stock_before
    assert StockMovement.objects.count() == movements


def test_an_order_splits_by_desired_date(api, store):
    bolt = store.product(kazan="50")
    soon = timezone.localdate() + datetime.timedelta(days=2)
    later = soon + datetime.timedelta(days=5)
    first = store.order((bolt, "1"), desired_date=soon)
    second = store.order((bolt, "2"), desired_date=later)
    order = order_merge(actor=store.actor(), order_ids=[first.pk, second.pk])
    parts = api.post(f"/orders/{order.pk}/split", {"by": "date"}).json()["items"]
    assert [part["desired_date"] for part in parts] == [soon.isoformat(), later.isoformat()]


def test_the_chosen_lines_go_to_a_new_order(api, store):
    bolt, nut, washer = (store.product(kazan="50") for _ in range(3))
    order = store.order((bolt, "1"), (nut, "2"), (washer, "3"))
    chosen = [order.lines.get(product=nut).pk]
    parts = api.post(f"/orders/{order.pk}/split", {"by": "lines", "line_ids": chosen}).json()
    original, new = (api.get(f"/orders/{part['id']}").json() for part in parts["items"])
    assert [line["product_id"] for line in original["lines"]] == [bolt.pk, washer.pk]
    assert [line["position"] for line in original["lines"]] == [1, 2]
    assert [line["id"] for line in new["lines"]] == chosen


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"by": "warehouse"}, "by", "one_order"),
        ({"by": "date"}, "by", "one_order"),
        ({"by": "lines", "line_ids": []}, "line_ids", "invalid"),
        ({"by": "lines", "line_ids": "all"}, "line_ids", "one_order"),
        ({"by": "lines", "line_ids": [999999]}, "line_ids", "unknown"),
        ({"by": "pallet"}, "by", "literal_error"),
    ],
)
def test_a_split_that_leaves_one_order_is_refused(api, store, body, field, code):
    order = store.order((store.product(), "1"), (store.product(), "1"))
    if body.get("line_ids") == "all":
        body = {**body, "line_ids": list(order.lines.values_list("pk", flat=True))}
    response = api.post(f"/orders/{order.pk}/split", body)
    assert (response.status_code, field_of(response)) == (422, field)
    assert response.json()["detail"][0]["type"] == code
    assert Order.objects.count() == 1


def test_a_part_of_removed_lines_only_is_refused(api, store):
    order = store.order((store.product(), "1"), (store.product(), "1"))
    removed = order.lines.first()
    order_line_change(actor=store.actor(store.manager), order=order, line_id=removed.pk, quantity=0)
    response = api.post(f"/orders/{order.pk}/split", {"by": "lines", "line_ids": [removed.pk]})
    assert response.json()["detail"][0]["type"] == "empty_part"


def test_a_verified_order_is_not_split_and_others_orders_are_404(client, api, store):
    bolt = store.product()
    order = store.order((bolt, "1"), (bolt, "1"))
    order_verify(actor=store.actor(store.manager), order=order)
    line_ids = [order.lines.first().pk]
    response = api.post(f"/orders/{order.pk}/split", {"by": "lines", "line_ids": line_ids})
    assert (response.status_code, field_of(response)) == (409, "status")
    stranger = Api(client).as_(MembershipFactory(role=ClientRole.ADMIN).user)
    body = {"by": "lines", "line_ids": line_ids}
    assert stranger.post(f"/orders/{order.pk}/split", body).status_code == 404
    assert Order.objects.get().status == OrderStatus.VERIFIED


# --- the parts add up -----------------------------------------------------------------------

PRICES = ["0.07", "33.33", "1234.56", "99.99", "10.10", "0.01"]
VAT = ["22", "10", "0", "none", "22", "10"]


@pytest.fixture
def priced(store):
    return [
        store.product(price=price, vat_rate=vat, kazan="1000000")
        for price, vat in zip(PRICES, VAT, strict=True)
    ]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    quantities=st.lists(st.integers(1, 999), min_size=2, max_size=len(PRICES)),
    data=st.data(),
)
def test_the_parts_add_up_to_the_original_exactly(store, priced, quantities, data):
    order = store.order(*[(priced[i], str(q)) for i, q in enumerate(quantities)])
    before = money([order])
    line_ids = list(order.lines.values_list("pk", flat=True))
    chosen = data.draw(
        st.lists(st.sampled_from(line_ids), min_size=1, max_size=len(line_ids) - 1, unique=True)
    )
    parts = order_split(actor=store.actor(), order=order, by="lines", line_ids=chosen)
    assert money(parts) == before
    assert money(Order.objects.filter(pk__in=[part.pk for part in parts])) == before
