"""Writing a year of orders of the generated clients: orders with their lines, status
history, shipments and shipment lines, a batch of clients at a time.

Rows are written the catalog's way (`rows_insert`: COPY on PostgreSQL, one prepared INSERT
on SQLite), never saved one by one: a million orders are some twenty-five million rows.
Each batch is its own transaction and a client that has orders is skipped, so a run that
stops half-way resumes with the next client, and a second run adds nothing.

The seeded history does not touch stock: its open orders are shown as 1C holds them,
without a reserve on the portal (`reserved` is zero), so cancelling one releases nothing.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from okno.clients.models import Client, Contract
from okno.core.batches import chunked
from okno.core.bulk import rows_insert
from okno.demo.catalog.writer import ids_continue
from okno.demo.generate import GENERATED_PREFIX
from okno.demo.orders.facts import ClientFacts, PoolProduct, clients_facts, product_pool
from okno.demo.orders.plans import OrderPlan, client_orders, orders_count
from okno.orders.models import (
    Order,
    OrderLine,
    OrderStatusChange,
    Shipment,
    ShipmentLine,
)
from okno.orders.services.checkout import order_number

CLIENT_BATCH = 250
POOL_SIZE = 20_000
REPORT_EVERY = 3.0  # seconds between progress lines

ORDER_FIELDS = (
    "id",
    "number",
    "client",
    "legal_entity",
    "contract",
    "created_by",
    "status",
    "delivery",
    "address",
    "address_text",
    "warehouse",
    "desired_date",
    "comment",
    "price_type",
    "vat_included",
    "amount",
    "vat_amount",
    "total",
    "currency",
    "lines_count",
    "credit_warning",
    "approved_by",
    "changed_by_manager",
    "cancel_reason",
    "created_at",
    "submitted_at",
    "updated_at",
)
LINE_FIELDS = (
    "id",
    "order",
    "position",
    "product",
    "article",
    "name",
    "unit",
    "unit_name",
    "unit_coefficient",
    "quantity",
    "quantity_base",
    "ordered_quantity",
    "change",
    "warehouse",
    "desired_date",
    "price",
    "discount_percent",
    "amount",
    "vat_rate",
    "vat_amount",
    "total",
    "reserved",
    "shipped",
)
STEP_FIELDS = ("order", "from_status", "to_status", "user", "note", "at")
SHIPMENT_FIELDS = (
    "id",
    "order",
    "number",
    "date",
    "status",
    "warehouse",
    "carrier",
    "tracking_number",
    "amount",
    "created_at",
    "updated_at",
)
SHIPMENT_LINE_FIELDS = ("shipment", "order_line", "quantity_base", "amount")
ZERO = "0"
ZERO_MONEY = Decimal("0.00")


def orders_load(*, orders: int, clients: int, warehouse_ids: list[int], stdout) -> None:
    """A year of orders for every generated client that has none yet: about `orders` in
    all when there are `clients` generated clients (a client orders `orders / clients`
    times on average, the busiest many times that)."""
    generated = list(
        Client.objects.filter(external_id__startswith=GENERATED_PREFIX)
        .order_by("pk")
        .values_list("pk", "external_id", "kind")
    )
    if not generated or orders <= 0:
        return
    started = last_report = time.perf_counter()
    mean = orders / _ordering_clients(clients, generated)
    pool = product_pool(POOL_SIZE)
    writer = OrdersWriter(timezone.now())
    for batch in chunked(generated, CLIENT_BATCH):
        have = set(
            Order.objects.filter(client_id__in=[pk for pk, _e, _k in batch])
            .values_list("client_id", flat=True)
            .distinct()
        )
        todo = [row for row in batch if row[0] not in have]
        if not todo:
            continue
        facts = clients_facts([pk for pk, _e, _k in todo], warehouse_ids)
        kinds = {pk: (external_id, kind) for pk, external_id, kind in todo}
        plans = []
        for client in facts:
            external_id, kind = kinds[client.id]
            rng = random.Random(f"orders-{external_id}")
            count = orders_count(rng, mean, person=kind == Client.Kind.INDIVIDUAL)
            plans += _planned(client, pool, count, writer.now, rng)
        writer.write(plans)
        now = time.perf_counter()
        if now - last_report >= REPORT_EVERY:
            last_report = now
            stdout.write(_progress(writer.written, now - started))
            stdout.flush()
    if writer.written:
        stdout.write(_progress(writer.written, time.perf_counter() - started, final=True))


def _ordering_clients(clients: int, generated: list[tuple]) -> float:
    """How many of the scale's `clients` will order: companies with a contract (individual
    customers order a few times a year at most), judged by the clients generated so far."""
    sample = generated[: CLIENT_BATCH * 4]
    companies = [pk for pk, _external_id, kind in sample if kind == Client.Kind.COMPANY]
    with_contract = (
        Contract.objects.filter(client_id__in=companies, is_active=True)
        .values("client_id")
        .distinct()
        .count()
    )
    share = with_contract / len(sample)
    return max(1.0, clients * share)


def _planned(client: ClientFacts, pool, count: int, now, rng) -> list[tuple[int, OrderPlan]]:
    return [
        (client.id, plan) for plan in client_orders(client, pool, count=count, now=now, rng=rng)
    ]


@dataclass
class _Ids:
    order: int
    line: int
    shipment: int


class OrdersWriter:
    """Turns order plans into rows and writes them, numbering orders, lines and shipments
    itself (the rows refer to each other before they exist)."""

    def __init__(self, now: datetime.datetime):
        self.now = now
        self.ids = _Ids(
            order=_next_id(Order), line=_next_id(OrderLine), shipment=_next_id(Shipment)
        )
        self.written: Counter[str] = Counter()

    def write(self, plans: list[tuple[int, OrderPlan]]) -> None:
        """Write the plans (client id, plan) in one transaction."""
        if not plans:
            return
        rows = _Rows()
        for client_id, plan in plans:
            rows.add(client_id, plan, self.ids)
        with transaction.atomic():
            self.written["orders"] += rows_insert(Order, ORDER_FIELDS, rows.orders)
            self.written["lines"] += rows_insert(OrderLine, LINE_FIELDS, rows.lines)
            self.written["steps"] += rows_insert(OrderStatusChange, STEP_FIELDS, rows.steps)
            self.written["shipments"] += rows_insert(Shipment, SHIPMENT_FIELDS, rows.shipments)
            self.written["shipment lines"] += rows_insert(
                ShipmentLine, SHIPMENT_LINE_FIELDS, rows.shipment_lines
            )
            for model in (Order, OrderLine, Shipment):
                ids_continue(model)


def _next_id(model) -> int:
    return (model.objects.aggregate(last=Max("id"))["last"] or 0) + 1


class _Rows:
    def __init__(self) -> None:
        self.moment = _moment_value()
        self.day_zone = timezone.get_default_timezone()
        self.orders: list[tuple] = []
        self.lines: list[tuple] = []
        self.steps: list[tuple] = []
        self.shipments: list[tuple] = []
        self.shipment_lines: list[tuple] = []

    def add(self, client_id: int, plan: OrderPlan, ids: _Ids) -> None:
        order_id = ids.order
        ids.order += 1
        entity = plan.entity
        desired = plan.desired_date.isoformat() if plan.desired_date else None
        line_ids = list(range(ids.line, ids.line + len(plan.lines)))
        ids.line += len(plan.lines)
        for position, (line_id, line) in enumerate(zip(line_ids, plan.lines, strict=True), 1):
            self.lines.append(_line_row(line_id, order_id, position, line, entity, desired))
        self.orders.append(self._order_row(order_id, client_id, plan, desired))
        self.steps += [
            (order_id, s.from_status, s.to_status, s.user_id, s.note, self.moment(s.at))
            for s in plan.steps
        ]
        self._shipments(order_id, plan, line_ids, ids)

    def _order_row(self, order_id: int, client_id: int, plan: OrderPlan, desired) -> tuple:
        """The order's row, its money the sum of its lines' (as checkout totals an order)."""
        entity = plan.entity
        submitted = plan.submitted_at
        return (
            order_id,
            order_number(order_id),
            client_id,
            entity.id,
            entity.contract_id,
            plan.created_by,
            plan.status,
            plan.delivery,
            plan.address[0] if plan.address else None,
            plan.address[1] if plan.address else "",
            entity.warehouse_id,
            desired,
            plan.comment,
            entity.price_type_id,
            entity.vat_included,
            sum((line.amount for line in plan.lines), start=ZERO_MONEY),
            sum((line.vat_amount for line in plan.lines), start=ZERO_MONEY),
            sum((line.total for line in plan.lines), start=ZERO_MONEY),
            "RUB",
            len(plan.lines),
            "",
            None,
            plan.changed_by_manager,
            plan.cancel_reason,
            self.moment(plan.created_at),
            self.moment(submitted) if submitted else None,
            self.moment(plan.steps[-1].at if plan.steps else plan.created_at),
        )

    def _shipments(self, order_id: int, plan: OrderPlan, line_ids, ids: _Ids) -> None:
        for number, shipment in enumerate(plan.shipments, 1):
            shipment_id = ids.shipment
            ids.shipment += 1
            amount = sum((plan.lines[p].total for p in shipment.lines), start=ZERO_MONEY)
            shipped_at = self.moment(shipment.at)
            self.shipments.append(
                (
                    shipment_id,
                    order_id,
                    f"РН-{order_id:06d}/{number}",
                    shipment.at.astimezone(self.day_zone).date().isoformat(),
                    shipment.status,
                    plan.entity.warehouse_id,
                    shipment.carrier,
                    shipment.tracking,
                    amount,
                    shipped_at,
                    shipped_at,
                )
            )
            self.shipment_lines += [
                (shipment_id, line_ids[p], plan.lines[p].quantity, plan.lines[p].total)
                for p in shipment.lines
            ]


def _moment_value():
    """`writer.db_datetime` without asking the connection for its vendor at every value:
    SQLite stores UTC as text, PostgreSQL's COPY takes the aware datetime."""
    if connection.vendor == "sqlite":
        return lambda value: str(value.astimezone(datetime.UTC).replace(tzinfo=None))
    return lambda value: value


def _line_row(line_id: int, order_id: int, position: int, line, entity, desired) -> tuple:
    product: PoolProduct = line.product
    return (
        line_id,
        order_id,
        position,
        product.id,
        product.article,
        product.name,
        product.unit_id,
        product.unit_name,
        "1",
        line.quantity,
        line.quantity,
        line.ordered_quantity,
        "quantity" if line.ordered_quantity is not None else "",
        entity.warehouse_id,
        desired,
        line.price,
        line.discount,
        line.amount,
        product.vat_rate,
        line.vat_amount,
        line.total,
        ZERO,
        line.quantity if line.shipped else ZERO,
    )


def _progress(written: Counter[str], seconds: float, *, final: bool = False) -> str:
    def n(number: float) -> str:
        return f"{number:,.0f}".replace(",", " ")

    rows = sum(written.values())
    rate = f", {n(rows / seconds)} строк/с" if seconds else ""
    head = "записано: заказов" if final else "заказы:"
    text = (
        f"{head} {n(written['orders'])}, строк {n(written['lines'])}, "
        f"смен статуса {n(written['steps'])}, отгрузок {n(written['shipments'])}"
    )
    return f"  {text} ({seconds:.1f} с{rate})\n"
