"""The catalog pages: the product table with groups, filters, search, sorting and pages,
the product page and the price list to download.

Input comes from links people share and edit, so whatever a parameter holds, the page
answers: an id that is not one, an unknown sort or a page number out of range are
treated as left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from okno.catalog.price_list_xlsx import CONTENT_TYPE, price_list_xlsx
from okno.catalog.selectors import SORTS, catalog_page, catalog_price_list, product_detail
from okno.core.errors import NotAllowed
from okno.core.schemas import parse_id, search_term
from okno.exchange.log.freshness import exchange_data_as_of

RESULTS_TARGET = "catalog-results"
PROPERTY_PREFIX = "prop_"
# More property filters than any page offers: the rest of a crafted URL is ignored.
MAX_PROPERTY_FILTERS = 20
MAX_VALUE = 300
MAX_PAGE = 10**6


@dataclass(frozen=True)
class CatalogParams:
    """The catalog page's parameters as parsed from the query string."""

    query: str = ""
    group_id: int | None = None
    brand_id: int | None = None
    properties: dict[int, str] = field(default_factory=dict)
    in_stock_here: bool = False
    sort: str | None = None
    descending: bool = False
    page: int = 1

    def urlencode(self, **changes) -> str:
        """The query string of these parameters with `changes`, without defaults."""
        params = replace(self, **changes)
        pairs: list[tuple[str, str | int]] = []
        if params.query:
            pairs.append(("q", params.query))
        if params.group_id is not None:
            pairs.append(("group", params.group_id))
        if params.brand_id is not None:
            pairs.append(("brand", params.brand_id))
        pairs += [(f"{PROPERTY_PREFIX}{pk}", value) for pk, value in params.properties.items()]
        if params.in_stock_here:
            pairs.append(("stock", 1))
        if params.sort:
            pairs.append(("sort", f"-{params.sort}" if params.descending else params.sort))
        if params.page > 1:
            pairs.append(("page", params.page))
        return urlencode(pairs)


def parse_params(data: QueryDict) -> CatalogParams:
    """The parameters a catalog URL carries; anything malformed counts as left out."""
    sort, descending = _sort(data.get("sort", ""))
    return CatalogParams(
        query=search_term(data.get("q")),
        group_id=parse_id(data.get("group")),
        brand_id=parse_id(data.get("brand")),
        properties=_properties(data),
        in_stock_here=data.get("stock") in ("1", "on", "true"),
        sort=sort,
        descending=descending,
        page=min(parse_id(data.get("page")) or 1, MAX_PAGE),
    )


def _sort(raw: str) -> tuple[str | None, bool]:
    descending = raw.startswith("-")
    key = raw.removeprefix("-")
    return (key, descending) if key in SORTS else (None, False)


def _properties(data: QueryDict) -> dict[int, str]:
    found: dict[int, str] = {}
    for key, value in data.items():
        if not key.startswith(PROPERTY_PREFIX) or len(found) >= MAX_PROPERTY_FILTERS:
            continue
        property_id = parse_id(key.removeprefix(PROPERTY_PREFIX))
        text = value.replace("\x00", "").strip()[:MAX_VALUE]
        if property_id is not None and text:
            found[property_id] = text
    return found


# The same address answers the whole page or the results alone: a browser must not show a
# cached partial when the person comes back to an address htmx pushed.
@login_required
@require_GET
@vary_on_headers("HX-Request", "HX-Target")
def catalog(request):
    """The catalog table; an HTMX request from the filters, the sorting or the pages gets
    the results alone, with the filters beside them refreshed out of band."""
    params = parse_params(request.GET)
    try:
        page = catalog_page(
            request.actor,
            query=params.query,
            group_id=params.group_id,
            brand_id=params.brand_id,
            properties=params.properties,
            in_stock_here=params.in_stock_here,
            sort=params.sort,
            descending=params.descending,
            page=params.page,
        )
    except NotAllowed as refused:
        raise PermissionDenied(refused.message) from refused
    params = replace(params, page=page.page.number)
    context = {
        "catalog": page,
        "params": params,
        "catalog_url": reverse("catalog:index"),
        "product_url": reverse("catalog:product", kwargs={"pk": 0}).removesuffix("0/"),
        "sort_links": _sort_links(params),
        "group_query": params.urlencode(group_id=None, properties={}, page=1),
        "page_links": _page_links(params, page.page),
    }
    htmx = request.htmx
    if htmx and htmx.target == RESULTS_TARGET and not htmx.history_restore_request:
        return render(request, "catalog/results_swap.html", context)
    context["data_as_of"] = exchange_data_as_of()
    return render(request, "catalog/index.html", context)


def _sort_links(params: CatalogParams) -> dict[str, str]:
    """Per column, the query string that sorts by it (the other way when it already does)."""
    return {
        key: params.urlencode(
            sort=key, descending=params.sort == key and not params.descending, page=1
        )
        for key in SORTS
    }


def _page_links(params: CatalogParams, page: Page) -> dict[str, str]:
    """The query strings of the previous and the next page, where there are such."""
    links = {}
    if page.has_previous():
        links["previous"] = params.urlencode(page=page.previous_page_number())
    if page.has_next():
        links["next"] = params.urlencode(page=page.next_page_number())
    return links


@login_required
@require_GET
def product(request, pk: int):
    """The product page: the person's prices and quantity breaks, units, properties,
    barcodes, stock by warehouse and in transit; staff also see reserves and movements."""
    try:
        detail = product_detail(request.actor, pk)
    except NotAllowed as refused:
        raise PermissionDenied(refused.message) from refused
    return render(request, "catalog/product.html", {"detail": detail})


@login_required
@require_GET
def price_list(request):
    """The person's price list as an Excel file: the whole catalog, or the group `group`
    with its subgroups. A group that is not one (malformed or unknown) is 404 rather than
    the whole catalog, which is not what was asked for."""
    raw_group = request.GET.get("group", "")
    group_id = parse_id(raw_group) if raw_group else None
    if raw_group and group_id is None:
        raise Http404
    try:
        found = catalog_price_list(request.actor, group_id=group_id)
    except NotAllowed as refused:
        raise PermissionDenied(refused.message) from refused
    return price_list_response(price_list_xlsx(found))


def price_list_response(workbook) -> FileResponse:
    """The workbook file sent as a download, dated (closed, and so deleted, once sent)."""
    name = f"price-list-{timezone.localdate():%Y-%m-%d}.xlsx"
    return FileResponse(workbook, as_attachment=True, filename=name, content_type=CONTENT_TYPE)
