"""GET /api/v1/catalog/products and /products/{id}: the caller's prices and stock, filters,
pages, archived products, who may read it, query counts and malformed input."""

from datetime import date
from decimal import Decimal

import pytest

from okno.accounts.tests.factories import StaffFactory
from okno.catalog.models import ProductProperty, Property, StockInTransit
from okno.catalog.tests.factories import (
    BarcodeFactory,
    BrandFactory,
    ProductGroupFactory,
    ProductUnitFactory,
    UnitFactory,
)
from okno.catalog.tests.shop import build_shop
from okno.core.roles import StaffRole
from okno.core.testing.queries import assert_queries_flat

pytestmark = pytest.mark.django_db

D = Decimal
PRODUCTS = "/api/v1/catalog/products"


@pytest.fixture
def shop():
    return build_shop()


@pytest.fixture
def api(client, shop):
    client.force_login(shop.buyer)
    return client


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()["items"]]


def test_the_list_answers_the_callers_price_base_price_and_stock(api, shop):
    item = shop.product(price="1000.00", base="1200.00", kazan="7", moscow="30", vat_rate="10")
    response = api.get(PRODUCTS)
    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": item.pk,
                "article": item.article,
                "name": item.name,
                "unit": "шт",
                "price": "900.00",
                "base_price": "1200.00",
                "stock": "7.000",
                "stock_total": "37.000",
                "vat_rate": "10",
            }
        ],
        "count": 1,
    }


def test_a_product_without_a_price_answers_null(api, shop):
    shop.product(price=None)
    assert api.get(PRODUCTS).json()["items"][0]["price"] is None


def test_filters_search_and_pages(api, shop):
    group = ProductGroupFactory(name="Инструмент")
    brand = BrandFactory(name="Bosch")
    drill = shop.product(article="DR-500", name="Дрель", group=group, brand=brand, kazan="2")
    saw = shop.product(article="SW-100", name="Пила", group=group, kazan="0")
    other = shop.product(article="ZZ-1", name="Гвозди")
    assert ids(api.get(PRODUCTS, {"search": "DR-500"})) == [drill.pk]
    assert sorted(ids(api.get(PRODUCTS, {"group_id": group.pk}))) == sorted([drill.pk, saw.pk])
    assert ids(api.get(PRODUCTS, {"brand_id": brand.pk})) == [drill.pk]
    assert ids(api.get(PRODUCTS, {"in_stock": "true", "group_id": group.pk})) == [drill.pk]
    first = api.get(PRODUCTS, {"limit": 2}).json()
    rest = api.get(PRODUCTS, {"limit": 2, "offset": 2}).json()
    assert first["count"] == rest["count"] == 3
    assert [row["id"] for row in first["items"] + rest["items"]] == [other.pk, drill.pk, saw.pk]


def test_archived_products_are_missing_for_clients_and_there_for_staff(client, api, shop):
    archived = shop.product(is_active=False)
    assert api.get(PRODUCTS).json()["count"] == 0
    assert api.get(f"{PRODUCTS}/{archived.pk}").status_code == 404
    client.force_login(StaffFactory())
    assert client.get(f"{PRODUCTS}/{archived.pk}").json()["is_active"] is False


def test_the_product_answers_units_barcodes_properties_and_stock_by_warehouse(api, shop):
    item = shop.product(price="100.00", kazan="7", moscow="30")
    ProductUnitFactory(product=item, unit=UnitFactory(short_name="кор"), coefficient=D("12"))
    BarcodeFactory(product=item, code="4601234567890")
    color = Property.objects.create(name="Цвет")
    ProductProperty.objects.create(product=item, property=color, value="Синий")
    StockInTransit.objects.create(
        product=item, warehouse=shop.moscow, quantity=D("40"), expected_date=date(2026, 12, 1)
    )
    item.stock.filter(warehouse=shop.moscow).update(reserved=D("5"))
    body = api.get(f"{PRODUCTS}/{item.pk}").json()
    assert body["price"] == "90.00"
    assert body["stock"] == "7.000"
    assert body["stock_total"] == "37.000"
    assert [(unit["name"], unit["coefficient"], unit["price"]) for unit in body["units"]] == [
        ("шт", "1.000", "90.00"),
        ("кор", "12.000", "1080.00"),
    ]
    assert body["barcodes"] == ["4601234567890"]
    assert body["properties"] == [{"name": "Цвет", "value": "Синий"}]
    stock = {entry["name"]: entry for entry in body["stock_by_warehouse"]}
    assert stock["Склад Казань"]["is_yours"] is True
    assert stock["Склад Москва"] == {
        "warehouse_id": shop.moscow.pk,
        "name": "Склад Москва",
        "city": "Москва",
        "free": "30.000",
        "is_yours": False,
    }  # no reserve for a client
    assert body["in_transit"] == [
        {"warehouse_id": shop.moscow.pk, "quantity": "40.000", "expected_date": "2026-12-01"}
    ]


def test_only_people_who_may_browse_the_catalog_read_it(client, shop):
    item = shop.product()
    assert client.get(PRODUCTS).status_code == 401
    client.force_login(StaffFactory(staff_role=StaffRole.OPERATOR, manager_code=None))
    assert client.get(PRODUCTS).status_code == 403
    assert client.get(f"{PRODUCTS}/{item.pk}").status_code == 403


@pytest.mark.parametrize(
    "params",
    [
        {"group_id": "abc"},
        {"group_id": "99999999999999999999999"},
        {"brand_id": "0"},
        {"limit": "0"},
        {"offset": "-1"},
        {"search": "дрель\x00"},
        {"search": "x" * 101},
    ],
)
def test_malformed_filters_are_a_422_naming_the_field(api, shop, params):
    response = api.get(PRODUCTS, params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == next(iter(params))


def test_a_product_id_beyond_any_stored_one_is_a_422(api, shop):
    assert api.get(f"{PRODUCTS}/99999999999999999999999").status_code == 422


def test_the_list_takes_as_many_queries_for_50_rows_as_for_10(
    client, shop, django_assert_max_num_queries
):
    def add(count):
        for _ in range(count):
            item = shop.product(brand=BrandFactory(), base_unit=UnitFactory())
            ProductUnitFactory(
                product=item, unit=UnitFactory(short_name=f"уп{item.pk}"), coefficient=D("6")
            )

    add(10)
    client.force_login(shop.buyer)
    response = assert_queries_flat(
        lambda: client.get(PRODUCTS, {"limit": 50}),
        grow=lambda: add(40),
        ceiling=15,
        assert_max_num_queries=django_assert_max_num_queries,
    )
    assert len(response.json()["items"]) == 50
