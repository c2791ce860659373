"""Demo and benchmark data: `okno seed --scale small|medium|large` and the first `okno demo`.

Every scale first makes the catalog's reference data and the fixed demo accounts (see
`DEMO_LOGINS`, password `DEMO_PASSWORD`), then generated clients and products up to the
scale's counts, then the demo clients' discount rules and own articles, then a year of
orders of the generated clients and the demo clients' orders, then the demo's integration
with 1C and its exchange log, then the demo clients' appeals and claims. Running it again
adds only what is missing; so does running a bigger scale after a smaller one.
"""

import sys
import time
from dataclasses import dataclass

from django.db import connection, transaction

from okno.accounts.models import User
from okno.catalog.models import Product
from okno.core.roles import StaffRole
from okno.demo.catalog.extras import extras_ensure
from okno.demo.catalog.load import products_load
from okno.demo.catalog.reference import reference_ensure
from okno.demo.demo_set import (
    DEMO_LOGINS,
    DEMO_PASSWORD,
    complete_demo_contracts,
    create_clients,
    create_staff,
)
from okno.demo.desk import demo_desk_ensure
from okno.demo.exchange.sessions import demo_exchange_ensure
from okno.demo.finance import demo_finance_ensure
from okno.demo.generate import generate_clients
from okno.demo.orders.demo import demo_orders_ensure
from okno.demo.orders.facts import product_pool
from okno.demo.orders.load import POOL_SIZE, orders_load
from okno.demo.proposals import demo_proposals_ensure
from okno.demo.requisites import company_requisites_ensure
from okno.orders.models import Order

__all__ = ["DEMO_LOGINS", "DEMO_PASSWORD", "SCALES", "Scale", "seed", "seed_demo_if_empty"]


@dataclass(frozen=True)
class Scale:
    clients: int  # generated clients (about 1.3 legal entities each)
    products: int
    price_types: int  # every product has a price in each
    orders: int  # a year of orders of the generated clients, about 8 lines each
    orders_sqlite: int  # the same on SQLite, where one writer makes big seeds slow

    def orders_here(self) -> int:
        """The number of orders for the database in use."""
        return self.orders_sqlite if connection.vendor == "sqlite" else self.orders


SCALES = {
    "small": Scale(clients=50, products=3_000, price_types=6, orders=1_500, orders_sqlite=1_500),
    "medium": Scale(
        clients=2_000, products=20_000, price_types=10, orders=50_000, orders_sqlite=50_000
    ),
    # 200,000 products × 20 price types and 10 warehouses: 4,000,000 prices, 2,000,000 stock rows;
    # 1,000,000 orders are some 8,000,000 lines and 25,000,000 rows in all.
    "large": Scale(
        clients=60_000,
        products=200_000,
        price_types=20,
        orders=1_000_000,
        orders_sqlite=200_000,
    ),
}

EXTRA_MANAGERS = (
    ("manager2@okno.demo", "Ковалёва Анна Сергеевна", "1002"),
    ("manager3@okno.demo", "Белов Кирилл Андреевич", "1003"),
    ("manager4@okno.demo", "Тарасова Юлия Викторовна", "1004"),
    ("manager5@okno.demo", "Зайцев Роман Олегович", "1005"),
)


def seed_demo_if_empty(stdout=sys.stdout) -> bool:
    """On a database with no users, products or orders, load (or complete) the small scale:
    a demo database made before orders existed gets its orders."""
    if User.objects.exists() and Product.objects.exists() and Order.objects.exists():
        return False
    seed("small", stdout=stdout)
    return True


def seed(scale: str = "small", stdout=sys.stdout, *, orders: int | None = None) -> None:
    """Seed the scale; `orders` — how many orders of generated clients instead of the
    scale's number for this database."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    size = SCALES[scale]
    orders = size.orders_here() if orders is None else orders
    started = time.perf_counter()
    stdout.write(f"Демо-данные (масштаб {scale}, заказов около {orders:,}):\n".replace(",", " "))
    with transaction.atomic():
        reference = reference_ensure(price_types=size.price_types)
        staff = create_staff(stdout)
        manager = staff["manager@okno.demo"]
        create_clients(manager, reference, stdout)
        complete_demo_contracts(reference)
        company_requisites_ensure(stdout)
        managers = [manager, *_extra_managers(stdout)]
    generate_clients(
        target=size.clients,
        managers=managers,
        price_types=reference.price_types,
        stdout=stdout,
    )
    products_load(target=size.products, reference=reference, stdout=stdout)
    extras_ensure(reference=reference, products=size.products, stdout=stdout)
    warehouse_ids = [warehouse.pk for warehouse in reference.warehouses]
    orders_load(orders=orders, clients=size.clients, warehouse_ids=warehouse_ids, stdout=stdout)
    demo_orders_ensure(pool=product_pool(POOL_SIZE), warehouse_ids=warehouse_ids, stdout=stdout)
    demo_finance_ensure(stdout=stdout)
    demo_exchange_ensure(stdout=stdout)
    demo_desk_ensure(stdout=stdout)
    demo_proposals_ensure(stdout=stdout)
    _statistics_refresh()
    stdout.write(f"Готово за {time.perf_counter() - started:.1f} с.\n")


def _statistics_refresh() -> None:
    """Let PostgreSQL's planner see the rows just written: until autovacuum comes by it takes
    the new tables for nearly empty and, say, reads a manager's half a million orders to show
    fifty. (SQLite keeps no statistics unless asked, and plans without them.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _extra_managers(stdout) -> list[User]:
    """More account managers for generated clients, so a manager sees only a share of them."""
    managers = []
    for email, full_name, code in EXTRA_MANAGERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email,
                DEMO_PASSWORD,
                full_name=full_name,
                staff_role=StaffRole.MANAGER,
                manager_code=code,
                position="Менеджер по работе с клиентами",
            )
            stdout.write(f"  создан {email}\n")
        managers.append(user)
    return managers
