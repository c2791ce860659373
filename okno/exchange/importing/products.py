"""Products of the catalog section into catalog rows, a batch at a time.

A batch reads its products' stored digests in one query; a product whose digest is the
same as the one stored is only marked as named by this exchange, the others are written by
one upsert, and their barcodes, packaging units, property values and images are replaced.
Variants (`guid#guid`) are written after the products they belong to, so a parent in the
same batch is found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from okno.catalog.models import Barcode, Product, ProductProperty, ProductUnit, VatRate
from okno.catalog.search.keys import article_key, search_text
from okno.core.bulk import rows_delete, rows_insert, rows_select, rows_upsert
from okno.exchange.cml.records import CmlError, ProductRecord
from okno.exchange.importing.counts import Counts, digest
from okno.exchange.importing.images import images_write
from okno.exchange.importing.lookups import Lookups
from okno.exchange.importing.marks import named_again, products_held, products_mark

_VAT = {"22": VatRate.VAT_22, "10": VatRate.VAT_10, "0": VatRate.VAT_0}
# The standard rate of earlier years: 18 % until 2019, 20 % until 2026.
_STANDARD_BEFORE = {"18", "20"}
_NO_VAT = {"без налога", "без ндс", "не облагается"}

# Written on creation only: the portal's own settings of a product.
_INSERT_ONLY = {"min_quantity": Decimal(0), "multiplicity": Decimal(0)}
_FIELDS = (
    "external_id",
    "article",
    "code",
    "name",
    "group",
    "brand",
    "base_unit",
    "vat_rate",
    "is_active",
    "article_key",
    "search_text",
    "parent",
    "characteristics",
    "description",
    "full_name",
    "kind",
    "item_type",
    "weight",
    "exchange_hash",
    "updated_at",
)


def products_write(
    records: Sequence[ProductRecord],
    *,
    lookups: Lookups,
    counts: Counts,
    stamp: datetime,
    folder,
) -> None:
    """Write a batch of products. `stamp` marks them as named by this exchange; a product
    this exchange already named is a duplicate id and fails the import, as does a group
    the catalog does not know."""
    _no_duplicates(records)
    stored = products_held([r.external_id for r in records], stamp=stamp)
    changed: list[tuple[ProductRecord, str]] = []
    # Products unchanged, with their marks and without (never named by an exchange).
    unchanged: list[int] = []
    unmarked: list[int] = []
    for record in records:
        found = stored.get(record.external_id)
        if found is not None and found[2]:
            raise CmlError(record.position, f"duplicate product '{record.external_id}'")
        if record.known:
            if found is None:
                # Read as held at the start of the file, gone since: its data was not read.
                raise CmlError(
                    record.position,
                    f"product '{record.external_id}' was deleted during the import; "
                    "send the file again",
                )
            (unchanged if found[3] else unmarked).append(found[0])
            continue
        record_hash = record.digest or _hash(record)
        # An archived product sent again unchanged is back on sale: rewritten.
        if found is not None and found[1] == record_hash and found[4] != record.deleted:
            (unchanged if found[3] else unmarked).append(found[0])
        else:
            changed.append((record, record_hash))
    named_again(unchanged, moment=stamp)
    products_mark(unmarked, stamp=stamp)
    counts.add("products", "unchanged", len(unchanged) + len(unmarked))
    if not changed:
        return
    lookups.load("groups")
    lookups.load("brands")
    # Products before their variants, so that a variant finds a parent of the same batch.
    for level in (
        [c for c in changed if not c[0].parent_id],
        [c for c in changed if c[0].parent_id],
    ):
        if level:
            _write_level(level, stored, lookups=lookups, counts=counts, stamp=stamp, folder=folder)


def _write_level(changed, stored, *, lookups, counts, stamp, folder) -> None:
    parents = _parent_ids({r.parent_id for r, _ in changed if r.parent_id})
    now = timezone.now()
    rows = [
        _row(record, record_hash, lookups=lookups, counts=counts, parents=parents, now=now)
        for record, record_hash in changed
    ]
    # New products are appended (COPY on PostgreSQL); stored ones are updated in place.
    fields = [*_FIELDS, *_INSERT_ONLY]
    rows = [[*row, *_INSERT_ONLY.values()] for row in rows]
    rows_insert(Product, fields, [row for row in rows if row[0] not in stored])
    rows_upsert(
        Product,
        key=["external_id"],
        fields=fields,
        rows=[row for row in rows if row[0] in stored],
        update=[name for name in _FIELDS if name != "external_id"],
    )
    ids = dict(
        rows_select(
            Product,
            key="external_id",
            values=[r.external_id for r, _ in changed],
            fields=["external_id", "id"],
        )
    )
    products_mark(list(ids.values()), stamp=stamp)
    updated = [ids[r.external_id] for r, _ in changed if r.external_id in stored]
    counts.add("products", "created", len(changed) - len(updated))
    counts.add("products", "updated", len(updated))
    for model in (Barcode, ProductUnit, ProductProperty):
        rows_delete(model, key="product", values=updated)
    _children_write([(ids[r.external_id], r) for r, _ in changed], lookups=lookups, counts=counts)
    images_write(
        [(ids[r.external_id], r) for r, _ in changed],
        replaced=updated,
        folder=folder,
        counts=counts,
    )


def _row(record: ProductRecord, record_hash: str, *, lookups, counts, parents, now) -> list:
    group_id = None
    if record.group_ids:
        group_id = lookups.groups.get(record.group_ids[0])
        if group_id is None:
            raise CmlError(record.position, f"unknown group '{record.group_ids[0]}'")
    brand_id, brand_name = _brand(record, lookups)
    requisites = record.requisites
    return [
        record.external_id,
        record.article[:100],
        (record.code or requisites.get("Код", ""))[:50],
        (record.name or requisites.get("Полное наименование", "") or record.article)[:500],
        group_id,
        brand_id,
        lookups.unit_for(record.base_unit),
        _vat(record, counts),
        not record.deleted,
        article_key(record.article)[:100],
        search_text(
            article=record.article,
            name=record.name,
            brand=brand_name,
            barcodes=dict.fromkeys(record.barcodes),
        ),
        parents.get(record.parent_id) if record.parent_id else None,
        [list(pair) for pair in record.characteristics],
        record.description,
        requisites.get("Полное наименование", "")[:1000],
        requisites.get("ВидНоменклатуры", "")[:200],
        requisites.get("ТипНоменклатуры", "")[:50],
        _weight(requisites.get("Вес", "")),
        record_hash,
        now,
    ]


def _children_write(products: list[tuple[int, ProductRecord]], *, lookups, counts) -> None:
    """Barcodes, packaging units and property values of written products."""
    barcodes, units, values = [], [], []
    lookups.load("properties")
    for product_id, record in products:
        barcodes += [(product_id, code[:64]) for code in dict.fromkeys(record.barcodes) if code]
        base_unit = lookups.unit_for(record.base_unit)
        packaging: dict[int, Decimal] = {}
        for pack in record.packaging:
            if pack.coefficient <= 0:
                raise CmlError(record.position, f"impossible coefficient {pack.coefficient}")
            unit_id = lookups.unit_named(pack.unit)
            if unit_id != base_unit:
                packaging.setdefault(unit_id, pack.coefficient)
        units += [(product_id, unit_id, coef) for unit_id, coef in packaging.items()]
        values += _property_rows(product_id, record, lookups=lookups, counts=counts)
    rows_insert(Barcode, ["product", "code"], barcodes)
    rows_insert(ProductUnit, ["product", "unit", "coefficient"], units)
    rows_insert(ProductProperty, ["product", "property", "value"], values)


def _property_rows(product_id: int, record: ProductRecord, *, lookups, counts) -> list[tuple]:
    rows: dict[tuple[int, str], None] = {}
    for value in record.properties:
        kind = lookups.properties.get(value.property_id)
        if kind is None:
            # A value of a property the classifier never sent: left out, counted.
            counts.add("properties", "errors")
            continue
        for text in value.values:
            text = kind.enumeration.get(text, text).strip()
            if text:
                rows[(kind.id, text[:300])] = None
    return [(product_id, property_id, text) for property_id, text in rows]


def _brand(record: ProductRecord, lookups: Lookups) -> tuple[int | None, str]:
    return lookups.brand_for(record.manufacturer_id, record.manufacturer_name)


def _vat(record: ProductRecord, counts: Counts) -> str:
    """1C's rate as the catalog's: «22», «22%», «НДС 22%» and the calculated «22/122» are
    the standard rate; «18» and «20» were it in their years and are counted when taken so."""
    text = record.vat_rate.strip().lower()
    if not text:
        return VatRate.VAT_22
    if text in _NO_VAT:
        return VatRate.NONE
    number = re.search(r"\d+", text)
    rate = number[0] if number else ""
    if rate in _STANDARD_BEFORE:
        counts.add("products", "vat_mapped")
        return VatRate.VAT_22
    if rate in _VAT:
        return _VAT[rate]
    raise CmlError(record.position, f"unknown VAT rate '{record.vat_rate}'")


def _weight(text: str) -> Decimal | None:
    try:
        weight = Decimal(text.replace(",", ".").replace(" ", "")) if text else None
    except InvalidOperation:
        return None
    return weight if weight is not None and 0 <= weight < Decimal("1e12") else None


def _parent_ids(external_ids: set[str]) -> dict[str, int]:
    return dict(
        rows_select(Product, key="external_id", values=external_ids, fields=["external_id", "id"])
    )


def _hash(record: ProductRecord) -> str:
    return digest(
        record.external_id,
        record.article,
        record.code,
        record.name,
        record.description,
        record.base_unit,
        record.packaging,
        record.group_ids,
        record.barcodes,
        record.manufacturer_id,
        record.manufacturer_name,
        record.properties,
        record.vat_rate,
        record.requisites,
        record.images,
        record.characteristics,
        record.deleted,
    )


def _no_duplicates(records: Sequence[ProductRecord]) -> None:
    seen: set[str] = set()
    for record in records:
        if record.external_id in seen:
            raise CmlError(record.position, f"duplicate product '{record.external_id}'")
        seen.add(record.external_id)
