"""The classifier into the catalog: groups (with their tree), properties with their
enumerations, price types, warehouses, units of measure and the catalog's owner. These are
hundreds or a few thousand rows: each batch reads the rows it names in one query and writes
the new and the changed ones with `bulk_create`/`bulk_update`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from okno.catalog.models import CatalogOwner, PriceType, ProductGroup, Property, Warehouse
from okno.catalog.services.products import groups_rebuild_paths
from okno.exchange.cml.records import (
    CmlError,
    GroupRecord,
    Owner,
    PriceTypeRecord,
    PropertyRecord,
    UnitRecord,
    WarehouseRecord,
)
from okno.exchange.importing.counts import Counts
from okno.exchange.importing.lookups import Lookups, PropertyKind

# How 1C writes the rouble: by name, by the old code, by the ISO number.
_ROUBLE = {"", "РУБ", "РУБ.", "RUR", "643", "РУБЛЬ", "RUB"}


def groups_write(
    records: Sequence[GroupRecord], *, lookups: Lookups, counts: Counts, stamp: datetime
) -> None:
    """Write groups and their parent links, then the tree's paths when anything moved.
    A group whose parent is neither in the batch nor in the catalog fails the import. Every
    group sent is marked with the exchange's moment `stamp` (a full classifier archives the
    1C groups it did not mark); one archived before is back in use, one 1C marked for
    deletion is archived."""
    lookups.load("groups")
    _no_duplicates(records, "group")
    ids = _references_write(
        ProductGroup,
        {r.external_id: {"name": r.name[:300], "is_active": not r.deleted} for r in records},
        kind="groups",
        counts=counts,
    )
    lookups.groups.update(ids)
    ProductGroup.objects.filter(id__in=ids.values()).update(exchanged_at=stamp)
    moved = []
    parents = dict(ProductGroup.objects.filter(id__in=ids.values()).values_list("id", "parent_id"))
    for record in records:
        parent_id = None
        if record.parent_id:
            parent_id = lookups.groups.get(record.parent_id)
            if parent_id is None:
                raise CmlError(record.position, f"unknown group '{record.parent_id}'")
        group_id = ids[record.external_id]
        if parents[group_id] != parent_id:
            moved.append(ProductGroup(id=group_id, parent_id=parent_id))
    ProductGroup.objects.bulk_update(moved, ["parent"], batch_size=500)
    if moved or counts.by_kind["groups"].get("created") or counts.by_kind["groups"].get("updated"):
        groups_rebuild_paths()


def properties_write(
    records: Sequence[PropertyRecord], *, lookups: Lookups, counts: Counts
) -> None:
    """Write properties with their value type, multiplicity and enumeration."""
    lookups.load("properties")
    _no_duplicates(records, "property")
    ids = _references_write(
        Property,
        {
            r.external_id: {
                "name": r.name[:200],
                "value_type": r.value_type[:20],
                "multiple": r.multiple,
                "enumeration": dict(r.values),
            }
            for r in records
        },
        kind="properties",
        counts=counts,
    )
    for record in records:
        lookups.properties[record.external_id] = PropertyKind(
            ids[record.external_id], dict(record.values)
        )


def price_types_write(
    records: Sequence[PriceTypeRecord], *, lookups: Lookups, counts: Counts
) -> None:
    """Write price types with their currency and whether their prices include VAT."""
    lookups.load("price_types")
    _no_duplicates(records, "price type")
    lookups.price_types.update(
        _references_write(
            PriceType,
            {
                r.external_id: {
                    "name": r.name[:200],
                    "currency": currency_code(r.currency),
                    "vat_included": r.vat_included,
                }
                for r in records
            },
            kind="price_types",
            counts=counts,
        )
    )


def warehouses_write(
    records: Sequence[WarehouseRecord], *, lookups: Lookups, counts: Counts
) -> None:
    """Write warehouses; one 1C marked for deletion stops working here (never deleted)."""
    lookups.load("warehouses")
    _no_duplicates(records, "warehouse")
    lookups.warehouses.update(
        _references_write(
            Warehouse,
            {
                r.external_id: {
                    "name": r.name[:200],
                    "address": r.address[:500],
                    "is_active": not r.deleted,
                }
                for r in records
            },
            kind="warehouses",
            counts=counts,
        )
    )


def units_write(records: Sequence[UnitRecord], *, lookups: Lookups, counts: Counts) -> None:
    """Take the classifier's units into the catalog's (matched by ОКЕИ code, then short
    name), remembering their 1C ids for the products and prices that name them so."""
    lookups.load("units")  # before counting, or the catalog's own units count as created
    for record in records:
        known = len(lookups.units_by_name)
        lookups.unit_for(record)
        counts.add("units", "created" if len(lookups.units_by_name) > known else "unchanged")


def owner_write(owner: Owner) -> None:
    """Keep the catalog owner's requisites as 1C last sent them."""
    key = owner.external_id or owner.inn or owner.name
    if not key:
        return
    fields = {
        "name": owner.name[:300],
        "official_name": owner.official_name[:500],
        "inn": owner.inn[:12],
        "kpp": owner.kpp[:9],
        "address": owner.address[:500],
    }
    current = CatalogOwner.objects.filter(external_id=key[:80]).values(*fields).first()
    if current != fields:
        CatalogOwner.objects.update_or_create(external_id=key[:80], defaults=fields)


def currency_code(currency: str) -> str:
    """1C's currency (`руб`, `643`, `RUB`, `USD`) as a three-letter code."""
    text = currency.strip().upper()
    return "RUB" if text in _ROUBLE else text[:3]


def _references_write(
    model: Any, wanted: dict[str, dict[str, Any]], *, kind: str, counts: Counts
) -> dict[str, int]:
    """Create the rows not there yet and update those that differ, by 1C id; answers the
    ids of all of them."""
    names = list(next(iter(wanted.values()), {}))
    existing = {
        row["external_id"]: row
        for row in model.objects.filter(external_id__in=list(wanted)).values(
            "id", "external_id", *names
        )
    }
    new, changed = [], []
    for external_id, fields in wanted.items():
        row = existing.get(external_id)
        if row is None:
            new.append(model(external_id=external_id, **fields))
        elif any(row[name] != value for name, value in fields.items()):
            changed.append(model(id=row["id"], **fields))
    model.objects.bulk_create(new, batch_size=500)
    model.objects.bulk_update(changed, names, batch_size=500)
    counts.add(kind, "created", len(new))
    counts.add(kind, "updated", len(changed))
    counts.add(kind, "unchanged", len(wanted) - len(new) - len(changed))
    ids = {row["external_id"]: row["id"] for row in existing.values()}
    if new:
        ids.update(
            model.objects.filter(external_id__in=[m.external_id for m in new]).values_list(
                "external_id", "id"
            )
        )
    return ids


def _no_duplicates(records: Sequence[Any], what: str) -> None:
    seen: set[str] = set()
    for record in records:
        if record.external_id in seen:
            raise CmlError(record.position, f"duplicate {what} '{record.external_id}'")
        seen.add(record.external_id)
