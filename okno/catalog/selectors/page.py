"""The catalog page: a page of rows, the group tree with the path to the current group,
and the brands and property values to narrow the list by.

What every viewer of a group sees alike — the group tree around it and, with no other
filter, how many products it holds and its filters — is cached under the catalog's version
(`okno.catalog.versions`), which every catalog write moves on."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from okno.catalog.models import Brand, Product, ProductGroup, ProductProperty, Property
from okno.catalog.search.query import AmongIds, ProductSearch
from okno.catalog.selectors.listing import (
    PER_PAGE,
    SORTS,
    CatalogFilters,
    CatalogRow,
    catalog_products,
    catalog_rows,
    group_by_id,
    narrowed_products,
    path_ids,
    viewer_search,
    with_row_fields,
)
from okno.catalog.selectors.viewer import CatalogViewer, catalog_viewer
from okno.catalog.versions import catalog_version
from okno.core.actor import Actor

MAX_PER_PAGE = 500
# A property with more values than this is no use as a list to pick from.
FACET_VALUES = 50
FACET_ROWS = 2000
# Up to this many products found by a search, their properties are read product by product.
FEW_PRODUCTS = 2000
# Counting every product of a large catalog took longer than the rest of the page: past
# this many (or past the page asked for) the page says "more than".
COUNT_CAP = 10_000

_Kept = TypeVar("_Kept")


@dataclass(frozen=True)
class GroupNode:
    """A group in the navigation tree: the roots and the children of every group on the
    path to the current one."""

    id: int
    name: str
    depth: int
    has_children: bool
    is_current: bool
    on_path: bool


@dataclass(frozen=True)
class PropertyFacet:
    """A filterable property and its values among the products in the current filter."""

    id: int
    name: str
    values: list[str]
    selected: str | None


@dataclass(frozen=True)
class Facets:
    """What the list may be narrowed to next: the brands of the products under every
    other filter, and property values (only once the list is narrowed — across a whole
    catalog they are too many to pick from)."""

    brands: list[Brand]
    properties: list[PropertyFacet]


@dataclass(frozen=True)
class CatalogPage:
    """One page of the catalog as the viewer sees it. `count_capped`: there are more products
    than `count`, which is where counting stopped."""

    viewer: CatalogViewer
    filters: CatalogFilters
    rows: list[CatalogRow]
    count: int
    count_capped: bool
    page: Page
    groups: list[GroupNode]
    group_path: list[GroupNode]
    current_group: GroupNode | None
    facets: Facets
    sort: str | None
    descending: bool


def catalog_page(
    actor: Actor,
    *,
    query: str = "",
    group_id: int | None = None,
    brand_id: int | None = None,
    properties: Mapping[int, str] | None = None,
    in_stock_here: bool = False,
    sort: str | None = None,
    descending: bool = False,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> CatalogPage:
    """Page `page` of the actor's catalog: rows with their prices and stock, the group tree
    with the path to the current group, and the brands and property values to filter by.
    A page past the last is the last page. See `catalog_products` for the order."""
    viewer = catalog_viewer(actor)
    filters = CatalogFilters(query, group_id, brand_id, dict(properties or {}), in_stock_here)
    version = catalog_version()
    tree = _group_tree(group_id, version)
    # Searched once: the count, the rows and the filters all take the ids it found.
    search = viewer_search(viewer, filters)
    if search is not None:
        search = search.run()
    products = catalog_products(
        viewer, filters, group_path=tree.path, sort=sort, descending=descending, search=search
    )
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    summary = _summary(viewer, filters, tree.path, products, search, version)
    # A page past the cap is counted as far as it reaches, so that it is found.
    upto = max(COUNT_CAP, page * per_page)
    counted = summary.count
    if counted > COUNT_CAP and upto > COUNT_CAP:
        counted = _count(products, upto)
    shown = _CountedPaginator(with_row_fields(products), per_page, counted).get_page(page)
    path = [node for node in tree.nodes if node.on_path]
    return CatalogPage(
        viewer=viewer,
        filters=filters,
        rows=catalog_rows(viewer, list(shown.object_list)),
        count=min(counted, upto),
        count_capped=counted > upto,
        page=shown,
        groups=tree.nodes,
        group_path=path,
        current_group=path[-1] if path else None,
        facets=summary.facets,
        sort=sort if sort in SORTS else None,
        descending=descending and sort in SORTS,
    )


def _count(products: QuerySet[Product], upto: int) -> int:
    """How many `products` there are, counted no further than one past `upto`."""
    return products.order_by().values("pk")[: upto + 1].count()


class _CountedPaginator(Paginator):
    """Pages of a list whose length was found beforehand (see `_count`)."""

    def __init__(self, object_list: QuerySet[Product], per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self._count = count

    @property
    def count(self) -> int:
        return self._count


@dataclass(frozen=True)
class _GroupTree:
    """The path of the group a page shows (None — no group, or none such) and the tree's
    nodes around it."""

    path: str | None
    nodes: list[GroupNode]


def _kept(key: str, compute: Callable[[], _Kept]) -> _Kept:
    """What `compute` answers, kept in the cache under `key` (which names the catalog's
    version) for `OKNO_CATALOG_FACETS_SECONDS`; 0 — computed every time."""
    seconds = settings.OKNO_CATALOG_FACETS_SECONDS
    if seconds <= 0:
        return compute()
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, seconds)
    return found


def _group_tree(group_id: int | None, version: int) -> _GroupTree:
    """The group tree around `group_id`, kept under the catalog's `version`: it is the same
    for everyone."""
    return _kept(f"catalog:groups:{version}:{group_id or '-'}", lambda: _group_tree_now(group_id))


def _group_tree_now(group_id: int | None) -> _GroupTree:
    group = group_by_id(group_id)
    current = group.path if group is not None else None
    return _GroupTree(path=current, nodes=_group_nodes(group))


def _group_nodes(current: ProductGroup | None) -> list[GroupNode]:
    """Roots and the children of each group on the path to `current`, in tree order;
    archived groups are left out."""
    on_path = path_ids(current.path) if current is not None else []
    children = ProductGroup.objects.filter(parent=OuterRef("pk"), is_active=True)
    rows = (
        ProductGroup.objects.filter(is_active=True)
        .filter(Q(parent__isnull=True) | Q(parent_id__in=on_path))
        .annotate(has_children=Exists(children))
        .order_by("sort", "name", "pk")
    )
    by_parent: dict[int | None, list[ProductGroup]] = defaultdict(list)
    for group in rows:
        by_parent[group.parent_id].append(group)
    ordered: list[GroupNode] = []

    def visit(parent_id: int | None, depth: int) -> None:
        for group in by_parent.get(parent_id, ()):
            opened = group.pk in on_path
            ordered.append(
                GroupNode(
                    id=group.pk,
                    name=group.name,
                    depth=depth,
                    has_children=group.has_children,  # type: ignore[attr-defined]
                    is_current=current is not None and group.pk == current.pk,
                    on_path=opened,
                )
            )
            if opened:
                visit(group.pk, depth + 1)

    visit(None, 0)
    return ordered


@dataclass(frozen=True)
class _Summary:
    """What the filters find in all: how many products (counted up to one past
    COUNT_CAP) and the filters to offer."""

    count: int
    facets: Facets


def _summary(
    viewer: CatalogViewer,
    filters: CatalogFilters,
    group_path: str | None,
    products: QuerySet[Product],
    search: ProductSearch | None,
    version: int,
) -> _Summary:
    """The count and the filters; those of a group browsed without any other filter — the
    page people open most — are the same for everyone who sees the same products, and are
    kept under the catalog's `version`."""
    plain = search is None and not filters.brand_id and not filters.properties
    if not plain or filters.in_stock_here:
        return _summary_now(viewer, filters, group_path, products, search)
    key = f"catalog:summary:{version}:{group_path or '-'}:{int(viewer.active_only)}"
    return _kept(key, lambda: _summary_now(viewer, filters, group_path, products, search))


def _summary_now(
    viewer: CatalogViewer,
    filters: CatalogFilters,
    group_path: str | None,
    products: QuerySet[Product],
    search: ProductSearch | None,
) -> _Summary:
    found = search.matched_ids if search is not None else None
    if search is not None and found is not None and len(found) <= FEW_PRODUCTS:
        return _found_summary(viewer, filters, group_path, search)
    return _Summary(
        count=_count(products, COUNT_CAP),
        facets=_facets_now(viewer, filters, group_path, products, search),
    )


def _found_summary(
    viewer: CatalogViewer, filters: CatalogFilters, group_path: str | None, search: ProductSearch
) -> _Summary:
    """The count and the filters of the few products a search found, from one read of
    their ids and brands under every filter but the brand (see `_facets_now`): the count
    and the property values are of those of the chosen brand, the brands of them all.
    Their properties are looked up product by product rather than joined with everyone's."""
    others = search.filtered(narrowed_products(viewer, filters, group_path))
    pairs = list(others.order_by().values_list("pk", "brand_id"))
    shown = [pk for pk, brand_id in pairs if filters.brand_id in (None, brand_id)]
    brand_ids = {brand_id for _, brand_id in pairs if brand_id is not None}
    if filters.brand_id is not None:
        brand_ids.add(filters.brand_id)
    brands = Brand.objects.filter(pk__in=brand_ids).only("id", "name").order_by("name")
    properties = _property_facets(filters, Q(AmongIds(F("product_id"), shown)))
    return _Summary(count=len(shown), facets=Facets(brands=list(brands), properties=properties))


def _facets_now(
    viewer: CatalogViewer,
    filters: CatalogFilters,
    group_path: str | None,
    products: QuerySet[Product],
    search: ProductSearch | None,
) -> Facets:
    """Brands under every filter but the brand itself (so another brand can be chosen);
    property values under all filters. A chosen brand or value stays on the list even
    when nothing has it now, so the next change of another filter keeps it."""
    others = narrowed_products(viewer, filters, group_path)
    if search is not None:
        others = search.filtered(others)
    if search is None:
        # Each brand's first product is found by the brand's index at once.
        has_products = Q(Exists(others.filter(brand_id=OuterRef("pk"))))
    else:
        # The few products found, then their brands: not a search through every brand's.
        has_products = Q(pk__in=others.values("brand_id"))
    if filters.brand_id is not None:
        has_products |= Q(pk=filters.brand_id)
    brands = list(Brand.objects.filter(has_products).only("id", "name").order_by("name"))
    if not filters.narrowed:
        return Facets(brands=brands, properties=[])
    present = Q(product_id__in=products.order_by().values("pk"))
    return Facets(brands=brands, properties=_property_facets(filters, present))


def _property_facets(filters: CatalogFilters, present: Q) -> list[PropertyFacet]:
    """Values of filterable properties of the products `present` picks (a condition on
    product properties), and the values already chosen."""
    for property_id, value in filters.properties.items():
        present |= Q(property_id=property_id, value=value)
    # Distinct pairs first, the names after: the database then groups the pairs without
    # carrying each property's name through the sort.
    rows = (
        ProductProperty.objects.filter(present, property__is_filter=True)
        .values_list("property_id", "value")
        .distinct()
        .order_by("property_id", "value")[:FACET_ROWS]
    )
    values: dict[int, list[str]] = defaultdict(list)
    for property_id, value in rows:
        values[property_id].append(value)
    names = _filter_names()
    facets = []
    for property_id, found in sorted(
        values.items(), key=lambda item: (names.get(item[0], ""), item[0])
    ):
        name = names.get(property_id, "")
        selected = filters.properties.get(property_id)
        shown = found[:FACET_VALUES]
        if selected is not None and selected not in shown:
            shown.append(selected)
        facets.append(PropertyFacet(property_id, name, shown, selected))
    return facets


def _filter_names() -> dict[int, str]:
    """The names of the filterable properties by id, kept under the catalog's version: few,
    and the same for every page that offers property filters."""
    return _kept(
        f"catalog:filter-names:{catalog_version()}",
        lambda: dict(Property.objects.filter(is_filter=True).values_list("pk", "name")),
    )
