"""The demo clients' orders, so their order pages show something real on the first
`okno demo`: half a year of finished orders (written like the generated ones) and a few
open ones placed this week through the real checkout, which prices them on the contract
and reserves their stock like any order.

A demo client that has any order is left as it is.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from okno.accounts.models import User
from okno.catalog.models import Stock
from okno.clients.models import ClientMembership
from okno.core.actor import actor_for_user
from okno.demo.orders.facts import ClientFacts, EntityFacts, PoolProduct, clients_facts
from okno.demo.orders.load import OrdersWriter
from okno.demo.orders.plans import MULTIPLES, client_orders
from okno.orders.models import Order, OrderStatusChange
from okno.orders.services.carts import CartItem, cart_active, cart_lines_add
from okno.orders.services.checkout import Checkout, order_place
from okno.orders.services.lifecycle import order_verify

# By the login that marks a demo client: finished orders over the last half year, and
# open ones of this week (placed, then some verified by the manager).
DEMO_ORDERS = {
    "client1.admin@okno.demo": (28, 3),
    "client2.buyer@okno.demo": (14, 2),
    "person@okno.demo": (5, 1),
}
HISTORY_DAYS = 180
# Every order older than this has finished its way (see plans.STEPS).
SETTLED = datetime.timedelta(days=10)
OPEN_COMMENTS = ("", "Доставка до 12:00", "Позвонить за час до приезда")


def demo_orders_ensure(*, pool: list[PoolProduct], warehouse_ids: list[int], stdout) -> None:
    now = timezone.now()
    for login, (finished, open_orders) in DEMO_ORDERS.items():
        client_id = (
            ClientMembership.objects.filter(user__email=login)
            .values_list("client_id", flat=True)
            .first()
        )
        if client_id is None or Order.objects.filter(client_id=client_id).exists():
            continue
        (client,) = clients_facts([client_id], warehouse_ids)
        if not client.entities or client.user_id is None:
            continue
        rng = random.Random(f"demo-orders-{login}")
        _history(client, pool, finished, now, rng)
        placed = [_place(client, pool, now, rng, n) for n in range(open_orders)]
        stdout.write(f"  заказы демо-клиента {login}: {finished} + {len(placed)} открытых\n")


def _history(client: ClientFacts, pool, count: int, now, rng) -> None:
    # Planned over the half year, then only the settled ones are kept.
    plans = client_orders(client, pool, count=count * 2, now=now, rng=rng, days=HISTORY_DAYS)
    settled = [plan for plan in plans if now - plan.created_at > SETTLED]
    picked = sorted(rng.sample(settled, min(count, len(settled))), key=lambda p: p.created_at)
    OrdersWriter(now).write([(client.id, plan) for plan in picked])


def _place(client: ClientFacts, pool, now, rng, n: int) -> Order:
    """An order of this week placed from the person's cart by checkout; the first of a
    client's open orders is verified by the manager already."""
    entity = client.entities[0]
    buyer = User.objects.get(pk=client.user_id)
    actor = actor_for_user(buyer)
    with transaction.atomic():
        cart = cart_active(actor=actor, legal_entity_id=entity.id)
        cart_lines_add(actor=actor, cart=cart, items=_items(entity, pool, rng))
        checkout = Checkout(
            cart_id=cart.pk,
            legal_entity_id=entity.id,
            contract_id=entity.contract_id,
            delivery="delivery" if entity.addresses else "pickup",
            address_id=entity.addresses[0][0] if entity.addresses else None,
            comment=rng.choice(OPEN_COMMENTS),
        )
        order = order_place(actor=actor, checkout=checkout)
        if n == 0 and client.manager_id is not None:
            manager = User.objects.get(pk=client.manager_id)
            order = order_verify(actor=actor_for_user(manager), order=order)
        _backdate(order, now - datetime.timedelta(hours=rng.uniform(2, 24) * (n + 1)))
    return order


def _items(entity: EntityFacts, pool: list[PoolProduct], rng) -> list[CartItem]:
    """A few priced products with enough free stock at the contract's warehouse."""
    candidates = [p for p in pool[:400] if entity.price_type_id in p.prices]
    rng.shuffle(candidates)
    free = dict(
        Stock.objects.filter(
            warehouse_id=entity.warehouse_id, product_id__in=[p.id for p in candidates]
        ).values_list("product_id", "free")
    )
    wanted = rng.randint(3, 12)
    items = []
    for product in candidates:
        quantity = _quantity(product, rng)
        if free.get(product.id, Decimal(0)) >= quantity:
            items.append(CartItem(product.id, quantity))
        if len(items) == wanted:
            break
    return items


def _quantity(product: PoolProduct, rng) -> Decimal:
    step = product.multiplicity if product.multiplicity > 0 else Decimal(1)
    quantity = step * rng.choice(MULTIPLES[:10])
    while quantity < product.min_quantity:
        quantity += step
    return quantity


def _backdate(order: Order, at: datetime.datetime) -> None:
    """Move a just-placed order back to `at`, its history steps a few minutes apart."""
    steps = list(OrderStatusChange.objects.filter(order=order).order_by("at", "pk"))
    for minutes, step in enumerate(steps):
        step.at = at + datetime.timedelta(minutes=minutes * 40 + 1)
    OrderStatusChange.objects.bulk_update(steps, ["at"])
    submitted = at + datetime.timedelta(minutes=1)
    Order.objects.filter(pk=order.pk).update(created_at=at, submitted_at=submitted)
