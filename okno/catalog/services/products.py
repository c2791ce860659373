"""Products and groups: the derived fields search and the group tree rely on."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction

from okno.catalog.models import Barcode, Product, ProductGroup
from okno.catalog.search.keys import article_key, search_text
from okno.catalog.versions import catalog_changed
from okno.core.batches import chunked

BATCH = 2000


def products_reindex(product_ids: Iterable[int] | None = None) -> int:
    """Recompute `article_key` and `search_text` of the given products (all when None) from
    their article, name, brand and barcodes; call after any of these change. Returns the
    number of products written."""
    ids = list(product_ids) if product_ids is not None else None
    rows = Product.objects.select_related("brand").only(
        "id", "article", "name", "brand__name", "article_key", "search_text"
    )
    if ids is not None:
        rows = rows.filter(id__in=ids)
    written = 0
    for chunk in chunked(rows.order_by("id").iterator(chunk_size=BATCH), BATCH):
        written += _reindex_chunk(chunk)
    catalog_changed()
    return written


def _reindex_chunk(products: list[Product]) -> int:
    codes: dict[int, list[str]] = defaultdict(list)
    for product_id, code in Barcode.objects.filter(
        product_id__in=[p.id for p in products]
    ).values_list("product_id", "code"):
        codes[product_id].append(code)
    changed = []
    for product in products:
        key = article_key(product.article)
        text = search_text(
            article=product.article,
            name=product.name,
            brand=product.brand.name if product.brand else "",
            barcodes=codes[product.id],
        )
        if (key, text) != (product.article_key, product.search_text):
            product.article_key, product.search_text = key, text
            changed.append(product)
    with transaction.atomic():
        Product.objects.bulk_update(changed, ["article_key", "search_text"], batch_size=500)
    return len(changed)


def groups_rebuild_paths() -> None:
    """Recompute `path` and `depth` of every group from the parent links (after an import
    or a move)."""
    groups = {g.id: g for g in ProductGroup.objects.only("id", "parent_id", "path", "depth")}
    for group in groups.values():
        chain: list[int] = []
        seen: set[int] = set()
        node: ProductGroup | None = group
        # `seen` stops a cycle in bad parent links from looping forever.
        while node is not None and node.id not in seen:
            seen.add(node.id)
            chain.append(node.id)
            node = groups.get(node.parent_id) if node.parent_id else None
        group.path = "/" + "/".join(str(i) for i in reversed(chain)) + "/"
        group.depth = len(chain) - 1
    with transaction.atomic():
        ProductGroup.objects.bulk_update(groups.values(), ["path", "depth"], batch_size=500)
    catalog_changed()
