"""The catalog's product list: which products the viewer sees under the filters, in which
order, and each as a row with its units, the viewer's prices and the stock."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from okno.catalog.models import Price, Product, ProductGroup, ProductProperty, ProductUnit, Stock
from okno.catalog.pricing import LinePrice, PriceRequest, price_lines, product_facts
from okno.catalog.search.query import ProductSearch, product_search
from okno.catalog.selectors.viewer import CatalogViewer, catalog_viewer
from okno.core.actor import Actor
from okno.core.money import QUANTITY_STEP

SORTS = ("name", "article", "price", "stock")
PER_PAGE = 50
ONE = Decimal("1")
BASE_COEFFICIENT = Decimal("1.000")
NO_STOCK = Decimal("0.000")
# What `catalog_rows` reads of a product and the pricing of its row.
ROW_FIELDS = (
    "article",
    "name",
    "brand__name",
    "base_unit__short_name",
    "group__path",
    "is_active",
    "vat_rate",
    "min_quantity",
    "multiplicity",
)
_QUANTITY = DecimalField(max_digits=15, decimal_places=3)
_PRICE = DecimalField(max_digits=20, decimal_places=6)


@dataclass(frozen=True)
class CatalogFilters:
    """What the list is narrowed to: a search query, a group (with its subgroups), a brand,
    property values (property id → value) and stock at the viewer's warehouse."""

    query: str = ""
    group_id: int | None = None
    brand_id: int | None = None
    properties: Mapping[int, str] = field(default_factory=dict)
    in_stock_here: bool = False

    @property
    def narrowed(self) -> bool:
        return bool(self.query or self.group_id or self.brand_id or self.properties)


@dataclass(frozen=True)
class RowUnit:
    """A unit a product is sold in (the base unit first) and the viewer's price per it."""

    unit_id: int
    short_name: str
    coefficient: Decimal
    price: LinePrice

    @property
    def base_price(self) -> Decimal | None:
        """The base price to show beside the viewer's own: None when it is not shown or
        when it is the same price."""
        base = self.price.base_unit_price
        return base if base is not None and base != self.price.unit_price else None


@dataclass(frozen=True)
class CatalogRow:
    """A product as a catalog row; quantities in base units, stock free to order."""

    product_id: int
    article: str
    name: str
    brand: str
    is_active: bool
    vat_rate: str
    units: list[RowUnit]
    stock_here: Decimal
    stock_total: Decimal
    min_quantity: Decimal
    multiplicity: Decimal

    @property
    def price(self) -> LinePrice:
        """The price per the base unit."""
        return self.units[0].price

    @property
    def base_price(self) -> Decimal | None:
        """The base price per the base unit, where it is shown."""
        return self.units[0].base_price


def catalog_products(
    viewer: CatalogViewer,
    filters: CatalogFilters,
    *,
    group_path: str | None = None,
    sort: str | None = None,
    descending: bool = False,
    search: ProductSearch | None = None,
) -> QuerySet[Product]:
    """The products the viewer sees under `filters`, ordered by `sort` (one of SORTS), else
    by relevance when searching, else by name. `group_path` is the path of
    `filters.group_id` (None — no such group, nothing is found). `search` is
    `filters.query` already read (and perhaps run) by the caller, so that one search serves
    every query of a page.

    Sorting by price orders by the price list price of the viewer's price type per base
    unit, before discounts: the contract's discount keeps that order, discount rules may
    change it slightly between products (a rule on one brand, say)."""
    products = narrowed_products(viewer, filters, group_path)
    if filters.brand_id is not None:
        products = products.filter(brand_id=filters.brand_id)
    if search is None:
        search = viewer_search(viewer, filters)
    if search is not None:
        products = search.ranked(products)
    if sort in SORTS:
        key = _sort_key(viewer, sort)
        order = key.desc(nulls_last=True) if descending else key.asc(nulls_last=True)
        return products.order_by(order, "pk")
    return products if search is not None else products.order_by("name", "pk")


def viewer_search(viewer: CatalogViewer, filters: CatalogFilters) -> ProductSearch | None:
    """The filters' search query as the viewer searches (with their client's own
    articles); None when there is none."""
    return product_search(filters.query, client_id=viewer.terms.client_id)


def narrowed_products(
    viewer: CatalogViewer, filters: CatalogFilters, group_path: str | None
) -> QuerySet[Product]:
    """The products under every filter but the brand and the search query (the brands to
    choose from are drawn from these)."""
    products = Product.objects.all()
    if viewer.active_only:
        products = products.filter(is_active=True)
    if filters.group_id is not None:
        if group_path is None:
            return products.none()
        # The group's ids first: then the (group, name) index finds the products, where a
        # join on the path would read them all.
        groups = ProductGroup.objects.filter(path__startswith=group_path).values("pk")
        products = products.filter(group_id__in=groups)
    for property_id, value in filters.properties.items():
        values = ProductProperty.objects.filter(property_id=property_id, value=value)
        products = products.filter(pk__in=values.values("product_id"))
    if filters.in_stock_here:
        stock = Stock.objects.filter(stock_place(viewer), product=OuterRef("pk"), free__gt=0)
        products = products.filter(Exists(stock))
    return products


def stock_place(viewer: CatalogViewer, here: bool = True) -> Q:
    """The stock rows that count as the viewer's warehouse (`here`) or as all warehouses:
    the viewer's one, or every working one when they have none."""
    if here and viewer.warehouse_id is not None:
        return Q(warehouse_id=viewer.warehouse_id)
    return Q(warehouse__is_active=True)


def _stock_here(viewer: CatalogViewer) -> Coalesce:
    rows = (
        Stock.objects.filter(stock_place(viewer), product=OuterRef("pk"))
        .order_by()
        .values("product")
        .annotate(free=Sum("free"))
        .values("free")
    )
    return Coalesce(Subquery(rows, output_field=_QUANTITY), NO_STOCK, output_field=_QUANTITY)


def _sort_key(viewer: CatalogViewer, sort: str):
    if sort == "price":
        per_base = Price.objects.filter(
            product=OuterRef("pk"), price_type_id=viewer.terms.price_type_id
        ).values(per_base=F("price") / F("coefficient"))[:1]
        return Subquery(per_base, output_field=_PRICE)
    if sort == "stock":
        return _stock_here(viewer)
    return F(sort)


def catalog_rows(viewer: CatalogViewer, products: Sequence[Product]) -> list[CatalogRow]:
    """Catalog rows of products from `catalog_products` (with their brand, base unit and
    group selected, see `with_row_fields`): the units and the viewer's price per each and
    the stock, in four queries for any number. The stock is read for the rows alone:
    summed in the products' query, SQLite would sum it for every product it sorts.

    A unit's price is the price of a line of max(minimum, multiplicity, one such unit),
    so a quantity break that starts there is already in it."""
    units = _packaging_units(products)
    stock = _stock(viewer, [product.pk for product in products])
    requests: list[PriceRequest] = []
    for product in products:
        for coefficient in [ONE, *(unit.coefficient for unit in units[product.pk])]:
            quantity = max(product.min_quantity, product.multiplicity, coefficient)
            requests.append(PriceRequest(product.pk, quantity, coefficient))
    facts = {product.pk: product_facts(product) for product in products}
    prices = iter(price_lines(viewer.terms, requests, products=facts))
    rows = []
    for product in products:
        base = RowUnit(
            product.base_unit_id, product.base_unit.short_name, BASE_COEFFICIENT, next(prices)
        )
        packs = [
            RowUnit(unit.unit_id, unit.unit.short_name, unit.coefficient, next(prices))
            for unit in units[product.pk]
        ]
        here, total = stock.get(product.pk, (NO_STOCK, NO_STOCK))
        rows.append(_row(product, [base, *packs], here=here, total=total))
    return rows


def _packaging_units(products: Sequence[Product]) -> dict[int, list[ProductUnit]]:
    """The units each product is sold in besides its base unit."""
    base_units = {product.pk: product.base_unit_id for product in products}
    found: dict[int, list[ProductUnit]] = defaultdict(list)
    rows = (
        ProductUnit.objects.filter(product_id__in=base_units)
        .select_related("unit")
        .order_by("coefficient", "pk")
    )
    for unit in rows:
        if unit.unit_id != base_units[unit.product_id]:
            found[unit.product_id].append(unit)
    return found


def _stock(viewer: CatalogViewer, product_ids: list[int]) -> dict[int, tuple[Decimal, Decimal]]:
    """Each product's free stock at the viewer's warehouse and at all warehouses."""
    rows = (
        Stock.objects.filter(product_id__in=product_ids)
        .values("product_id")
        .annotate(
            here=Sum("free", filter=stock_place(viewer)),
            total=Sum("free", filter=stock_place(viewer, here=False)),
        )
        .order_by()
        .values_list("product_id", "here", "total")
    )
    return {
        product_id: (_quantity(here or NO_STOCK), _quantity(total or NO_STOCK))
        for product_id, here, total in rows
    }


def _row(product: Product, units: list[RowUnit], *, here: Decimal, total: Decimal) -> CatalogRow:
    return CatalogRow(
        product_id=product.pk,
        article=product.article,
        name=product.name,
        brand=product.brand.name if product.brand is not None else "",
        is_active=product.is_active,
        vat_rate=product.vat_rate,
        units=units,
        stock_here=here,
        stock_total=total,
        min_quantity=product.min_quantity,
        multiplicity=product.multiplicity,
    )


def _quantity(value) -> Decimal:
    # SQLite answers a sum as it comes (7, not 7.000); both databases show three places.
    return Decimal(value).quantize(QUANTITY_STEP)


def catalog_list(
    actor: Actor, filters: CatalogFilters, *, offset: int = 0, limit: int = PER_PAGE
) -> tuple[list[CatalogRow], int]:
    """Rows `offset`…`offset + limit` of the actor's catalog under `filters` (relevance or
    name order) and how many there are in all — the API's list."""
    viewer = catalog_viewer(actor)
    group = group_by_id(filters.group_id)
    search = viewer_search(viewer, filters)
    products = catalog_products(
        viewer,
        filters,
        group_path=group.path if group else None,
        search=search.run() if search is not None else None,
    )
    window = list(with_row_fields(products)[offset : offset + limit])
    return catalog_rows(viewer, window), products.count()


def with_row_fields(products: QuerySet[Product]) -> QuerySet[Product]:
    """The products with what a row shows and prices by of them, their brand, base unit and
    group, and no more: SQLite carries every column read through its sort of the list."""
    return products.select_related("brand", "base_unit", "group").only(*ROW_FIELDS)


def path_ids(path: str) -> list[int]:
    """The ids in a group's materialised path, the root first: «/1/5/17/» → [1, 5, 17]."""
    return [int(part) for part in path.split("/") if part]


def group_by_id(group_id: int | None) -> ProductGroup | None:
    """The group a filter names, or None when it names none or one that is gone or
    archived (1C no longer has it)."""
    if group_id is None:
        return None
    return ProductGroup.objects.filter(pk=group_id, is_active=True).first()
