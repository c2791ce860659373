"""Which 1C products an exchange named, and archiving those it did not.

Every product a file names — changed or not — gets the exchange's moment in its
`ProductExchangeMark`. The full catalog's deactivation and the package exchange's
`mode=deactivate` archive the 1C products not named since a moment (groups carry their
moment themselves, and are archived alike by a full classifier); the same mark tells a
file's second mention of a product (a duplicate id) from the first. The catalog section and
the offers of one file mark with moments a microsecond apart, so a file that holds both
names each product once in each.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from okno.catalog.models import Product, ProductExchangeMark, ProductGroup
from okno.core.batches import chunked
from okno.core.bulk import IN_CHUNK, among_sql, db_value, rows_upsert

OFFERS_MARK = timedelta(microseconds=1)


def products_mark(product_ids: Sequence[int], *, stamp: datetime) -> None:
    """Record that this exchange named these products, which a catalog file has written:
    no offer's digest holds their characteristics any more."""
    rows_upsert(
        ProductExchangeMark,
        key=["product"],
        fields=["product", "exchanged_at", "characteristics_hash"],
        rows=[(product_id, stamp, "") for product_id in product_ids],
        update=["exchanged_at", "characteristics_hash"],
    )


def offers_mark(rows: Sequence[tuple[int, datetime, str, str, str]]) -> None:
    """Record that this exchange named these products, with the digests of the offers that
    set their prices, stock and characteristics: (product id, moment, prices digest, stock
    digest, characteristics digest)."""
    rows_upsert(
        ProductExchangeMark,
        key=["product"],
        fields=["product", "exchanged_at", "prices_hash", "stock_hash", "characteristics_hash"],
        rows=rows,
        update=["exchanged_at", "prices_hash", "stock_hash", "characteristics_hash"],
    )


def offers_held(external_ids: Sequence[str], *, mark: datetime) -> dict[str, tuple]:
    """By 1C id, the product's id, the digests of its prices, of its stock and of its
    characteristics (None where it has no mark yet), and whether this file's offers named
    it already (its mark is the file's offers mark `mark`)."""
    return {
        external_id: (pk, prices, stock, characteristics, named)
        for pk, external_id, prices, stock, characteristics, named in _held(
            external_ids, ["m.prices_hash", "m.stock_hash", "m.characteristics_hash"], moment=mark
        )
    }


def products_held(external_ids: Sequence[str], *, stamp: datetime) -> dict[str, tuple]:
    """By 1C id, the product's id, its digest, whether this file named it already (its mark
    is `stamp`), whether it has a mark at all, and whether it is on sale."""
    return {
        external_id: (pk, digest, named, marked, bool(on_sale))
        for pk, external_id, digest, on_sale, marked, named in _held(
            external_ids,
            ["p.exchange_hash", "p.is_active", "m.product_id IS NOT NULL"],
            moment=stamp,
        )
    }


def _held(external_ids: Sequence[str], columns: list[str], *, moment: datetime) -> list:
    """Rows of (id, 1C id, *columns, whether the product's mark is `moment`) of products
    `p` with their marks `m`: one query an id list, where reading the products, then their
    marks, took a tenth of writing a batch. PostgreSQL compares the moment itself, which
    spares parsing one a row."""
    quote = connection.ops.quote_name
    postgres = connection.vendor == "postgresql"
    named = "m.exchanged_at = %s" if postgres else "m.exchanged_at"
    rows = []
    with connection.cursor() as cursor:
        for chunk in chunked(external_ids, IN_CHUNK):
            among, params = among_sql("p.external_id", chunk)
            cursor.execute(
                f"SELECT p.id, p.external_id, {', '.join(columns)}, {named} "
                f"FROM {quote(Product._meta.db_table)} p "
                f"LEFT JOIN {quote(ProductExchangeMark._meta.db_table)} m "
                f"ON m.product_id = p.id WHERE {among}",
                ([moment] if postgres else []) + params,
            )
            for *row, moment_held in cursor.fetchall():
                same = bool(moment_held) if postgres else same_moment(moment_held, moment)
                rows.append((*row, same))
    return rows


def named_again(product_ids: Sequence[int], *, moment: datetime) -> None:
    """Record that this exchange named these products, which have their marks, and whose
    marks hold the digests the file sends already: the moment alone, in one UPDATE an id
    list — where an upsert (`products_mark`, `offers_mark`) copies the rows into a
    temporary table first. Every product of a file sent again is one of these."""
    table = connection.ops.quote_name(ProductExchangeMark._meta.db_table)
    with connection.cursor() as cursor:
        for chunk in chunked(product_ids, IN_CHUNK):
            among, params = among_sql("product_id", chunk)
            cursor.execute(
                f"UPDATE {table} SET exchanged_at = %s WHERE {among}", [db_value(moment), *params]
            )


def same_moment(stored, stamp: datetime) -> bool:
    """Whether a stored `exchanged_at` read outside the ORM is `stamp`."""
    if stored is None:
        return False
    if isinstance(stored, str):
        return stored == db_value(stamp)
    if timezone.is_naive(stored):  # SQLite's rows read outside the ORM: UTC, naive
        stored = timezone.make_aware(stored, UTC)
    return stored == stamp


def products_deactivate(*, since: datetime) -> int:
    """Archive every active 1C product no exchange named since `since`; a variant whose
    product was named stays (older exchanges send variants only with the offers, after the
    catalog). Returns how many were archived."""
    stale = Product.objects.filter(external_id__isnull=False, is_active=True).filter(
        Q(exchange_mark__isnull=True) | Q(exchange_mark__exchanged_at__lt=since)
    )
    stale = stale.exclude(parent__exchange_mark__exchanged_at__gte=since)
    return stale.update(is_active=False, updated_at=timezone.now())


def groups_deactivate(*, since: datetime) -> int:
    """Archive every active 1C group no exchange named since `since`, provided some group
    was named since then: a file or session that sent no groups says nothing of them.
    Groups made on the portal (no 1C id) are never touched. Returns how many were archived."""
    if not ProductGroup.objects.filter(exchanged_at__gte=since).exists():
        return 0
    stale = ProductGroup.objects.filter(external_id__isnull=False, is_active=True).filter(
        Q(exchanged_at__isnull=True) | Q(exchanged_at__lt=since)
    )
    return stale.update(is_active=False)
