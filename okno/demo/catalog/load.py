"""Writing the demo catalog's products with their units, barcodes, properties, prices in
every price type, stock at every warehouse and goods in transit.

Products are planned and written a chunk at a time, each chunk in its own transaction,
so memory stays flat whatever the scale and an interrupted run resumes after the last
whole chunk. Search keys are computed here, as the products are written: SQLite's
full-text index fills itself by triggers as the rows go in.
"""

from __future__ import annotations

import datetime
import time
from collections import Counter

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from okno.catalog.models import (
    Barcode,
    Price,
    Product,
    ProductProperty,
    ProductUnit,
    Stock,
    StockInTransit,
    StockMovement,
)
from okno.catalog.search.keys import article_key, search_text
from okno.catalog.services.stock import MOVEMENT_FIELDS
from okno.core.batches import chunked
from okno.core.bulk import rows_insert
from okno.demo.catalog.groups import LEAVES
from okno.demo.catalog.plans import CODE_PREFIX, ProductPlan, number_from_code, plan
from okno.demo.catalog.reference import Reference
from okno.demo.catalog.writer import db_datetime, ids_continue

CHUNK = 2000
REPORT_EVERY = 3.0  # seconds between progress lines
OPENING_BALANCE = "Ввод начальных остатков"

PRODUCT_FIELDS = (
    "id",
    "article",
    "code",
    "name",
    "group",
    "brand",
    "base_unit",
    "vat_rate",
    "min_quantity",
    "multiplicity",
    "is_active",
    "external_id",
    "article_key",
    "search_text",
    "updated_at",
)
PRICE_FIELDS = ("product", "price_type", "price", "unit", "coefficient", "updated_at")


def generated_products():
    return Product.objects.filter(code__startswith=CODE_PREFIX)


def products_load(*, target: int, reference: Reference, stdout) -> None:
    """Add generated products until there are `target` of them, then give every generated
    product a price in every price type of the scale."""
    done = generated_products().count()
    if done >= target:
        stdout.write(f"  товаров уже {_n(done)}, добавлять нечего\n")
    else:
        _products_add(range(done, target), reference, stdout)
    _prices_complete(reference, stdout)


def _products_add(numbers: range, reference: Reference, stdout) -> None:
    started = last_report = time.perf_counter()
    written: Counter[str] = Counter()
    stamp = db_datetime(timezone.now())
    today = timezone.localdate()
    next_id = (Product.objects.aggregate(last=Max("id"))["last"] or 0) + 1
    for start in range(numbers.start, numbers.stop, CHUNK):
        plans = [plan(n) for n in range(start, min(start + CHUNK, numbers.stop))]
        with transaction.atomic():
            written.update(_chunk_write(plans, next_id, reference, stamp, today))
            ids_continue(Product)
        next_id += len(plans)
        now = time.perf_counter()
        if now - last_report >= REPORT_EVERY or start + CHUNK >= numbers.stop:
            last_report = now
            done = plans[-1].number + 1
            stdout.write(_line(f"товары: {_n(done)} из {_n(numbers.stop)}", now - started))
            stdout.flush()
    elapsed = time.perf_counter() - started
    stdout.write(
        _line(
            f"записано: товаров {_n(written['products'])}, цен {_n(written['prices'])}, "
            f"остатков {_n(written['stock'])}, прочих строк {_n(written['other'])}",
            elapsed,
            rows=sum(written.values()),
        )
    )


def _n(number: float) -> str:
    return f"{number:,.0f}".replace(",", " ")


def _line(text: str, seconds: float, rows: int = 0) -> str:
    rate = f", {_n(rows / seconds)} строк/с" if rows and seconds else ""
    return f"  {text} ({seconds:.1f} с{rate})\n"


def _chunk_write(plans: list[ProductPlan], first_id: int, ref: Reference, stamp, today):
    pairs = list(zip(plans, range(first_id, first_id + len(plans)), strict=True))
    products = [_product_row(p, i, ref, stamp) for p, i in pairs]
    prices = [
        _price_row(p, i, slot, price_type.id, ref, stamp)
        for p, i in pairs
        for slot, price_type in enumerate(ref.price_types)
    ]
    stock, movements, transit = _stock_rows(pairs, ref, stamp, today)
    rows_insert(Product, PRODUCT_FIELDS, products)
    rows_insert(Price, PRICE_FIELDS, prices)
    rows_insert(Stock, ("product", "warehouse", "free", "reserved"), stock)
    other = rows_insert(
        ProductUnit,
        ("product", "unit", "coefficient"),
        [(i, ref.units[unit], c) for p, i in pairs for unit, c in p.units],
    )
    other += rows_insert(
        Barcode, ("product", "code"), [(i, c) for p, i in pairs for c in p.barcodes]
    )
    other += rows_insert(
        ProductProperty,
        ("product", "property", "value"),
        [(i, ref.properties[name], v) for p, i in pairs for name, v in p.properties],
    )
    other += rows_insert(StockMovement, MOVEMENT_FIELDS, movements)
    other += rows_insert(
        StockInTransit, ("product", "warehouse", "quantity", "expected_date"), transit
    )
    return {"products": len(products), "prices": len(prices), "stock": len(stock), "other": other}


def _product_row(p: ProductPlan, product_id: int, ref: Reference, stamp) -> tuple:
    return (
        product_id,
        p.article,
        p.code,
        p.name,
        ref.leaf_groups[p.leaf],
        ref.brands[p.brand],
        ref.units[LEAVES[p.leaf].unit],
        p.vat_rate,
        p.min_quantity,
        p.multiplicity,
        p.is_active,
        p.external_id,
        article_key(p.article),
        search_text(article=p.article, name=p.name, brand=p.brand, barcodes=p.barcodes),
        stamp,
    )


def _price_row(p: ProductPlan, product_id: int, slot: int, type_id: int, ref: Reference, stamp):
    kopecks, unit, coefficient = p.price(slot)
    money = f"{kopecks // 100}.{kopecks % 100:02d}"
    return (product_id, type_id, money, ref.units[unit] if unit else None, coefficient, stamp)


def _stock_rows(pairs, ref: Reference, stamp, today: datetime.date):
    """Stock at every warehouse, an opening-balance movement for each non-zero one (the
    ledger explains every stock figure), and goods in transit."""
    stock, movements, transit = [], [], []
    warehouses = [w.id for w in ref.warehouses]
    for p, product_id in pairs:
        for warehouse_id, (free, reserved) in zip(warehouses, p.stock, strict=True):
            stock.append((product_id, warehouse_id, free, reserved))
            if free or reserved:
                movements.append(
                    (
                        product_id,
                        warehouse_id,
                        StockMovement.Reason.IMPORT.value,
                        free,
                        reserved,
                        OPENING_BALANCE,
                        stamp,
                    )
                )
        for slot, quantity, days in p.transit:
            expected = today + datetime.timedelta(days=days)
            transit.append((product_id, warehouses[slot], quantity, expected))
    return stock, movements, transit


def _prices_complete(ref: Reference, stdout) -> None:
    """Prices of generated products in price types they lack: the types a bigger scale adds."""
    # One grouped count: a product has at most one price per type.
    priced = dict(
        Price.objects.filter(product__code__startswith=CODE_PREFIX)
        .values_list("price_type")
        .annotate(products=Count("id"))
        .order_by()
    )
    generated = generated_products().count()
    lacking = [
        (slot, price_type)
        for slot, price_type in enumerate(ref.price_types)
        if priced.get(price_type.id, 0) < generated
    ]
    if not lacking:
        return
    started = time.perf_counter()
    stamp = db_datetime(timezone.now())
    type_ids = [price_type.id for _slot, price_type in lacking]
    products = generated_products().order_by("id").values_list("id", "code")
    written = 0
    for chunk in chunked(products.iterator(chunk_size=CHUNK), CHUNK):
        have = set(
            Price.objects.filter(
                product_id__in=[product_id for product_id, _code in chunk],
                price_type_id__in=type_ids,
            ).values_list("product_id", "price_type_id")
        )
        rows = [
            _price_row(plan(number_from_code(code)), product_id, slot, pt.id, ref, stamp)
            for product_id, code in chunk
            for slot, pt in lacking
            if (product_id, pt.id) not in have
        ]
        with transaction.atomic():
            written += rows_insert(Price, PRICE_FIELDS, rows)
    names = ", ".join(pt.name for _slot, pt in lacking)
    stdout.write(_line(f"цены в типах «{names}»: {_n(written)}", time.perf_counter() - started))
