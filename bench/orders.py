"""The ordering benchmarks, run by `bench.measure` on a seeded database: a 1,000-line cart
recalculated and checked out, the quick order's preview of 1,000 pasted lines, and the
order history's typical searches over the seeded year of orders.

Everything a benchmark writes (the cart, the orders placed, the stock reserved) is undone
by rolling its transaction back, so the database stays as seeded however often it runs.
"""

from __future__ import annotations

import datetime
import importlib
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count

from okno.accounts.models import User
from okno.catalog.models import Price, Product, Stock
from okno.catalog.pricing import current_contract
from okno.clients.models import ClientMembership, Contract
from okno.core.actor import Actor, actor_for_user
from okno.demo.catalog.plans import CODE_PREFIX
from okno.orders.models import Cart, Order, OrderLine, OrderStatus
from okno.orders.selectors.carts import cart_view
from okno.orders.selectors.history import OrderFilters, orders_history_page
from okno.orders.services.carts import CartItem, cart_create, cart_lines_add
from okno.orders.services.checkout import Checkout, order_place

CART_LINES = 1000
CART_GOAL_MS = 300
CHECKOUT_GOAL_MS = 1000
QUICK_GOAL_MS = 1000
HISTORY_GOAL_MS = 100
CART_RUNS = 20
CHECKOUT_RUNS = 5
QUICK_RUNS = 5
HISTORY_RUNS = 30
MANAGER = "manager@okno.demo"
QUICK_PREVIEW = "okno.orders.quick.preview"


class _Rollback(Exception):
    """Leaving a benchmark's transaction with this undoes what it wrote."""


def timed(call: Callable[[], object], runs: int) -> list[float]:
    """Milliseconds of each of `runs` calls, after one call that warms the caches."""
    call()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def result(benchmark: str, samples: list[float], goal_ms: float) -> dict:
    """A row of the table and the JSON, as `bench.measure` writes them."""
    p95 = statistics.quantiles(samples, n=100, method="inclusive")[94]
    return {
        "benchmark": benchmark,
        "n": len(samples),
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(p95, 2),
        "goal": f"p95 ≤ {goal_ms} ms",
        "passed": p95 <= goal_ms,
    }


def not_available(benchmark: str, goal_ms: float) -> dict:
    """A row for a benchmark whose code this build does not have."""
    return {
        "benchmark": benchmark,
        "n": 0,
        "p50_ms": None,
        "p95_ms": None,
        "value": "not available",
        "goal": f"p95 ≤ {goal_ms} ms",
        "passed": None,
    }


# --- the cart, checkout and quick order ----------------------------------------------------


@dataclass(frozen=True)
class _Buyer:
    actor: Actor
    contract: Contract


def _buyer(user: User) -> _Buyer:
    actor = actor_for_user(user)
    contract = current_contract(actor)
    if contract is None:
        raise RuntimeError(f"{user.email} has no contract to order under")
    return _Buyer(actor, contract)


def _orderable(buyer: _Buyer, count: int) -> list[CartItem]:
    """`count` products the buyer can order from the contract's warehouse at their smallest
    valid quantity: priced in the contract's price type and with that much free stock."""
    priced = Price.objects.filter(price_type_id=buyer.contract.price_type_id).values("product_id")
    candidates = (
        Product.objects.filter(code__startswith=CODE_PREFIX, is_active=True, pk__in=priced)
        .order_by("pk")
        .values_list("pk", "min_quantity", "multiplicity")[: count * 4]
    )
    smallest = {pk: _smallest(minimum, step) for pk, minimum, step in candidates}
    free = dict(
        Stock.objects.filter(
            warehouse_id=buyer.contract.warehouse_id, product_id__in=list(smallest)
        ).values_list("product_id", "free")
    )
    items = [
        CartItem(pk, quantity)
        for pk, quantity in smallest.items()
        if free.get(pk, Decimal(0)) >= quantity
    ]
    if len(items) < count:
        raise RuntimeError(f"only {len(items)} products can be ordered, {count} are needed")
    return items[:count]


def _smallest(minimum: Decimal, step: Decimal) -> Decimal:
    quantity = step if step > 0 else Decimal(1)
    while quantity < minimum:
        quantity += step if step > 0 else Decimal(1)
    return quantity


def _big_cart(buyer: _Buyer) -> Cart:
    cart = cart_create(
        actor=buyer.actor, name="Бенчмарк", legal_entity_id=buyer.contract.legal_entity_id
    )
    cart_lines_add(actor=buyer.actor, cart=cart, items=_orderable(buyer, CART_LINES))
    return cart


def bench_cart(user: User) -> list[dict]:
    """`cart_view` of a 1,000-line cart: every line priced, its stock and rounding checked."""
    buyer = _buyer(user)
    rows = []
    try:
        with transaction.atomic():
            cart = _big_cart(buyer)
            samples = timed(lambda: cart_view(actor=buyer.actor, cart=cart), CART_RUNS)
            rows.append(result(f"cart of {CART_LINES} lines", samples, CART_GOAL_MS))
            raise _Rollback
    except _Rollback:
        pass
    return rows


def bench_checkout(user: User) -> list[dict]:
    """`order_place` of a 1,000-line cart: priced again, checked, written, stock reserved.
    Each run is undone (a savepoint) so the next one checks out the same cart."""
    buyer = _buyer(user)
    rows = []
    try:
        with transaction.atomic():
            # No credit limit in the way: the check still runs, a 1,000-line order may not
            # fit the demo contract's limit.
            Contract.objects.filter(pk=buyer.contract.pk).update(credit_limit=0, overdue_debt=0)
            cart = _big_cart(buyer)
            checkout = Checkout(
                cart_id=cart.pk,
                legal_entity_id=buyer.contract.legal_entity_id,
                contract_id=buyer.contract.pk,
                delivery=Order.Delivery.PICKUP,
                warehouse_id=buyer.contract.warehouse_id,
            )
            samples = []
            for _ in range(CHECKOUT_RUNS + 1):
                savepoint = transaction.savepoint()
                started = time.perf_counter()
                order_place(actor=buyer.actor, checkout=checkout)
                samples.append((time.perf_counter() - started) * 1000)
                transaction.savepoint_rollback(savepoint)
            # The first run warms the caches, as `timed` does.
            rows.append(result(f"checkout of {CART_LINES} lines", samples[1:], CHECKOUT_GOAL_MS))
            raise _Rollback
    except _Rollback:
        pass
    return rows


def bench_quick(user: User) -> list[dict]:
    """The quick order's preview of 1,000 pasted «article<TAB>quantity» lines."""
    name = f"quick order preview of {CART_LINES} lines"
    try:
        preview = importlib.import_module(QUICK_PREVIEW).quick_order_preview
    except (ImportError, AttributeError):
        return [not_available(name, QUICK_GOAL_MS)]
    buyer = _buyer(user)
    items = _orderable(buyer, CART_LINES)
    articles = dict(
        Product.objects.filter(pk__in=[item.product_id for item in items]).values_list(
            "pk", "article"
        )
    )
    text = "\n".join(f"{articles[item.product_id]}\t{item.quantity}" for item in items)
    rows = []
    try:
        with transaction.atomic():
            cart = cart_create(
                actor=buyer.actor, name="Бенчмарк", legal_entity_id=buyer.contract.legal_entity_id
            )
            samples = timed(lambda: preview(actor=buyer.actor, cart=cart, text=text), QUICK_RUNS)
            rows.append(result(name, samples, QUICK_GOAL_MS))
            raise _Rollback
    except _Rollback:
        pass
    return rows


# --- the order history ---------------------------------------------------------------------


def bench_history(user: User) -> list[dict]:
    """The typical history searches, each a page of 50 newest first: the busiest client's
    (the worst case of a client's list) and the demo manager's."""
    client, manager = _busiest_client(), actor_for_user(User.objects.get(email=MANAGER))
    cases = _history_cases(client, manager)
    total = Order.objects.count()
    rows = []
    for name, actor, filters in cases:

        def run(actor: Actor = actor, filters: OrderFilters = filters) -> None:
            orders_history_page(actor=actor, filters=filters)

        rows.append(result(f"history: {name}", timed(run, HISTORY_RUNS), HISTORY_GOAL_MS))
    for row in rows:
        row["orders"] = total
    return rows


def _busiest_client() -> Actor:
    client_id = (
        Order.objects.values("client_id")
        .annotate(n=Count("pk"))
        .order_by("-n")[:1]
        .get()["client_id"]
    )
    membership = (
        ClientMembership.objects.filter(client_id=client_id, may_order=True).order_by("pk").first()
    )
    if membership is None:
        raise RuntimeError("the busiest client has nobody on the portal")
    return actor_for_user(membership.user)


def _history_cases(client: Actor, manager: Actor) -> list[tuple[str, Actor, OrderFilters]]:
    mine = Order.objects.filter(client_id=client.client_id)
    oldest = mine.order_by("created_at", "pk").first()
    newest = mine.order_by("-created_at", "-pk").first()
    if oldest is None or newest is None:
        raise RuntimeError("the busiest client has no orders")
    article = (
        OrderLine.objects.filter(order=newest)
        .order_by("position")
        .values_list("article", flat=True)
        .first()
    )
    month_end = newest.created_at.date().replace(day=1) - datetime.timedelta(days=1)
    open_statuses = (OrderStatus.SUBMITTED, OrderStatus.VERIFIED, OrderStatus.CONFIRMED)
    managed = Order.objects.filter(client__manager_id=manager.user_id).order_by("-pk")
    latest, older = managed[:1].get(), managed[1000:1001].get()
    manager_article = (
        OrderLine.objects.filter(order=latest)
        .order_by("position")
        .values_list("article", flat=True)
        .first()
    )
    return [
        ("client, page 1", client, OrderFilters()),
        ("client, by number", client, OrderFilters(query=str(oldest.pk))),
        ("client, by article", client, OrderFilters(query=article or "")),
        (
            "client, a month",
            client,
            OrderFilters(date_from=month_end.replace(day=1), date_to=month_end),
        ),
        ("client, cancelled", client, OrderFilters(status=(OrderStatus.CANCELLED,))),
        ("client, open", client, OrderFilters(status=open_statuses)),
        ("manager, submitted queue", manager, OrderFilters(status=(OrderStatus.SUBMITTED,))),
        ("manager, page 1", manager, OrderFilters()),
        ("manager, by article", manager, OrderFilters(query=manager_article or "")),
        ("manager, by number", manager, OrderFilters(query=older.number or "")),
    ]


ORDER_BENCHMARKS = {
    "cart": bench_cart,
    "checkout": bench_checkout,
    "quick": bench_quick,
    "history": bench_history,
}
