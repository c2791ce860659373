"""Orders placed at the same moment, on SQLite and on PostgreSQL: the last units are never
sold twice, and overlapping merges at once never lose or double a line."""

import threading
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection, connections

from okno.catalog.models import Stock, StockMovement
from okno.core.errors import Conflict
from okno.orders.models import Order, OrderStatus
from okno.orders.services.carts import CartItem, cart_create, cart_lines_add
from okno.orders.services.checkout import order_place
from okno.orders.services.merge import order_merge
from okno.orders.tests.store import build_store

pytestmark = pytest.mark.django_db(transaction=True)
D = Decimal


def at_once(calls: list[Callable[[], object]]) -> list[str]:
    """Run the calls in threads released together; each answers "ok" or "refused"."""
    outcomes: list[str] = []
    start = threading.Barrier(len(calls))

    def run(call) -> None:
        start.wait()
        try:
            call()
            outcomes.append("ok")
        except Conflict:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_concurrent_orders_never_oversell_the_last_units():
    store = build_store()
    bolt = store.product(kazan="5")
    actor = store.actor()
    checkouts = []
    for number in range(8):
        cart = cart_create(actor=actor, name=f"Корзина {number}")
        cart_lines_add(actor=actor, cart=cart, items=[CartItem(bolt.pk, "2")])
        checkouts.append(store.checkout(cart))
    outcomes = at_once(
        [lambda c=checkout: order_place(actor=actor, checkout=c) for checkout in checkouts]
    )
    assert outcomes.count("ok") == 2, (connection.vendor, outcomes)
    assert outcomes.count("refused") == 6
    stock = Stock.objects.get(product=bolt, warehouse=store.shop.kazan)
    assert (stock.free, stock.reserved) == (D("1"), D("4"))
    assert Order.objects.count() == 2
    assert StockMovement.objects.filter(reason="reserve").count() == 2


def test_overlapping_merges_at_once_keep_every_line_once():
    store = build_store()
    bolt = store.product(kazan="50")
    first, middle, last = (store.order((bolt, "1")) for _ in range(3))
    actor = store.actor()
    outcomes = at_once(
        [
            lambda: order_merge(actor=actor, order_ids=[first.pk, middle.pk]),
            lambda: order_merge(actor=actor, order_ids=[middle.pk, last.pk]),
        ]
    )
    # Whichever comes second waits for the first: it is refused when its order was merged
    # away, and merges the first one's result when that was its own oldest order.
    assert "ok" in outcomes, (connection.vendor, outcomes)
    open_orders = Order.objects.exclude(status=OrderStatus.CANCELLED)
    assert sum(order.lines.count() for order in open_orders) == 3
    assert len(open_orders) == outcomes.count("refused") + 1
    assert not Order.objects.filter(status=OrderStatus.CANCELLED, merged_into=None).exists()
    assert Stock.objects.get(product=bolt, warehouse=store.shop.kazan).reserved == D("3")
