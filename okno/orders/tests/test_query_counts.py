"""Every list of the orders API, and a cart or an order with many lines, takes as many
queries for many rows as for a few, and no more than its ceiling."""

import itertools
from decimal import Decimal

import pytest

from okno.core.testing.queries import assert_queries_flat
from okno.orders.services.carts import CartItem, cart_create, cart_lines_add
from okno.orders.services.editing import order_line_change
from okno.orders.services.lifecycle import order_verify
from okno.orders.services.shipments import shipment_create
from okno.orders.tests.calls import Api

pytestmark = pytest.mark.django_db
D = Decimal
FEW, MANY = 2, 7
_names = itertools.count(1)


@pytest.fixture
def flat(client, django_assert_max_num_queries):
    """`flat(user, path, grow=, ceiling=)`: the same number of queries before and after
    `grow()` adds rows, at most `ceiling`."""

    def measure(user, path, *, grow, ceiling):
        api = Api(client).as_(user)
        grow(FEW)
        return assert_queries_flat(
            lambda: api.get(path),
            grow=lambda: grow(MANY - FEW),
            ceiling=ceiling,
            assert_max_num_queries=django_assert_max_num_queries,
        )

    return measure


def add_carts(store):
    def grow(count):
        for _ in range(count):
            cart = cart_create(actor=store.actor(), name=f"Корзина {next(_names)}")
            cart_lines_add(actor=store.actor(), cart=cart, items=[CartItem(store.product().pk, 1)])

    return grow


def add_orders(store):
    """Orders, each with its own product, a manager's change and a shipment."""

    def grow(count):
        for _ in range(count):
            bolt = store.product(kazan="10")
            order = store.order((bolt, "2"), (store.product(kazan="10"), "1"))
            manager = store.actor(store.manager)
            line = order.lines.get(product=bolt)
            order_line_change(actor=manager, order=order, line_id=line.pk, quantity="1")
            order_verify(actor=manager, order=order)
            shipment_create(
                actor=manager, order=order, lines=[(line.pk, "1")], date=order.created_at.date()
            )

    return grow


def test_the_cart_list(store, flat):
    response = flat(store.buyer, "/carts", grow=add_carts(store), ceiling=6)
    assert response.json()["count"] == MANY


def test_a_cart_of_many_lines(store, flat):
    cart = cart_create(actor=store.actor(), name="Большая")

    def grow(count):
        items = [CartItem(store.product().pk, "1") for _ in range(count)]
        cart_lines_add(actor=store.actor(), cart=cart, items=items)

    response = flat(store.buyer, f"/carts/{cart.pk}", grow=grow, ceiling=14)
    assert len(response.json()["lines"]) == MANY


def test_the_order_list(store, flat):
    response = flat(store.buyer, "/orders", grow=add_orders(store), ceiling=6)
    assert response.json()["count"] == MANY


def test_the_order_list_of_the_clients_manager(store, flat):
    response = flat(store.manager, "/orders", grow=add_orders(store), ceiling=5)
    assert response.json()["count"] == MANY


def test_an_order_with_many_shipments_and_steps(store, flat):
    manager = store.actor(store.manager)
    lines = [(store.product(kazan="100"), "50") for _ in range(MANY)]
    order = order_verify(actor=manager, order=store.order(*lines))
    rows = list(order.lines.all())
    done = itertools.count()

    def add_shipments(count):
        for _ in range(count):
            line = rows[next(done)]
            shipment_create(
                actor=manager, order=order, lines=[(line.pk, "1")], date=order.created_at.date()
            )

    response = flat(store.buyer, f"/orders/{order.pk}", grow=add_shipments, ceiling=9)
    assert len(response.json()["shipments"]) == MANY


def test_the_shipment_list(store, flat):
    response = flat(store.buyer, "/shipments", grow=add_orders(store), ceiling=6)
    assert response.json()["count"] == MANY
