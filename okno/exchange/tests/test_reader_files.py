"""Every real exchange file kept as test data reads without error, and the reader's counts
equal a count of the same XML made another way: the whole tree by the standard library's
ElementTree, objects recognised by their place among local names."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from okno.exchange.cml.reader import file_counts, records_read
from okno.exchange.cml.records import (
    FileHeader,
    OfferRecord,
    PriceTypeRecord,
    PropertyRecord,
    SectionStart,
    StockRecord,
    UnitRecord,
    WarehouseRecord,
)

SAMPLES = Path(__file__).parent / "cml"
FILES = sorted(SAMPLES.rglob("*.xml"))


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _independent_counts(path: Path) -> dict[str, int]:
    """Counts by walking the whole tree with each element's chain of parent names."""
    root = ElementTree.parse(path).getroot()
    counts: Counter[str] = Counter()

    def walk(element: ElementTree.Element, chain: tuple[str, ...]) -> None:
        name = _local(element.tag)
        parent = chain[-1] if chain else ""
        grandparent = chain[-2] if len(chain) > 1 else ""
        if name == "Группа" and "Классификатор" in chain:
            counts["groups"] += 1
        elif name in ("Свойство", "СвойствоНоменклатуры") and parent == "Свойства":
            counts["properties"] += 1
        elif name == "ТипЦены":
            counts["price_types"] += 1
        elif name == "Склад" and parent == "Склады" and grandparent != "Документ":
            counts["warehouses"] += 1
        elif name == "ЕдиницаИзмерения":
            counts["units"] += 1
        elif name == "Товар" and chain[-2:] == ("Каталог", "Товары"):
            counts["products"] += 1
        elif name == "Предложение":
            counts["offers"] += 1
        elif name == "Цена" and chain[-2:] == ("Предложение", "Цены"):
            counts["prices"] += 1
        elif name == "Склад" and (parent == "Остаток" or element.get("ИдСклада") is not None):
            counts["stocks"] += 1
        elif name == "Контрагент" and parent == "Контрагенты" and len(chain) == 2:
            counts["counterparties"] += 1
        elif name == "Документ":
            counts["documents"] += 1
        for child in element:
            walk(child, (*chain, name))

    walk(root, ())
    return dict(counts)


@pytest.mark.parametrize("path", FILES, ids=[str(path.relative_to(SAMPLES)) for path in FILES])
def test_real_file_counts_match_an_independent_count(path: Path) -> None:
    with path.open("rb") as source:
        counts = file_counts(source, name=path.name)
    found = {
        kind: getattr(counts, kind)
        for kind in (
            "groups", "properties", "price_types", "warehouses", "units", "products",
            "offers", "prices", "stocks", "counterparties", "documents",
        )
        if getattr(counts, kind)
    }  # fmt: skip
    assert found == _independent_counts(path)


@pytest.mark.parametrize("path", FILES, ids=[str(path.relative_to(SAMPLES)) for path in FILES])
def test_real_file_starts_with_its_header_and_names_positions(path: Path) -> None:
    with path.open("rb") as source:
        records = list(records_read(source, name=path.name))
    assert isinstance(records[0], FileHeader)
    for record in records[1:]:
        position = getattr(record, "position", None)
        if position is not None:
            assert position.file == path.name
            assert position.line >= 1
            assert position.path.startswith("/")
    sections = [record for record in records if isinstance(record, SectionStart)]
    objects = [record for record in records if hasattr(record, "external_id")]
    assert sections or not objects


def _records_of(path: Path) -> list:
    with path.open("rb") as source:
        return list(records_read(source, name=path.name))


def test_the_31_per_object_files_of_a_b2b_distributor() -> None:
    folder = SAMPLES / "AlexMobiCraft__FREESPORT-B2B"
    files = {path.name.split("__")[-1]: path for path in folder.glob("*.xml")}
    units = [record for record in _records_of(files["units.xml"]) if isinstance(record, UnitRecord)]
    assert units[0] == UnitRecord("778", "778", "упак", "Упаковка", "")
    storages = _records_of(files["storages.xml"])
    assert [record.name for record in storages if isinstance(record, WarehouseRecord)] == [
        "1 СДВ склад",
        "2 ТЛВ склад",
    ]
    price_types = [
        record
        for record in _records_of(files["priceLists.xml"])
        if isinstance(record, PriceTypeRecord)
    ]
    assert (price_types[0].name, price_types[0].currency, price_types[0].vat_included) == (
        "Опт 1 (300-600 тыс.руб в квартал)",
        "RUB",
        True,
    )
    rests = [
        record for record in _records_of(files["rests.xml"]) if isinstance(record, OfferRecord)
    ]
    assert rests[0].stocks[0] == StockRecord("8f06f4f1-b3f0-11ea-81c3-00155d3cae02", Decimal(0))
    assert all(offer.prices is None for offer in rests)
    offers_properties = [
        path for name, path in files.items() if name.startswith("propertiesOffers")
    ]
    properties = [
        record for record in _records_of(offers_properties[0]) if isinstance(record, PropertyRecord)
    ]
    assert len(properties) == 51
    assert all(record.for_offers for record in properties)
