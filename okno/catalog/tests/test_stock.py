"""Stock reservations: all or nothing, a movement for every change, no oversell under
concurrent orders."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from okno.catalog.models import Stock, StockMovement
from okno.catalog.services.stock import (
    ShortOfStock,
    StockRequest,
    stock_release,
    stock_reserve,
    stock_set_free,
    stock_ship,
)
from okno.catalog.tests.factories import ProductFactory, StockFactory, WarehouseFactory
from okno.core.errors import Conflict


def figures(stock: Stock) -> tuple[Decimal, Decimal]:
    stock.refresh_from_db()
    return stock.free, stock.reserved


@pytest.mark.django_db
def test_reserve_moves_free_to_reserved_and_records_movements():
    stock = StockFactory(free=Decimal("10"))
    request = StockRequest(stock.product_id, stock.warehouse_id, Decimal("4"))
    stock_reserve([request, request], reference="Заказ 1")
    assert figures(stock) == (Decimal("2"), Decimal("8"))
    movement = StockMovement.objects.get()
    assert (movement.reason, movement.free_change, movement.reserved_change) == (
        "reserve",
        Decimal("-8"),
        Decimal("8"),
    )
    assert movement.reference == "Заказ 1"


@pytest.mark.django_db
def test_reserve_is_all_or_nothing():
    warehouse = WarehouseFactory()
    plenty = StockFactory(warehouse=warehouse, free=Decimal("100"))
    scarce = StockFactory(warehouse=warehouse, free=Decimal("1"))
    missing = ProductFactory()  # no stock row at all
    requests = [
        StockRequest(plenty.product_id, warehouse.id, Decimal("5")),
        StockRequest(scarce.product_id, warehouse.id, Decimal("2")),
        StockRequest(missing.id, warehouse.id, Decimal("1")),
    ]
    with pytest.raises(ShortOfStock) as refused:
        stock_reserve(requests, reference="Заказ 2")
    assert {r.product_id for r in refused.value.short} == {scarce.product_id, missing.id}
    assert figures(plenty) == (Decimal("100"), Decimal("0"))
    assert figures(scarce) == (Decimal("1"), Decimal("0"))
    assert not StockMovement.objects.exists()


@pytest.mark.django_db
def test_release_and_ship_take_from_the_reserve():
    stock = StockFactory(free=Decimal("10"))
    request = StockRequest(stock.product_id, stock.warehouse_id, Decimal("6"))
    stock_reserve([request], reference="Заказ 3")
    stock_release([StockRequest(stock.product_id, stock.warehouse_id, Decimal("2"))], reference="")
    assert figures(stock) == (Decimal("6"), Decimal("4"))
    stock_ship([StockRequest(stock.product_id, stock.warehouse_id, Decimal("4"))], reference="")
    assert figures(stock) == (Decimal("6"), Decimal("0"))
    reasons = list(StockMovement.objects.order_by("id").values_list("reason", flat=True))
    assert reasons == ["reserve", "release", "shipment"]


@pytest.mark.django_db
def test_releasing_more_than_reserved_is_refused_and_changes_nothing():
    stock = StockFactory(free=Decimal("10"), reserved=Decimal("1"))
    with pytest.raises(Conflict, match="Резерв товара меньше"):
        stock_release(
            [StockRequest(stock.product_id, stock.warehouse_id, Decimal("3"))], reference=""
        )
    assert figures(stock) == (Decimal("10"), Decimal("1"))


@pytest.mark.django_db
def test_set_free_records_the_difference_and_creates_missing_rows():
    product, warehouse = ProductFactory(), WarehouseFactory()
    stock_set_free(product.id, warehouse.id, Decimal("7"), reference="offers.xml")
    stock_set_free(product.id, warehouse.id, Decimal("5"), reference="offers.xml")
    stock_set_free(product.id, warehouse.id, Decimal("5"), reference="offers.xml")
    assert Stock.objects.get(product=product, warehouse=warehouse).free == Decimal("5")
    changes = list(StockMovement.objects.order_by("id").values_list("free_change", flat=True))
    assert changes == [Decimal("7"), Decimal("-2")]


@pytest.mark.django_db(transaction=True)
def test_concurrent_orders_never_oversell_the_last_units():
    stock = StockFactory(free=Decimal("5"))
    request = StockRequest(stock.product_id, stock.warehouse_id, Decimal("2"))
    outcomes: list[str] = []
    start = threading.Barrier(8)

    def order() -> None:
        start.wait()
        try:
            stock_reserve([request], reference="concurrent")
            outcomes.append("reserved")
        except ShortOfStock:
            outcomes.append("short")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=order) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("reserved") == 2, (connection.vendor, outcomes)
    assert outcomes.count("short") == 6
    assert figures(stock) == (Decimal("1"), Decimal("4"))
    assert StockMovement.objects.filter(reason="reserve").count() == 2
