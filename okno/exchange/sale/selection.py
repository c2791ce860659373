"""Which orders a `mode=query` carries, read a chunk at a time, and how an order that mixes
VAT rates or shipping warehouses is cut into sub-orders for 1C:УТ 11 (the delivery charge
goes with one of them).

An order goes to 1C once it reached the company (submitted or verified by the manager)
and was never sent, and again whenever it changed after 1C took it (`updated_at` later
than `exchange_sent_version`) — a cancellation, a manager's edit. What 1C itself changed
(documents_apply) moves `exchange_sent_version` along, so it does not come back.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import F, Q, QuerySet

from okno.catalog.models import Warehouse
from okno.exchange.models import OrderPart
from okno.orders.models import Order, OrderLine, OrderStatus

CHUNK = 500
LINE_FIELDS = (
    "order_id",
    "article",
    "name",
    "unit_name",
    "unit_coefficient",
    "quantity",
    "quantity_base",
    "price",
    "amount",
    "vat_rate",
    "vat_amount",
    "total",
    "warehouse_id",
    "product_id",
    "product__external_id",
    "product__base_unit__code",
    "product__base_unit__name",
    "product__base_unit__short_name",
    "unit__code",
    "unit__name",
)
DECIMAL_FIELDS = (
    "unit_coefficient",
    "quantity",
    "quantity_base",
    "price",
    "amount",
    "vat_amount",
    "total",
)


@dataclass
class ExportDocument:
    """One `Документ` of the answer: a whole order, or part `part.number` of `parts` of it."""

    order: Order
    lines: list[dict[str, Any]]
    warehouse: Warehouse
    part: OrderPart | None = None
    parts: int = 0
    individual: bool = False
    # Whether this document carries the order's delivery charge: of an order cut into
    # sub-orders, exactly one does, so that 1C does not charge it twice.
    delivery: bool = False

    @property
    def document_id(self) -> str:
        return f"{self.order.pk}-{self.part.number}" if self.part else str(self.order.pk)

    @property
    def number(self) -> str:
        number = self.order.number or str(self.order.pk)
        return f"{number}/{self.part.number}" if self.part else number


@dataclass
class Totals:
    amount: Decimal = Decimal(0)
    vat: Decimal = Decimal(0)
    total: Decimal = Decimal(0)
    rates: set[str] = field(default_factory=set)


def orders_to_export() -> QuerySet[Order]:
    """Orders 1C has not got in their present state (see the module's docstring)."""
    never_sent = Q(
        exchange_sent_version__isnull=True,
        status__in=[OrderStatus.SUBMITTED, OrderStatus.VERIFIED],
        merged_into__isnull=True,
    )
    changed = Q(updated_at__gt=F("exchange_sent_version"))
    return Order.objects.filter(never_sent | changed)


def pending_versions() -> list[tuple[int, datetime]]:
    """(order id, `updated_at`) of every order to export, in id order."""
    return list(orders_to_export().order_by("pk").values_list("pk", "updated_at"))


def export_documents(order_ids: list[int]) -> Iterator[ExportDocument]:
    """The documents of the orders, read `CHUNK` orders at a time."""
    warehouses = {row.pk: row for row in Warehouse.objects.all()}
    for start in range(0, len(order_ids), CHUNK):
        chunk = order_ids[start : start + CHUNK]
        orders = Order.objects.filter(pk__in=chunk).select_related(
            "legal_entity", "client", "contract", "address", "created_by"
        )
        lines: dict[int, list[dict[str, Any]]] = {pk: [] for pk in chunk}
        for row in _line_rows(chunk):
            lines[row["order_id"]].append(row)
        parts = _known_parts(chunk)
        for order in sorted(orders, key=lambda order: order.pk):
            yield from _documents_of(order, lines[order.pk], parts.get(order.pk, []), warehouses)


def _line_rows(order_ids: list[int]) -> Iterator[dict[str, Any]]:
    """The orders' lines as plain rows. Read through the cursor: Django's per-value
    decimal converters cost more than writing the lines' XML; numbers SQLite hands over
    as floats become exact decimals again through their shortest repr."""
    rows = (
        OrderLine.objects.filter(order_id__in=order_ids)
        .exclude(change=OrderLine.Change.REMOVED)
        .order_by("order_id", "position", "pk")
        .values_list(*LINE_FIELDS)
    )
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while block := cursor.fetchmany(2000):
            for values in block:
                row = dict(zip(LINE_FIELDS, values, strict=True))
                for name in DECIMAL_FIELDS:
                    value = row[name]
                    if not isinstance(value, Decimal):
                        row[name] = Decimal(repr(value))
                yield row


def _known_parts(order_ids: list[int]) -> dict[int, list[OrderPart]]:
    parts: dict[int, list[OrderPart]] = {}
    for part in OrderPart.objects.filter(order_id__in=order_ids).order_by("number"):
        parts.setdefault(part.order_id, []).append(part)
    return parts


def _documents_of(
    order: Order,
    lines: list[dict[str, Any]],
    known: list[OrderPart],
    warehouses: dict[int, Warehouse],
) -> Iterator[ExportDocument]:
    """The order as one document, or as its sub-orders when its lines mix rates or
    warehouses (or it went as sub-orders before: 1C keeps them, so they stay)."""
    individual = order.client.kind == order.client.Kind.INDIVIDUAL
    groups: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for line in lines:
        groups.setdefault((line["vat_rate"], line["warehouse_id"]), []).append(line)
    charged = order.delivery_total > 0
    if len(groups) <= 1 and not known:
        warehouse_id = next(iter(groups))[1] if groups else order.warehouse_id
        warehouse = warehouses[warehouse_id]
        yield ExportDocument(order, lines, warehouse, individual=individual, delivery=charged)
        return
    parts = _parts_for(order, list(groups), known)
    carrier = _delivery_part(order, parts, groups) if charged else None
    for part in parts:
        part_lines = groups.get((part.vat_rate, part.warehouse_id), [])
        warehouse = warehouses[part.warehouse_id]
        yield ExportDocument(
            order,
            part_lines,
            warehouse,
            part,
            len(parts),
            individual=individual,
            delivery=part is carrier,
        )


def _delivery_part(order: Order, parts: list[OrderPart], groups) -> OrderPart:
    """The sub-order that carries the delivery charge: the first with lines at the
    charge's VAT rate (УТ 11 wants one rate per order), else the first with lines."""
    with_lines = [part for part in parts if (part.vat_rate, part.warehouse_id) in groups]
    same_rate = [part for part in with_lines if part.vat_rate == order.delivery_vat_rate]
    return (same_rate or with_lines or parts)[0]


def _parts_for(
    order: Order, keys: list[tuple[str, int]], known: list[OrderPart]
) -> list[OrderPart]:
    """The order's sub-orders, numbered once for good: a rate and warehouse that appears
    later gets the next number."""
    by_key = {(part.vat_rate, part.warehouse_id): part for part in known}
    number = max((part.number for part in known), default=0)
    new = []
    for vat_rate, warehouse_id in sorted(keys):
        if (vat_rate, warehouse_id) not in by_key:
            number += 1
            part = OrderPart(
                order=order, number=number, vat_rate=vat_rate, warehouse_id=warehouse_id
            )
            by_key[(vat_rate, warehouse_id)] = part
            new.append(part)
    OrderPart.objects.bulk_create(new)
    return sorted(by_key.values(), key=lambda part: part.number)


def document_totals(document: ExportDocument) -> Totals:
    """The sums of the document's lines, and of the delivery charge when it carries it."""
    totals = Totals()
    for line in document.lines:
        totals.amount += line["amount"]
        totals.vat += line["vat_amount"]
        totals.total += line["total"]
        totals.rates.add(line["vat_rate"])
    if document.delivery:
        order = document.order
        totals.amount += order.delivery_amount
        totals.vat += order.delivery_vat_amount
        totals.total += order.delivery_total
        totals.rates.add(order.delivery_vat_rate)
    return totals
