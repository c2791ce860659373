"""Which 1C products an exchange named, and archiving those it did not.

Every product a file names — changed or not — gets the exchange's moment in
`Product.exchanged_at`. The full catalog's deactivation and the package exchange's
`mode=deactivate` archive the 1C products not named since a moment; the same mark tells a
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

from okno.catalog.models import Product
from okno.core.batches import chunked
from okno.exchange.importing.bulk import IN_CHUNK, db_value

OFFERS_MARK = timedelta(microseconds=1)


def products_mark(product_ids: Sequence[int], *, stamp: datetime) -> None:
    """Record that this exchange named these products (their rows otherwise unchanged)."""
    table = connection.ops.quote_name(Product._meta.db_table)
    with connection.cursor() as cursor:
        for chunk in chunked(product_ids, IN_CHUNK):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"UPDATE {table} SET exchanged_at = %s WHERE id IN ({marks})",
                [db_value(stamp), *chunk],
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
        Q(exchanged_at__isnull=True) | Q(exchanged_at__lt=since)
    )
    stale = stale.exclude(parent__exchanged_at__gte=since)
    return stale.update(is_active=False, updated_at=timezone.now())
