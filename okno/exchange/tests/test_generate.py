"""The CommerceML generator: its files are well-formed, namespaced, UTF-8 with a BOM, hold
the objects asked for (counted here independently of the generator), and are the same
bytes every time."""

import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from okno.exchange.generate import CatalogSpec, cml_archive_write, cml_files_write

CML2 = "urn:1C.ru:commerceml_2"
SMALL = {"products": 60, "groups": 40, "properties": 12, "price_types": 5, "warehouses": 3}


def local_counts(path: Path, namespace: str) -> Counter:
    """How many elements of each local name the file holds; fails on any element outside
    the namespace."""
    counts: Counter = Counter()
    for _event, element in etree.iterparse(str(path), events=("end",)):
        name = etree.QName(element)
        assert name.namespace == namespace, f"{name} in {path.name}"
        counts[name.localname] += 1
    return counts


def root_of(path: Path) -> etree._Element:
    return etree.parse(str(path)).getroot()


def test_207_pair_holds_what_was_asked(tmp_path):
    files = cml_files_write(spec=CatalogSpec(**SMALL), folder=tmp_path)

    assert [generated.name for generated in files] == ["import0_1.xml", "offers0_1.xml"]
    for generated in files:
        head = generated.path.read_bytes()[:60]
        assert head.startswith(b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8"?>')
        assert root_of(generated.path).get("ВерсияСхемы") == "2.07"
    products = local_counts(tmp_path / "import0_1.xml", CML2)
    assert products["Товар"] == 60
    assert products["Группа"] == 40
    assert products["Свойство"] == 12
    assert products["Штрихкод"] > 40
    assert products["Пересчет"] > 0
    assert products["Изготовитель"] == 60
    assert products["ЗначениеРеквизита"] == 60 * 4
    offers = local_counts(tmp_path / "offers0_1.xml", CML2)
    assert offers["Предложение"] == 60
    assert offers["Цена"] == 60 * 5
    assert offers["ТипЦены"] == 5
    assert offers["Склад"] == 3 + 60 * 3  # the package's list, then each offer's stock
    assert (files[0].products, files[1].offers, files[1].prices, files[1].stocks) == (
        60,
        60,
        300,
        180,
    )


def test_groups_nest_three_deep_and_products_sit_in_the_lowest(tmp_path):
    cml_files_write(spec=CatalogSpec(**SMALL), folder=tmp_path)
    root = root_of(tmp_path / "import0_1.xml")
    ns = {"c": CML2}

    top = root.findall("c:Классификатор/c:Группы/c:Группа", ns)
    deepest = root.findall(
        "c:Классификатор/c:Группы/c:Группа/c:Группы/c:Группа/c:Группы/c:Группа", ns
    )
    assert top
    assert deepest
    assert not root.findall(".//c:Группа/c:Группы/c:Группа/c:Группы/c:Группа/c:Группы", ns)
    leaves = {group.findtext("c:Ид", namespaces=ns) for group in deepest}
    used = {element.text for element in root.findall(".//c:Товар/c:Группы/c:Ид", ns)}
    assert used <= leaves


def test_directory_values_refer_to_their_property(tmp_path):
    cml_files_write(spec=CatalogSpec(**SMALL), folder=tmp_path)
    root = root_of(tmp_path / "import0_1.xml")
    ns = {"c": CML2}
    enumerations = {
        prop.findtext("c:Ид", namespaces=ns): {
            value.text for value in prop.findall(".//c:ИдЗначения", ns)
        }
        for prop in root.findall(".//c:Свойство", ns)
        if prop.findtext("c:ТипЗначений", namespaces=ns) == "Справочник"
    }
    assert enumerations
    checked = 0
    for value in root.findall(".//c:ЗначенияСвойства", ns):
        property_id = value.findtext("c:Ид", namespaces=ns)
        if property_id in enumerations:
            assert value.findtext("c:Значение", namespaces=ns) in enumerations[property_id]
            checked += 1
    assert checked > 0
    rates = {rate.text for rate in root.findall(".//c:СтавкаНалога/c:Ставка", ns)}
    assert rates <= {"22", "10", "Без налога"}


def test_package_files_with_versions_prices_and_rests(tmp_path):
    spec = CatalogSpec(**SMALL, version="2.09", characteristics=0.5)
    files = cml_files_write(spec=spec, folder=tmp_path)

    kinds = [re.fullmatch(r"(\w+)___[0-9a-f-]{36}\.xml", f.name).group(1) for f in files]
    assert kinds == ["import", "offers", "prices", "rests"]
    goods = local_counts(files[0].path, CML2)
    assert goods["Товар"] == 60
    assert goods["ТипЦены"] == 5
    assert goods["ЕдиницаИзмерения"] == 2
    assert goods["Склад"] == 3
    assert goods["НомерВерсии"] == goods["ПометкаУдаления"] > 60
    offers = local_counts(files[1].path, CML2)
    variants = offers["ХарактеристикаТовара"]
    assert 0 < variants < offers["Предложение"]
    assert offers["Предложение"] == offers["НомерВерсии"] == files[1].offers
    prices = local_counts(files[2].path, CML2)
    assert prices["Предложение"] == files[1].offers
    assert prices["Цена"] == files[1].offers * 5 == files[2].prices
    rests = local_counts(files[3].path, CML2)
    assert rests["Остаток"] == rests["Склад"] == files[1].offers * 3 == files[3].stocks
    ns = {"c": CML2}
    ids = [e.text for e in root_of(files[1].path).findall(".//c:Предложение/c:Ид", ns)]
    assert sum("#" in external_id for external_id in ids) == variants


def test_version_31_uses_its_namespace(tmp_path):
    files = cml_files_write(spec=CatalogSpec(**SMALL, version="3.1"), folder=tmp_path)
    root = root_of(files[0].path)
    assert etree.QName(root).namespace == "urn:1C.ru:commerceml_3"
    assert root.get("ВерсияСхемы") == "3.1"
    assert local_counts(files[3].path, "urn:1C.ru:commerceml_3")["Предложение"] == 60


@pytest.mark.parametrize("version", ["2.07", "2.09"])
def test_same_spec_same_bytes(tmp_path, version):
    first = cml_files_write(spec=CatalogSpec(**SMALL, version=version), folder=tmp_path / "a")
    second = cml_files_write(spec=CatalogSpec(**SMALL, version=version), folder=tmp_path / "b")
    assert [f.name for f in first] == [f.name for f in second]
    for one, other in zip(first, second, strict=True):
        assert one.path.read_bytes() == other.path.read_bytes()
    other_seed = cml_files_write(
        spec=CatalogSpec(**SMALL, version=version, seed=2), folder=tmp_path / "c"
    )
    assert other_seed[0].path.read_bytes() != first[0].path.read_bytes()


def test_changed_share_keeps_ids_and_a_partial_carries_only_the_changed(tmp_path):
    ns = {"c": CML2}

    def products(folder: Path, **changes) -> dict[str, str]:
        cml_files_write(spec=CatalogSpec(**SMALL, **changes), folder=folder)
        root = root_of(folder / "import0_1.xml")
        return {
            item.findtext("c:Ид", namespaces=ns): item.findtext("c:Наименование", namespaces=ns)
            for item in root.findall(".//c:Товар", ns)
        }

    full = products(tmp_path / "full")
    changed = products(tmp_path / "changed", changed=0.3)
    partial = products(tmp_path / "partial", changed=0.3, only_changed=True)

    assert changed.keys() == full.keys()
    renamed = {key for key in full if changed[key] != full[key]}
    assert 0 < len(renamed) < len(full)
    assert partial == {key: changed[key] for key in renamed}
    catalog = root_of(tmp_path / "partial" / "import0_1.xml").find("c:Каталог", ns)
    assert catalog.get("СодержитТолькоИзменения") == "true"
    offers = root_of(tmp_path / "partial" / "offers0_1.xml")
    assert len(offers.findall(".//c:Предложение", ns)) == len(renamed)


def test_archive_holds_the_files_under_their_names(tmp_path):
    files = cml_files_write(spec=CatalogSpec(**SMALL, version="2.09"), folder=tmp_path / "f")
    archive = cml_archive_write(files=files, path=tmp_path / "v8_1A2B_1.zip")
    with zipfile.ZipFile(archive) as opened:
        assert opened.namelist() == [f.name for f in files]
        assert opened.read(files[2].name) == files[2].path.read_bytes()
