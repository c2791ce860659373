"""The small tables of the demo catalog — units, price types, warehouses, regions and lead
times, brands, properties, the group tree — made once and found again on every run."""

from __future__ import annotations

import math
from dataclasses import dataclass

from okno.catalog.models import (
    Brand,
    DeliveryRegion,
    LeadTime,
    PriceType,
    ProductGroup,
    Property,
    Unit,
    Warehouse,
)
from okno.catalog.services.products import groups_rebuild_paths
from okno.demo.catalog import data
from okno.demo.catalog.groups import TREE

GROUP_PREFIX = "demo-group-"


@dataclass(frozen=True)
class Reference:
    """Ids of the reference rows products point to."""

    units: dict[str, int]  # by short name
    price_types: list[PriceType]  # in the order of data.PRICE_TYPES, the base one first
    warehouses: list[Warehouse]  # in the order of data.WAREHOUSES
    brands: dict[str, int]
    properties: dict[str, int]
    leaf_groups: list[int]  # group id of each leaf, in the order of groups.LEAVES
    groups: dict[str, int]  # by place in the tree: "2" is the second top group, "2-1-1" …

    def price_type(self, name: str) -> PriceType:
        return next(p for p in self.price_types if p.name == name)

    def warehouse(self, name: str) -> Warehouse:
        return next(w for w in self.warehouses if w.name == name)


def reference_ensure(*, price_types: int) -> Reference:
    """Create whatever reference rows are missing; `price_types` is how many of the price
    types of data.PRICE_TYPES the scale has."""
    return Reference(
        units=_units(),
        price_types=_price_types(data.PRICE_TYPES[:price_types]),
        warehouses=_warehouses(),
        brands=_by_name(Brand, data.BRANDS),
        properties=_by_name(Property, data.PROPERTIES),
        leaf_groups=_groups(),
        groups={
            (external_id or "").removeprefix(GROUP_PREFIX): group_id
            for external_id, group_id in ProductGroup.objects.filter(
                external_id__startswith=GROUP_PREFIX
            ).values_list("external_id", "id")
        },
    )


def _units() -> dict[str, int]:
    have = set(Unit.objects.values_list("short_name", flat=True))
    Unit.objects.bulk_create(
        Unit(short_name=short, name=name, code=code)
        for short, name, code in data.UNITS
        if short not in have
    )
    return dict(Unit.objects.values_list("short_name", "id"))


def _price_types(specs) -> list[PriceType]:
    found = {p.name: p for p in PriceType.objects.filter(name__in=[s.name for s in specs])}
    for spec in specs:
        if spec.name not in found:
            found[spec.name] = PriceType.objects.create(name=spec.name, code=spec.code)
    base = found[specs[0].name]
    if not PriceType.objects.filter(is_base=True).exists():
        base.is_base = True
        base.save(update_fields=["is_base"])
    return [found[spec.name] for spec in specs]


def _warehouses() -> list[Warehouse]:
    found = {w.name: w for w in Warehouse.objects.all()}
    default_exists = any(w.is_default for w in found.values())
    for sort, spec in enumerate(data.WAREHOUSES):
        if spec.name not in found:
            found[spec.name] = Warehouse.objects.create(
                name=spec.name,
                city=spec.name,
                address=spec.address,
                is_default=spec.name == data.DEFAULT_WAREHOUSE and not default_exists,
                sort=sort * 10,
            )
    warehouses = [found[spec.name] for spec in data.WAREHOUSES]
    _lead_times(warehouses)
    return warehouses


def _lead_times(warehouses: list[Warehouse]) -> None:
    """Days from each warehouse to each region: one a day's drive, about 700 km a day."""
    regions = {
        name: DeliveryRegion.objects.get_or_create(name=name)[0]
        for name, _lat, _lon in data.REGIONS
    }
    have = set(LeadTime.objects.values_list("warehouse_id", "region_id"))
    missing = []
    for warehouse, spec in zip(warehouses, data.WAREHOUSES, strict=True):
        for name, lat, lon in data.REGIONS:
            region = regions[name]
            if (warehouse.id, region.id) not in have:
                km = _distance_km(spec.lat, spec.lon, lat, lon)
                missing.append(
                    LeadTime(warehouse=warehouse, region=region, days=1 + round(km / 700))
                )
    LeadTime.objects.bulk_create(missing)


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


def _by_name(model, names) -> dict[str, int]:
    have = set(model.objects.values_list("name", flat=True))
    model.objects.bulk_create(model(name=name) for name in names if name not in have)
    return dict(model.objects.filter(name__in=list(names)).values_list("name", "id"))


def _groups() -> list[int]:
    """The group tree, found by external ids that spell each group's place in it."""
    have = dict(
        ProductGroup.objects.filter(external_id__startswith=GROUP_PREFIX).values_list(
            "external_id", "id"
        )
    )
    created = False
    leaves: list[int] = []

    def ensure(key: str, name: str, parent: int | None, sort: int) -> int:
        nonlocal created
        external_id = GROUP_PREFIX + key
        if external_id not in have:
            group = ProductGroup.objects.create(
                name=name, parent_id=parent, sort=sort, external_id=external_id
            )
            have[external_id] = group.id
            created = True
        return have[external_id]

    for t, (top, branches) in enumerate(TREE, start=1):
        top_id = ensure(f"{t}", top, None, t * 10)
        for b, (branch, family) in enumerate(branches, start=1):
            branch_id = ensure(f"{t}-{b}", branch, top_id, b * 10)
            for f, leaf in enumerate(family, start=1):
                leaves.append(ensure(f"{t}-{b}-{f}", leaf.name, branch_id, f * 10))
    if created:
        groups_rebuild_paths()
    return leaves
