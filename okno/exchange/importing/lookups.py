"""The catalog's ids of what 1C names by its own ids (price types, warehouses, groups,
properties, brands, units), read once per import and kept up to date as it writes.
A lookup lives as long as one file's import in one process."""

from __future__ import annotations

from dataclasses import dataclass, field

from okno.catalog.models import Brand, PriceType, ProductGroup, Property, Unit, Warehouse
from okno.exchange.cml.records import UnitRecord

# 1C's base unit when a product names none: the piece, ОКЕИ 796.
PIECE_CODE = "796"


@dataclass(frozen=True, slots=True)
class PropertyKind:
    """What a product's value of a property needs: the property's id, and the enumeration
    1C's value ids are resolved through."""

    id: int
    enumeration: dict[str, str]


@dataclass
class Lookups:
    """Ids by 1C id (and units by code and short name), loaded on first use."""

    price_types: dict[str, int] = field(default_factory=dict)
    warehouses: dict[str, int] = field(default_factory=dict)
    groups: dict[str, int] = field(default_factory=dict)
    properties: dict[str, PropertyKind] = field(default_factory=dict)
    brands_by_id: dict[str, int] = field(default_factory=dict)
    brands_by_name: dict[str, int] = field(default_factory=dict)
    brand_names: dict[int, str] = field(default_factory=dict)
    units_by_code: dict[str, int] = field(default_factory=dict)
    units_by_name: dict[str, int] = field(default_factory=dict)
    units_by_id: dict[str, int] = field(default_factory=dict)
    loaded: set[str] = field(default_factory=set)
    default_warehouse_id: int | None = None

    def load(self, kind: str) -> None:
        """Read one kind's ids from the database, once."""
        if kind in self.loaded:
            return
        self.loaded.add(kind)
        if kind == "price_types":
            self.price_types.update(_by_external_id(PriceType))
        elif kind == "warehouses":
            self.warehouses.update(_by_external_id(Warehouse))
        elif kind == "groups":
            self.groups.update(_by_external_id(ProductGroup))
        elif kind == "properties":
            rows = Property.objects.filter(external_id__isnull=False)
            for pk, external_id, enumeration in rows.values_list(
                "id", "external_id", "enumeration"
            ):
                self.properties[str(external_id)] = PropertyKind(pk, enumeration or {})
        elif kind == "brands":
            for pk, external_id, name in Brand.objects.values_list("id", "external_id", "name"):
                self.brands_by_name[name.lower()] = pk
                self.brand_names[pk] = name
                if external_id:
                    self.brands_by_id[external_id] = pk
        elif kind == "units":
            for pk, code, short_name in Unit.objects.values_list("id", "code", "short_name"):
                self.units_by_name[short_name.lower()] = pk
                if code:
                    self.units_by_code.setdefault(code, pk)

    def unit_for(self, record: UnitRecord | None) -> int:
        """The unit of a product's base unit (by ОКЕИ code, then short name), added to the
        catalog's units when new; the piece when the product names none."""
        self.load("units")
        if record is None:
            record = UnitRecord("", PIECE_CODE, "шт", "Штука", "PCE")
        code, short_name = record.code.strip(), record.short_name.strip()
        if record.external_id and record.external_id in self.units_by_id:
            return self.units_by_id[record.external_id]
        found = self.units_by_code.get(code) if code else None
        if found is None and short_name:
            found = self.units_by_name.get(short_name.lower())
        if found is None:
            found = self._unit_create(
                code=code, short_name=short_name or code, name=record.full_name.strip()
            )
        if record.external_id:
            self.units_by_id[record.external_id] = found
        return found

    def unit_named(self, text: str) -> int:
        """A unit 1C names by short name, code or classifier id (a packaging unit, the unit
        of a price), added when new."""
        self.load("units")
        text = text.strip()
        for table in (self.units_by_id, self.units_by_code):
            if text in table:
                return table[text]
        found = self.units_by_name.get(text.lower())
        if found is None:
            code = text if text.isdigit() else ""
            found = self._unit_create(code=code, short_name=text, name="")
        return found

    def _unit_create(self, *, code: str, short_name: str, name: str) -> int:
        short_name = (short_name or "ед.")[:20]
        existing = self.units_by_name.get(short_name.lower())
        if existing is not None:
            return existing
        unit = Unit.objects.create(code=code[:10], short_name=short_name, name=name[:100])
        self.units_by_name[short_name.lower()] = unit.pk
        if code:
            self.units_by_code.setdefault(code, unit.pk)
        return unit.pk

    def brand_for(self, manufacturer_id: str, name: str) -> tuple[int | None, str]:
        """A manufacturer as a brand (id and name): by 1C id, then by name; added when new.
        None for a manufacturer with neither a known id nor a name."""
        self.load("brands")
        name = name.strip()[:200]
        found = self.brands_by_id.get(manufacturer_id) if manufacturer_id else None
        if found is None and name:
            found = self.brands_by_name.get(name.lower())
            if found is None:
                brand = Brand.objects.create(name=name, external_id=manufacturer_id or None)
                found = brand.pk
                self.brands_by_name[name.lower()] = found
                self.brand_names[found] = name
            if manufacturer_id:
                self.brands_by_id[manufacturer_id] = found
        if found is None:
            return None, ""
        return found, self.brand_names.get(found, name)

    def default_warehouse(self) -> int:
        """The warehouse a bare `Количество` is stock of: the default one, else the first
        working one, else a new «Основной склад» made the default."""
        if self.default_warehouse_id is None:
            warehouse = (
                Warehouse.objects.filter(is_active=True)
                .order_by("-is_default", "sort", "id")
                .first()
            )
            if warehouse is None:
                warehouse = Warehouse.objects.create(name="Основной склад", is_default=True)
            self.default_warehouse_id = warehouse.pk
        return self.default_warehouse_id


def _by_external_id(model) -> dict[str, int]:
    return {
        external_id: pk
        for pk, external_id in model.objects.filter(external_id__isnull=False).values_list(
            "id", "external_id"
        )
    }
