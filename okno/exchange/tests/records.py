"""Reader records built by hand, for tests of the import that need no XML."""

from __future__ import annotations

from decimal import Decimal

from okno.exchange.cml.records import (
    GroupRecord,
    OfferRecord,
    Position,
    PriceRecord,
    Prices,
    PriceTypeRecord,
    ProductRecord,
    PropertyRecord,
    PropertyValueRecord,
    SectionStart,
    StockRecord,
    UnitRecord,
    WarehouseRecord,
)

FILE = "import.xml"


def at(path: str = "/КоммерческаяИнформация", line: int = 1, column: int = 1) -> Position:
    return Position(FILE, line, column, path)


def section(kind: str, *, only_changes: bool | None = None) -> SectionStart:
    return SectionStart(kind, "catalog-1", "Каталог", only_changes, "catalog-1", "cls-1", at())


def group(external_id: str, name: str, parent_id: str = "") -> GroupRecord:
    return GroupRecord(external_id, name, parent_id, "", False, at())


def property_record(external_id: str, name: str, values: dict[str, str] | None = None):
    value_type = "Справочник" if values else "Строка"
    return PropertyRecord(
        external_id, name, value_type, False, values or {}, False, "", False, at()
    )


def price_type(external_id: str, name: str = "Оптовая") -> PriceTypeRecord:
    return PriceTypeRecord(external_id, name, "руб", True, at())


def warehouse(external_id: str, name: str = "Основной") -> WarehouseRecord:
    return WarehouseRecord(external_id, name, "", False, at())


PIECE = UnitRecord("", "796", "шт", "Штука", "PCE")


def product(external_id: str, **fields) -> ProductRecord:
    values = {
        "external_id": external_id,
        "parent_id": external_id.split("#")[0] if "#" in external_id else "",
        "article": f"A-{external_id}",
        "code": "",
        "name": f"Товар {external_id}",
        "description": "",
        "base_unit": PIECE,
        "packaging": (),
        "group_ids": (),
        "barcodes": (),
        "manufacturer_id": "",
        "manufacturer_name": "",
        "properties": (),
        "vat_rate": "22",
        "requisites": {},
        "images": (),
        "characteristics": (),
        "version": "",
        "deleted": False,
        "position": at(f"/КоммерческаяИнформация/Каталог/Товары/Товар[{external_id}]"),
    }
    values.update(fields)
    return ProductRecord(**values)


def price(price_type_id: str, amount: str, unit: str = "", coefficient: str = "1") -> PriceRecord:
    return PriceRecord(
        price_type_id, Decimal(amount), "RUB", unit, Decimal(coefficient), line=7, ordinal=1
    )


def offer(external_id: str, **fields) -> OfferRecord:
    values = {
        "external_id": external_id,
        "parent_id": external_id.split("#")[0] if "#" in external_id else "",
        "article": "",
        "name": "",
        "prices": None,
        "stocks": None,
        "total_quantity": None,
        "characteristics": (),
        "properties": (),
        "version": "",
        "deleted": False,
        "position": at("/КоммерческаяИнформация/ПакетПредложений/Предложения/Предложение", 5, 2),
    }
    values.update(fields)
    if isinstance(values["prices"], tuple):
        values["prices"] = Prices.of(values["prices"])
    return OfferRecord(**values)


def stock(warehouse_id: str, quantity: str) -> StockRecord:
    return StockRecord(warehouse_id, Decimal(quantity))


def values(property_id: str, *texts: str) -> PropertyValueRecord:
    return PropertyValueRecord(property_id, texts)
