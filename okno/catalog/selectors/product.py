"""One product in full: its units with the viewer's prices and quantity breaks, properties,
barcodes, stock by warehouse, goods in transit and, for staff, the latest movements."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.http import Http404

from okno.catalog.models import (
    DiscountRule,
    Product,
    ProductGroup,
    Stock,
    StockInTransit,
    StockMovement,
)
from okno.catalog.pricing import LinePrice, PriceRequest, price_lines
from okno.catalog.selectors.listing import RowUnit, catalog_rows, path_ids
from okno.catalog.selectors.viewer import CatalogViewer, catalog_viewer
from okno.core.actor import Actor
from okno.core.schemas import MAX_ID

MOVEMENTS_SHOWN = 20
# More breaks than this is a price table nobody reads; the first ones matter.
BREAKS_SHOWN = 10


@dataclass(frozen=True)
class PriceBreak:
    """From `quantity` base units on, the viewer pays `price` per base unit."""

    quantity: Decimal
    price: LinePrice


@dataclass(frozen=True)
class WarehouseStock:
    """Stock of the product at one warehouse; `reserved` only for staff (None otherwise)."""

    warehouse_id: int
    name: str
    city: str
    free: Decimal
    reserved: Decimal | None
    is_here: bool


@dataclass(frozen=True)
class ProductDetail:
    """Everything the product page and the product API show."""

    viewer: CatalogViewer
    product: Product
    group_path: list[ProductGroup]
    units: list[RowUnit]
    breaks: list[PriceBreak]
    properties: list[tuple[str, str]]
    barcodes: list[str]
    stock: list[WarehouseStock]
    stock_here: Decimal
    stock_total: Decimal
    in_transit: list[StockInTransit]
    movements: list[StockMovement] | None

    @property
    def price(self) -> LinePrice:
        """The viewer's price per the base unit."""
        return self.units[0].price


def product_detail(actor: Actor, product_id: int) -> ProductDetail:
    """The product as the actor sees it; 404 for a product that is missing or, for a
    client's person, archived. Refuses (403) anyone who may not browse the catalog."""
    viewer = catalog_viewer(actor)
    product = _product(viewer, product_id)
    row = catalog_rows(viewer, [product])[0]
    stock = _stock(viewer, product)
    here = [entry.free for entry in stock if entry.is_here]
    return ProductDetail(
        viewer=viewer,
        product=product,
        group_path=_group_path(product.group),
        units=row.units,
        breaks=_price_breaks(viewer, product, row.price),
        properties=list(
            product.properties.order_by("property__name").values_list("property__name", "value")
        ),
        barcodes=list(product.barcodes.order_by("code").values_list("code", flat=True)),
        stock=stock,
        stock_here=sum(here, Decimal(0)) if viewer.warehouse_id else _total(stock),
        stock_total=_total(stock),
        in_transit=list(
            StockInTransit.objects.filter(product=product, quantity__gt=0)
            .select_related("warehouse")
            .order_by("expected_date", "pk")
        ),
        movements=_movements(product) if viewer.is_staff else None,
    )


def _product(viewer: CatalogViewer, product_id: int) -> Product:
    if not 1 <= product_id <= MAX_ID:
        raise Http404
    products = Product.objects.select_related("brand", "base_unit", "group")
    if viewer.active_only:
        products = products.filter(is_active=True)
    product = products.filter(pk=product_id).first()
    if product is None:
        raise Http404
    return product


def _group_path(group: ProductGroup | None) -> list[ProductGroup]:
    if group is None:
        return []
    ids = path_ids(group.path)
    found = ProductGroup.objects.filter(is_active=True).in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _price_breaks(viewer: CatalogViewer, product: Product, first: LinePrice) -> list[PriceBreak]:
    """The quantities from which the discount rules that cover the product lower its price,
    each with the price per base unit there; empty when there is one price whatever the
    quantity. Which rule applies at each quantity is the pricing module's decision."""
    terms = viewer.terms
    clients = Q(client__isnull=True)
    if terms.client_id is not None:
        clients |= Q(client_id=terms.client_id)
    group_ids = path_ids(product.group.path) if product.group is not None else []
    targets = (
        Q(product_id=product.pk)
        | Q(group_id__in=group_ids)
        | Q(product__isnull=True, group__isnull=True, brand__isnull=True)
    )
    if product.brand_id is not None:
        targets |= Q(brand_id=product.brand_id)
    thresholds = (
        DiscountRule.objects.filter(
            clients, targets, is_active=True, min_quantity__gt=first.quantity
        )
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=terms.on))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=terms.on))
        .order_by("min_quantity")
        .values_list("min_quantity", flat=True)
        .distinct()[:BREAKS_SHOWN]
    )
    requests = [PriceRequest(product.pk, quantity) for quantity in thresholds]
    breaks = [PriceBreak(first.quantity, first)]
    for price in price_lines(terms, requests):
        if price.unit_price != breaks[-1].price.unit_price:
            breaks.append(PriceBreak(price.quantity, price))
    return breaks if len(breaks) > 1 else []


def _stock(viewer: CatalogViewer, product: Product) -> list[WarehouseStock]:
    rows = (
        Stock.objects.filter(product=product, warehouse__is_active=True)
        .select_related("warehouse")
        .order_by("warehouse__sort", "warehouse__name")
    )
    return [
        WarehouseStock(
            warehouse_id=row.warehouse_id,
            name=row.warehouse.name,
            city=row.warehouse.city,
            free=row.free,
            reserved=row.reserved if viewer.is_staff else None,
            is_here=row.warehouse_id == viewer.warehouse_id,
        )
        for row in rows
    ]


def _total(stock: list[WarehouseStock]) -> Decimal:
    return sum((entry.free for entry in stock), Decimal(0))


def _movements(product: Product) -> list[StockMovement]:
    return list(
        StockMovement.objects.filter(product=product)
        .select_related("warehouse")
        .order_by("-created_at", "-pk")[:MOVEMENTS_SHOWN]
    )
