"""The catalog part of /api/v1/: products with the caller's prices and stock.

A client's person gets active products at their contract's prices and the stock of their
warehouse; staff who work with clients get every product at the base price type. Prices
are per the product's base unit, after discounts, `null` when there is none; quantities
are in base units.
"""

import datetime as dt
from decimal import Decimal

from ninja import Field, Query, Router, Schema

from okno.catalog.price_list_xlsx import price_list_xlsx
from okno.catalog.selectors import (
    CatalogFilters,
    ProductDetail,
    catalog_list,
    catalog_price_list,
    product_detail,
)
from okno.catalog.views import price_list_response
from okno.core.pagination import Page, page_schema
from okno.core.schemas import Id, Text

router = Router(tags=["catalog"])


class ProductOut(Schema):
    id: int
    article: str
    name: str
    unit: str = Field(description="The base unit prices and quantities are in.")
    price: Decimal | None = Field(description="The caller's price per base unit.")
    base_price: Decimal | None = Field(
        description="The base price per base unit, where the company shows it."
    )
    stock: Decimal = Field(description="Free stock at the caller's warehouse.")
    stock_total: Decimal = Field(description="Free stock at all warehouses.")
    vat_rate: str = Field(description="22, 10, 0 or none.")


ProductList = page_schema("ProductList", ProductOut)


class ProductFilters(Schema):
    search: Text = Field(
        "", max_length=100, description="Article, name, barcode or your own article"
    )
    group_id: Id | None = Field(None, description="A product group with its subgroups.")
    brand_id: Id | None = None
    in_stock: bool = Field(False, description="Only products in stock at your warehouse.")


class UnitOut(Schema):
    id: int
    name: str
    coefficient: Decimal = Field(description="Base units in one of this unit.")
    price: Decimal | None


class PropertyOut(Schema):
    name: str
    value: str


class WarehouseStockOut(Schema):
    warehouse_id: int
    name: str
    city: str
    free: Decimal
    is_yours: bool


class InTransitOut(Schema):
    warehouse_id: int
    quantity: Decimal
    expected_date: dt.date


class ProductDetailOut(ProductOut):
    code: str
    brand: str | None
    group_id: int | None
    min_quantity: Decimal
    multiplicity: Decimal = Field(description="0 — any quantity.")
    is_active: bool
    units: list[UnitOut]
    barcodes: list[str]
    properties: list[PropertyOut]
    stock_by_warehouse: list[WarehouseStockOut]
    in_transit: list[InTransitOut]


@router.get("/catalog/products", response=ProductList, url_name="catalog_product_list")
def list_products(request, filters: Query[ProductFilters], page: Query[Page]):
    """Products the caller sees, found by `search` (exact article first) or in name order."""
    wanted = CatalogFilters(
        query=filters.search.strip(),
        group_id=filters.group_id,
        brand_id=filters.brand_id,
        in_stock_here=filters.in_stock,
    )
    rows, count = catalog_list(request.actor, wanted, offset=page.offset, limit=page.limit)
    items = [
        {
            "id": row.product_id,
            "article": row.article,
            "name": row.name,
            "unit": row.units[0].short_name,
            "price": row.price.unit_price if row.price.has_price else None,
            "base_price": row.base_price,
            "stock": row.stock_here,
            "stock_total": row.stock_total,
            "vat_rate": row.vat_rate,
        }
        for row in rows
    ]
    return {"items": items, "count": count}


@router.get(
    "/catalog/price-list.xlsx",
    url_name="catalog_price_list",
    openapi_extra={
        "responses": {
            200: {
                "description": "The price list as an Excel workbook.",
                "content": {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}
                },
            }
        }
    },
)
def download_price_list(request, group: Id | None = None):
    """Your price list as an Excel workbook: every product you see (or those of `group`
    with its subgroups) with your price, the base price where shown, VAT, the stock of
    your warehouse and of all warehouses. 404 for an unknown group."""
    return price_list_response(price_list_xlsx(catalog_price_list(request.actor, group_id=group)))


@router.get(
    "/catalog/products/{product_id}", response=ProductDetailOut, url_name="catalog_product_detail"
)
def get_product(request, product_id: Id):
    """One product: units with prices, barcodes, properties, stock by warehouse, in transit."""
    return _detail_out(product_detail(request.actor, product_id))


def _detail_out(detail: ProductDetail) -> dict:
    product = detail.product
    return {
        "id": product.pk,
        "article": product.article,
        "name": product.name,
        "code": product.code,
        "brand": product.brand.name if product.brand is not None else None,
        "group_id": product.group_id,
        "unit": product.base_unit.short_name,
        "price": detail.price.unit_price if detail.price.has_price else None,
        "base_price": detail.units[0].base_price,
        "stock": detail.stock_here,
        "stock_total": detail.stock_total,
        "vat_rate": product.vat_rate,
        "min_quantity": product.min_quantity,
        "multiplicity": product.multiplicity,
        "is_active": product.is_active,
        "units": [
            {
                "id": unit.unit_id,
                "name": unit.short_name,
                "coefficient": unit.coefficient,
                "price": unit.price.unit_price if unit.price.has_price else None,
            }
            for unit in detail.units
        ],
        "barcodes": detail.barcodes,
        "properties": [{"name": name, "value": value} for name, value in detail.properties],
        "stock_by_warehouse": [
            {
                "warehouse_id": entry.warehouse_id,
                "name": entry.name,
                "city": entry.city,
                "free": entry.free,
                "is_yours": entry.is_here,
            }
            for entry in detail.stock
        ],
        "in_transit": [
            {
                "warehouse_id": entry.warehouse_id,
                "quantity": entry.quantity,
                "expected_date": entry.expected_date,
            }
            for entry in detail.in_transit
        ],
    }
