"""Products made from offers: 1C's exchanges before 2.08 define a product's variants
(characteristics) only in the offers file, and a package may bring offers of products the
portal has not received. Such a product gets what the offer says (name, article,
characteristics) and, for a variant of a known product, that product's group, brand, unit
and VAT rate; a later catalog file naming it fills in the rest."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils import timezone

from okno.catalog.models import Product, VatRate
from okno.catalog.search.keys import article_key, search_text
from okno.core.bulk import rows_insert, rows_select
from okno.exchange.cml.records import OfferRecord
from okno.exchange.importing.counts import Counts
from okno.exchange.importing.lookups import Lookups

_FIELDS = (
    "external_id",
    "article",
    "name",
    "group",
    "brand",
    "base_unit",
    "vat_rate",
    "parent",
    "characteristics",
    "article_key",
    "search_text",
    "is_active",
    "code",
    "description",
    "full_name",
    "kind",
    "item_type",
    "exchange_hash",
    "min_quantity",
    "multiplicity",
    "updated_at",
)
_PARENT_FIELDS = ["external_id", "id", "article", "name", "group", "brand", "base_unit", "vat_rate"]


def products_from_offers(
    records: Sequence[OfferRecord], *, lookups: Lookups, counts: Counts
) -> dict[str, tuple]:
    """Create the products of offers the catalog does not have; answers, by 1C id, what
    the offers writer reads of a stored product (see `offers_held`)."""
    lookups.load("brands")
    parents = {
        row[0]: row
        for row in rows_select(
            Product,
            key="external_id",
            values={r.parent_id for r in records if r.parent_id},
            fields=_PARENT_FIELDS,
        )
    }
    now = timezone.now()
    rows, seen = [], set()
    for record in records:
        if record.external_id in seen:
            continue  # a duplicate offer: the offers writer reports it
        seen.add(record.external_id)
        rows.append(_row(record, parents.get(record.parent_id), lookups=lookups, now=now))
    rows_insert(Product, _FIELDS, rows)
    counts.add("offers", "created", len(rows))
    return {
        external_id: (pk, None, None, None, False)
        for external_id, pk in rows_select(
            Product, key="external_id", values=seen, fields=["external_id", "id"]
        )
    }


def _row(record: OfferRecord, parent: tuple | None, *, lookups: Lookups, now) -> list:
    _, parent_pk, parent_article, parent_name, group_id, brand_id, unit_id, vat = parent or (
        None,
        None,
        "",
        "",
        None,
        None,
        None,
        VatRate.VAT_22,
    )
    article = (record.article or parent_article)[:100]
    name = (record.name or _variant_name(parent_name, record) or article or record.external_id)[
        :500
    ]
    brand = lookups.brand_names.get(brand_id, "") if brand_id else ""
    return [
        record.external_id,
        article,
        name,
        group_id,
        brand_id,
        unit_id or lookups.unit_for(None),
        vat,
        parent_pk,
        [list(pair) for pair in record.characteristics],
        article_key(article)[:100],
        search_text(article=article, name=name, brand=brand),
        not record.deleted,
        "",
        "",
        "",
        "",
        "",
        "",
        Decimal(0),
        Decimal(0),
        now,
    ]


def _variant_name(parent_name: str, record: OfferRecord) -> str:
    values = ", ".join(value for _, value in record.characteristics if value)
    return f"{parent_name} ({values})" if parent_name and values else parent_name
