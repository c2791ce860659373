"""The price list a person downloads: every product of the catalog or of one group (with its
subgroups) at their prices, with the stock of their warehouse and of all warehouses.

The products are read by one streaming query and priced a chunk at a time, so a list of
the whole catalog takes the same memory and a few queries per chunk however long it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.http import Http404

from okno.catalog.models import ProductGroup, Stock, VatRate
from okno.catalog.pricing import PriceRequest, price_lines
from okno.catalog.selectors.listing import (
    CatalogFilters,
    group_by_id,
    narrowed_products,
    stock_place,
)
from okno.catalog.selectors.viewer import CatalogViewer, catalog_viewer
from okno.core.actor import Actor
from okno.core.batches import chunked
from okno.core.money import QUANTITY_STEP

# Products priced at once: four queries a chunk (pricing's three and the stock), a few
# megabytes of rows.
CHUNK = 2000
ONE = Decimal("1")


@dataclass(frozen=True)
class PriceListLine:
    """One product of the price list; prices per its base unit (None — no price), stock
    free to order in base units."""

    article: str
    name: str
    group: str
    brand: str
    unit: str
    price: Decimal | None
    base_price: Decimal | None
    vat_rate: str
    stock_here: Decimal
    stock_total: Decimal
    min_quantity: Decimal
    multiplicity: Decimal


@dataclass(frozen=True)
class PriceList:
    """Whose price list and of what: the viewer's terms, the group (None — the whole
    catalog); `lines()` reads the products, a chunk at a time."""

    viewer: CatalogViewer
    group: ProductGroup | None
    chunk_size: int = CHUNK

    @property
    def shows_base(self) -> bool:
        return self.viewer.shows_base

    def lines(self) -> Iterator[PriceListLine]:
        """The products in the catalog's order (by name), each with the viewer's price."""
        filters = CatalogFilters(group_id=self.group.pk if self.group is not None else None)
        products = narrowed_products(
            self.viewer, filters, self.group.path if self.group is not None else None
        ).order_by("name", "pk")
        # Plain tuples, not model instances: four of them a product cost more than the rest.
        rows = products.values_list(*_FIELDS).iterator(chunk_size=self.chunk_size)
        vat_labels = {value: str(label) for value, label in VatRate.choices}
        for chunk in chunked(rows, self.chunk_size):
            yield from _priced(self.viewer, chunk, vat_labels)


_FIELDS = (
    "pk",
    "article",
    "name",
    "group__name",
    "brand__name",
    "base_unit__short_name",
    "vat_rate",
    "min_quantity",
    "multiplicity",
)


def catalog_price_list(
    actor: Actor, *, group_id: int | None = None, chunk_size: int | None = None
) -> PriceList:
    """The actor's price list of the whole catalog or of group `group_id` with its
    subgroups, priced `chunk_size` products at a time (CHUNK when None); 404 for a group
    that does not exist. Refuses (403) anyone who may not browse the catalog."""
    viewer = catalog_viewer(actor)
    group = None
    if group_id is not None:
        group = group_by_id(group_id)
        if group is None:
            raise Http404
    return PriceList(viewer=viewer, group=group, chunk_size=chunk_size or CHUNK)


def _priced(
    viewer: CatalogViewer, rows: list[tuple], vat_labels: dict[str, str]
) -> Iterator[PriceListLine]:
    """Rows of `_FIELDS` as lines, priced together and with their stock read together:
    the price of the smallest quantity one may order, as the catalog shows it, so a break
    that starts there is already in it."""
    requests = [PriceRequest(row[0], max(row[7], row[8], ONE)) for row in rows]
    prices = price_lines(viewer.terms, requests)
    stock = _stock(viewer, [row[0] for row in rows])
    for row, price in zip(rows, prices, strict=True):
        pk, article, name, group, brand, unit, vat_rate, minimum, step = row
        here, total = stock.get(pk, (None, None))
        yield PriceListLine(
            article=article,
            name=name,
            group=group or "",
            brand=brand or "",
            unit=unit,
            price=price.unit_price if price.has_price else None,
            base_price=price.base_unit_price if viewer.shows_base else None,
            vat_rate=vat_labels.get(vat_rate, vat_rate),
            stock_here=_quantity(here),
            stock_total=_quantity(total),
            min_quantity=minimum,
            multiplicity=step,
        )


def _stock(viewer: CatalogViewer, product_ids: list[int]) -> dict[int, tuple]:
    """Free stock of the products at the viewer's warehouse and at all, in one query (the
    catalog's per-row subqueries would be two a product)."""
    rows = (
        Stock.objects.filter(product_id__in=product_ids)
        .values("product_id")
        .annotate(
            here=Sum("free", filter=stock_place(viewer, here=True)),
            total=Sum("free", filter=stock_place(viewer, here=False)),
        )
        .values_list("product_id", "here", "total")
    )
    return {product_id: (here, total) for product_id, here, total in rows}


def _quantity(value) -> Decimal:
    # SQLite answers a sum as it comes (7, not 7.000); no stock row at all is none free.
    return Decimal(value or 0).quantize(QUANTITY_STEP)
