"""The order export to 1C (`type=sale&mode=query`) on a seeded database: 3,000 orders of
20 lines each, written straight into the tables, exported as the XML 1C reads. Goal: the
whole answer in at most 5 seconds.

Everything is undone afterwards by rolling the benchmark's transaction back, so the
database stays as seeded however often it runs.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from bench.orders import result, timed
from okno.accounts.models import User
from okno.catalog.models import Product, Warehouse
from okno.clients.models import Contract
from okno.core.batches import chunked
from okno.core.roles import StaffRole
from okno.exchange.models import ExchangeSession, Integration
from okno.exchange.sale import sale_query
from okno.orders.models import Order, OrderLine, OrderStatus

ORDERS = 3000
LINES = 20
EXPORT_GOAL_MS = 5000
EXPORT_RUNS = 3
PRICE = Decimal("123.45")


class _Rollback(Exception):
    """Leaving the benchmark's transaction with this undoes what it wrote."""


def bench_export(user: User) -> list[dict]:
    """`sale_query` of 3,000 orders × 20 lines; each run drops the previous run's pending
    batch, so every run exports the same orders."""
    name = f"order export, {ORDERS} orders × {LINES} lines"
    rows = []
    try:
        with transaction.atomic():
            # The seeded year of orders is taken as sent: only the benchmark's go out.
            Order.objects.update(exchange_sent_version=F("updated_at"))
            _orders_write()
            session = _session()
            size = len(sale_query(session=session).read())
            samples = timed(lambda: sale_query(session=session).close(), EXPORT_RUNS)
            rows.append(result(f"{name} ({size // 1024} KB)", samples, EXPORT_GOAL_MS))
            raise _Rollback
    except _Rollback:
        pass
    return rows


def _session() -> ExchangeSession:
    integration = Integration.objects.create(
        name="bench",
        user=User.objects.create(email="bench-1c@okno.demo", staff_role=StaffRole.INTEGRATION),
        query_confirms_previous=False,
    )
    return ExchangeSession.objects.create(
        integration=integration, kind=ExchangeSession.Kind.SALE, cookie="bench", sessid="bench"
    )


def _orders_write() -> None:
    """3,000 submitted orders of one seeded contract, 20 lines each from the catalog."""
    contract = Contract.objects.select_related("legal_entity").filter(is_active=True).first()
    if contract is None:
        raise RuntimeError("the seeded database has no contract")
    warehouse_id = contract.warehouse_id or _default_warehouse()
    products = list(
        Product.objects.filter(is_active=True).values(
            "pk", "article", "name", "base_unit_id", "base_unit__short_name"
        )[:2000]
    )
    now = timezone.now()
    orders = Order.objects.bulk_create(
        [
            Order(
                number=f"BENCH-{index:06d}",
                client_id=contract.client_id,
                legal_entity_id=contract.legal_entity_id,
                contract=contract,
                status=OrderStatus.SUBMITTED,
                warehouse_id=warehouse_id,
                amount=PRICE * LINES,
                total=PRICE * LINES,
                lines_count=LINES,
                submitted_at=now,
            )
            for index in range(ORDERS)
        ],
        batch_size=500,
    )
    cycle = itertools.cycle(products)
    lines = (
        _line(order, position, next(cycle), warehouse_id)
        for order in orders
        for position in range(LINES)
    )
    for batch in chunked(lines, 2000):
        OrderLine.objects.bulk_create(batch)


def _line(order: Order, position: int, product: dict, warehouse_id: int) -> OrderLine:
    return OrderLine(
        order=order,
        position=position,
        product_id=product["pk"],
        article=product["article"],
        name=product["name"],
        unit_id=product["base_unit_id"],
        unit_name=product["base_unit__short_name"],
        quantity=Decimal(2),
        quantity_base=Decimal(2),
        warehouse_id=warehouse_id,
        price=PRICE / 2,
        amount=PRICE,
        vat_rate="22",
        vat_amount=Decimal("22.26"),
        total=PRICE,
    )


def _default_warehouse() -> int:
    return Warehouse.objects.order_by("-is_default", "pk").values_list("pk", flat=True)[0]


EXPORT_BENCHMARKS = {"export": bench_export}
