"""The seeded orders: a year of orders of the generated clients and the demo clients' own,
consistent the way real ones are — totals, history, shipments, prices, reserves."""

import dataclasses
from collections import Counter, defaultdict
from decimal import Decimal
from itertools import pairwise

import pytest
from django.db.models import Count, Sum

from okno.accounts.models import User
from okno.catalog.models import Price, Stock
from okno.core.actor import actor_for_user
from okno.core.money import to_money
from okno.demo import seed as seed_module
from okno.demo.seed import seed
from okno.desk.models import ClaimResolution
from okno.orders.models import (
    Order,
    OrderLine,
    OrderStatus,
    OrderStatusChange,
    Shipment,
    ShipmentLine,
)
from okno.orders.selectors.history import OrderFilters, orders_history
from okno.proposals.models import Proposal

pytestmark = pytest.mark.django_db
S = OrderStatus


class _Quiet:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass


@pytest.fixture
def seeded(monkeypatch):
    size = dataclasses.replace(
        seed_module.SCALES["small"], clients=24, products=300, orders=600, orders_sqlite=600
    )
    monkeypatch.setitem(seed_module.SCALES, "small", size)
    seed("small", stdout=_Quiet())


def test_every_order_adds_up_to_its_lines(seeded):
    sums = {
        row["order_id"]: row
        for row in OrderLine.objects.values("order_id").annotate(
            amount=Sum("amount"), vat=Sum("vat_amount"), total=Sum("total"), lines=Count("pk")
        )
    }
    orders = list(Order.objects.all())
    assert len(orders) > 300
    for order in orders:
        lines = sums[order.pk]
        assert (order.amount, order.vat_amount, order.total, order.lines_count) == (
            lines["amount"],
            lines["vat"],
            lines["total"],
            lines["lines"],
        ), order.number
        assert 1 <= order.lines_count <= 50


def test_lines_are_priced_on_the_contract(seeded):
    line = (
        OrderLine.objects.select_related("order__contract")
        .filter(order__client__external_id__startswith="gen-")
        .first()
    )
    contract = line.order.contract
    price = Price.objects.get(product_id=line.product_id, price_type_id=contract.price_type_id)
    expected = to_money(price.price / price.coefficient * (1 - contract.discount_percent / 100))
    assert line.price == expected
    assert line.amount == to_money(line.price * line.quantity)
    assert line.order.price_type_id == contract.price_type_id


def test_statuses_follow_the_history_and_are_mostly_delivered(seeded):
    statuses = Counter(Order.objects.values_list("status", flat=True))
    assert statuses[S.DELIVERED] > sum(statuses.values()) * 0.7
    assert statuses[S.CANCELLED] > 0
    steps = defaultdict(list)
    for order_id, from_status, to_status in OrderStatusChange.objects.order_by(
        "order_id", "at", "pk"
    ).values_list("order_id", "from_status", "to_status"):
        steps[order_id].append((from_status, to_status))
    for order in Order.objects.all():
        path = steps[order.pk]
        if order.status == S.DRAFT:
            assert path == []
            continue
        assert path[0][0] == S.DRAFT
        assert path[-1][1] == order.status
        assert all(a[1] == b[0] for a, b in pairwise(path))
        assert (order.submitted_at is not None) == any(to == S.SUBMITTED for _f, to in path)
        if order.status == S.CANCELLED:
            assert order.cancel_reason


def test_shipped_orders_have_shipments_of_their_lines(seeded):
    shipped = Order.objects.filter(status__in=[S.SHIPPED, S.DELIVERED])
    assert not shipped.filter(shipments__isnull=True).exists()
    assert not Shipment.objects.filter(order__status__in=[S.SUBMITTED, S.VERIFIED]).exists()
    for shipment in Shipment.objects.annotate(lines_total=Sum("lines__amount"))[:200]:
        assert shipment.amount == shipment.lines_total
    for line in OrderLine.objects.filter(order__in=shipped).annotate(
        sent=Sum("shipped_in__quantity_base")
    )[:500]:
        assert line.shipped == line.sent == line.quantity_base


def test_the_demo_buyer_sees_finished_and_open_orders_with_stock_reserved(seeded):
    buyer = actor_for_user(User.objects.get(email="client1.buyer@okno.demo"))
    orders = list(orders_history(actor=buyer, filters=OrderFilters()))
    # The demo's resolved claims add a free replacement order when the warehouse has stock.
    replacements = set(
        ClaimResolution.objects.exclude(replacement_order=None).values_list(
            "replacement_order_id", flat=True
        )
    )
    # And its accepted commercial proposal an order at the proposal's prices.
    replacements |= set(Proposal.objects.exclude(order=None).values_list("order_id", flat=True))
    statuses = Counter(order.status for order in orders if order.pk not in replacements)
    assert len(orders) >= 25
    assert statuses[S.DELIVERED] > 10
    assert statuses[S.SUBMITTED] + statuses[S.VERIFIED] == 3
    open_lines = OrderLine.objects.filter(order__in=[o for o in orders if o.status == S.SUBMITTED])
    assert open_lines.exists()
    for line in open_lines:
        assert line.reserved == line.quantity_base
    reserved = Stock.objects.filter(product_id__in=open_lines.values("product_id")).aggregate(
        reserved=Sum("reserved")
    )["reserved"]
    assert reserved >= sum((line.reserved for line in open_lines), Decimal(0))
    for login in ("client2.buyer@okno.demo", "person@okno.demo"):
        person = actor_for_user(User.objects.get(email=login))
        assert orders_history(actor=person, filters=OrderFilters()).exists(), login


def test_a_second_run_adds_no_orders(seeded):
    counts = [model.objects.count() for model in (Order, OrderLine, Shipment, ShipmentLine)]
    seed("small", stdout=_Quiet())
    assert [model.objects.count() for model in (Order, OrderLine, Shipment, ShipmentLine)] == counts
