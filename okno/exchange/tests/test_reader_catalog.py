"""The reader on the shapes of classifier, catalog and offers files that the versions and
configurations of 1C write: namespaces, element order, encodings, the forms of stock and of
`СодержитТолькоИзменения`, characteristics and deletion marks."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from okno.exchange.cml.reader import records_read
from okno.exchange.cml.records import (
    FileHeader,
    GroupRecord,
    OfferRecord,
    Owner,
    Position,
    PriceTypeRecord,
    ProductRecord,
    PropertyRecord,
    PropertyValueRecord,
    SectionStart,
    UnitRecord,
    WarehouseRecord,
)


def read(xml: str | bytes, *, name: str = "import.xml", skip: int = 0) -> list:
    source = xml.encode("utf-8") if isinstance(xml, str) else xml
    return list(records_read(io.BytesIO(source), name=name, skip=skip))


def of_type(records: list, kind: type) -> list:
    return [record for record in records if isinstance(record, kind)]


PRODUCT = """<КоммерческаяИнформация{xmlns} ВерсияСхемы="2.07" ДатаФормирования="2026-11-23T10:00">
  <Каталог СодержитТолькоИзменения="true">
    <Ид>cat</Ид>
    <Наименование>Каталог товаров</Наименование>
    <Товары>
      <Товар>
        <Ид> p1 </Ид>
        <Артикул>A-1</Артикул>
        <Наименование>Болт М6</Наименование>
        <БазоваяЕдиница Код="796 " НаименованиеПолное="Штука  "
          МеждународноеСокращение="PCE">шт</БазоваяЕдиница>
        <Группы><Ид>g1</Ид></Группы>
        <Штрихкод>4600000000017</Штрихкод>
        <СтавкиНалогов><СтавкаНалога><Наименование>НДС</Наименование><Ставка>22</Ставка></СтавкаНалога></СтавкиНалогов>
      </Товар>
    </Товары>
  </Каталог>
</КоммерческаяИнформация>"""


@pytest.mark.parametrize(
    "xmlns",
    [
        ' xmlns="urn:1C.ru:commerceml_2"',
        ' xmlns="urn:1C.ru:commerceml_210"',
        ' xmlns="urn:1C.ru:commerceml_3"',
        "",
        ' xmlns:cml="urn:1C.ru:commerceml_2"',
    ],
)
def test_tags_are_matched_by_local_name_whatever_the_namespace(xmlns: str) -> None:
    records = read(PRODUCT.format(xmlns=xmlns))
    (product,) = of_type(records, ProductRecord)
    assert product.external_id == "p1"
    assert product.base_unit == UnitRecord("", "796", "шт", "Штука", "PCE")
    assert product.group_ids == ("g1",)
    assert product.barcodes == ("4600000000017",)
    assert product.vat_rate == "22"
    assert product.position == Position(
        "import.xml", 6, 0, "/КоммерческаяИнформация/Каталог/Товары/Товар[1]"
    )
    (section,) = of_type(records, SectionStart)
    assert (section.kind, section.external_id, section.only_changes) == ("catalog", "cat", True)
    assert records[0].schema_version == "2.07"
    assert records[0].generated_at.isoformat() == "2026-11-23T10:00:00+03:00"


def test_a_prefixed_namespace_reads_the_same() -> None:
    xml = PRODUCT.format(xmlns="").replace("<", "<c:").replace("<c:/", "</c:")
    xml = xml.replace("<c:КоммерческаяИнформация", '<c:КоммерческаяИнформация xmlns:c="urn:x"', 1)
    (product,) = of_type(read(xml), ProductRecord)
    assert (product.external_id, product.article, product.barcodes) == (
        "p1",
        "A-1",
        ("4600000000017",),
    )


def test_children_in_any_order_and_text_stripped_of_padding() -> None:
    xml = """<КоммерческаяИнформация><Каталог><Товары><Товар>
      <ЗначенияРеквизитов>
        <ЗначениеРеквизита><Наименование>Вес</Наименование><Значение>1.5</Значение></ЗначениеРеквизита>
        <ЗначениеРеквизита><Наименование>Вес</Наименование><Значение>9</Значение></ЗначениеРеквизита>
      </ЗначенияРеквизитов>
      <ШтрихКод> 4600000000024 </ШтрихКод>
      <Наименование>  Гайка  </Наименование>
      <Изготовитель><Наименование>Завод</Наименование><Ид>m1</Ид></Изготовитель>
      <Ид>p2#c7</Ид>
      <Картинка>import_files/9d/p2.jpg</Картинка>
      <ПометкаУдаления>true</ПометкаУдаления>
      <ХарактеристикиТовара><ХарактеристикаТовара>
        <Наименование>Размер</Наименование><Значение>M6</Значение>
      </ХарактеристикаТовара></ХарактеристикиТовара>
      <ЗначенияСвойств><ЗначенияСвойства>
        <Значение>v1</Значение><Ид>pr1</Ид><Значение>v2</Значение>
      </ЗначенияСвойства></ЗначенияСвойств>
      <БазоваяЕдиница Код="796">шт
        <Пересчет><Единица>упак</Единица><Коэффициент>10</Коэффициент></Пересчет>
      </БазоваяЕдиница>
      <НомерВерсии>AAAB</НомерВерсии>
    </Товар></Товары></Каталог></КоммерческаяИнформация>"""
    (product,) = of_type(read(xml), ProductRecord)
    assert product.external_id == "p2#c7"
    assert product.parent_id == "p2"
    assert product.name == "Гайка"
    assert product.barcodes == ("4600000000024",)
    assert (product.manufacturer_id, product.manufacturer_name) == ("m1", "Завод")
    assert product.requisites == {"Вес": "1.5"}
    assert product.images == ("import_files/9d/p2.jpg",)
    assert product.characteristics == (("Размер", "M6"),)
    assert product.properties == (PropertyValueRecord("pr1", ("v1", "v2")),)
    assert product.packaging[0].unit == "упак"
    assert product.packaging[0].coefficient == Decimal(10)
    assert (product.version, product.deleted) == ("AAAB", True)


def test_status_deleted_marks_a_product_or_offer_deleted() -> None:
    xml = """<КоммерческаяИнформация>
      <Каталог><Товары>
        <Товар Статус="Удален"><Ид>p1</Ид></Товар><Товар><Ид>p2</Ид></Товар>
      </Товары></Каталог>
      <ПакетПредложений><Предложения>
        <Предложение><Ид>p1</Ид><Статус>Удален</Статус></Предложение>
      </Предложения></ПакетПредложений>
    </КоммерческаяИнформация>"""
    records = read(xml)
    assert [product.deleted for product in of_type(records, ProductRecord)] == [True, False]
    assert of_type(records, OfferRecord)[0].deleted is True


def test_windows_1251_file_honours_its_declaration() -> None:
    xml = '<?xml version="1.0" encoding="windows-1251"?>\n' + PRODUCT.format(xmlns="")
    (product,) = of_type(read(xml.encode("cp1251")), ProductRecord)
    assert product.name == "Болт М6"


@pytest.mark.parametrize(
    ("prefix", "encoding"),
    [(b"\xef\xbb\xbf", "utf-8"), (b"", "utf-8"), (b"", "utf-16")],
    ids=["utf-8 with BOM", "utf-8", "utf-16 with BOM"],
)
def test_boms_are_honoured(prefix: bytes, encoding: str) -> None:
    declaration = f'<?xml version="1.0" encoding="{encoding.upper()}"?>\n'
    source = prefix + (declaration + PRODUCT.format(xmlns="")).encode(encoding)
    (product,) = of_type(read(source), ProductRecord)
    assert product.name == "Болт М6"
    assert product.position.line == 7


CATALOG_203 = """<?xml version="1.0" encoding="UTF-8"?>
<КоммерческаяИнформация ВерсияСхемы="2.03" ДатаФормирования="2015-04-21">
  <Классификатор>
    <Ид>cl</Ид>
    <Свойства>
      <СвойствоНоменклатуры>
        <Ид>pr1</Ид>
        <Наименование>Бренд</Наименование>
        <Множественное>true</Множественное>
      </СвойствоНоменклатуры>
    </Свойства>
  </Классификатор>
  <Каталог>
    <Ид>cat</Ид>
    <ИдКлассификатора>cl</ИдКлассификатора>
    <Наименование>Каталог товаров</Наименование>
    <Товары>
      <Товар><Ид>p1</Ид></Товар>
    </Товары>
    <СодержитТолькоИзменения>false</СодержитТолькоИзменения>
  </Каталог>
</КоммерческаяИнформация>"""


def test_203_only_changes_element_at_the_end_gives_a_second_section_start() -> None:
    records = read(CATALOG_203)
    kinds = [type(record).__name__ for record in records]
    assert kinds == [
        "FileHeader",
        "SectionStart",
        "PropertyRecord",
        "SectionStart",
        "ProductRecord",
        "SectionStart",
    ]
    first, second = of_type(records, SectionStart)[1:]
    assert (first.kind, first.only_changes, first.classifier_id) == ("catalog", None, "cl")
    assert (second.kind, second.only_changes, second.external_id) == ("catalog", False, "cat")
    assert second.position == first.position
    (brand,) = of_type(records, PropertyRecord)
    assert (brand.external_id, brand.name, brand.multiple) == ("pr1", "Бренд", True)


def test_only_changes_element_before_the_objects_is_in_the_first_section_start() -> None:
    xml = CATALOG_203.replace("<СодержитТолькоИзменения>false</СодержитТолькоИзменения>", "")
    xml = xml.replace("<Товары>", "<СодержитТолькоИзменения>true</СодержитТолькоИзменения><Товары>")
    sections = of_type(read(xml), SectionStart)
    assert [(section.kind, section.only_changes) for section in sections] == [
        ("classifier", None),
        ("catalog", True),
    ]


CLASSIFIER = """<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="2.09">
  <Классификатор СодержитТолькоИзменения="false">
    <Ид>cl</Ид>
    <Наименование>Классификатор</Наименование>
    <Владелец><Ид>o1</Ид><Наименование>Стройснаб</Наименование><ИНН>7723240668</ИНН><КПП>772301001</КПП>
      <ЮридическийАдрес><Представление>Москва</Представление></ЮридическийАдрес></Владелец>
    <Группы>
      <Группа><Ид>g1</Ид><Наименование>Крепёж</Наименование>
        <Группы>
          <Группа><Ид>g2</Ид><Наименование>Болты</Наименование><ПометкаУдаления>true</ПометкаУдаления></Группа>
          <Группа><Ид>g3</Ид><Наименование>Гайки</Наименование></Группа>
        </Группы>
      </Группа>
      <Группа><Ид>g4</Ид><Наименование>Инструмент</Наименование></Группа>
    </Группы>
    <Свойства>
      <Свойство><Ид>pr1</Ид><Наименование>Цвет</Наименование><ТипЗначений>Справочник</ТипЗначений>
        <ВариантыЗначений><Справочник><ИдЗначения>v1</ИдЗначения><Значение>Красный</Значение></Справочник></ВариантыЗначений>
      </Свойство>
    </Свойства>
    <ТипыЦен><ТипЦены><Ид>pt1</Ид><Наименование>Опт</Наименование><Валюта>RUB</Валюта>
      <Налог><Наименование>НДС</Наименование><УчтеноВСумме>false</УчтеноВСумме></Налог></ТипЦены></ТипыЦен>
    <Склады><Склад><Ид>w1</Ид><Наименование>Основной</Наименование></Склад></Склады>
    <ЕдиницыИзмерения><ЕдиницаИзмерения>
      <Ид>796 </Ид><Код>796</Код><НаименованиеКраткое>шт</НаименованиеКраткое>
    </ЕдиницаИзмерения></ЕдиницыИзмерения>
  </Классификатор>
</КоммерческаяИнформация>"""


def test_classifier_groups_properties_price_types_warehouses_units() -> None:
    records = read(CLASSIFIER)
    assert isinstance(records[0], FileHeader)
    section, owner = records[1], records[2]
    assert (section.kind, section.only_changes, section.name) == (
        "classifier",
        False,
        "Классификатор",
    )
    assert owner == Owner(
        "o1", "Стройснаб", "", "7723240668", "772301001", "Москва", owner.position
    )
    groups = of_type(records, GroupRecord)
    assert [(group.external_id, group.parent_id, group.deleted) for group in groups] == [
        ("g1", "", False),
        ("g2", "g1", True),
        ("g3", "g1", False),
        ("g4", "", False),
    ]
    assert groups[2].position.path == (
        "/КоммерческаяИнформация/Классификатор/Группы/Группа[1]/Группы/Группа[2]"
    )
    assert groups[3].position.path == "/КоммерческаяИнформация/Классификатор/Группы/Группа[2]"
    (color,) = of_type(records, PropertyRecord)
    assert (color.value_type, color.values, color.for_offers) == (
        "Справочник",
        {"v1": "Красный"},
        False,
    )
    (price_type,) = of_type(records, PriceTypeRecord)
    assert (price_type.currency, price_type.vat_included) == ("RUB", False)
    assert of_type(records, WarehouseRecord)[0].name == "Основной"
    assert of_type(records, UnitRecord) == [UnitRecord("796", "796", "шт", "", "")]


def test_a_bare_classifier_root_reads_as_a_classifier() -> None:
    xml = "<Классификатор><Ид>cl</Ид><Группы><Группа><Ид>g1</Ид></Группа></Группы></Классификатор>"
    records = read(xml)
    assert records[0] == FileHeader("", None, Position("import.xml", 1, 0, "/Классификатор"))
    assert records[1].kind == "classifier"
    assert of_type(records, GroupRecord)[0].external_id == "g1"


def test_properties_of_a_properties_offers_file_are_for_offers() -> None:
    xml = """<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_3" ВерсияСхемы="3.1">
      <ПакетПредложений><Ид>#cat</Ид></ПакетПредложений>
      <Классификатор><Ид>cl</Ид><Свойства><Свойство><Ид>pr9</Ид><Наименование>Размер</Наименование></Свойство></Свойства></Классификатор>
    </КоммерческаяИнформация>"""
    (size,) = of_type(read(xml, name="propertiesOffers_1_1_x.xml"), PropertyRecord)
    assert size.for_offers is True
    goods_xml = xml.replace("<ПакетПредложений><Ид>#cat</Ид></ПакетПредложений>", "")
    assert (
        of_type(read(goods_xml, name="propertiesGoods_1_1_x.xml"), PropertyRecord)[0].for_offers
        is False
    )


def test_a_31_goods_file_names_its_base_unit_by_id() -> None:
    xml = """<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_3" ВерсияСхемы="3.1">
      <Каталог><Товары>
        <Товар><Ид>p1</Ид><БазоваяЕдиница>796 </БазоваяЕдиница></Товар>
      </Товары></Каталог>
    </КоммерческаяИнформация>"""
    (product,) = of_type(read(xml, name="goods.xml"), ProductRecord)
    assert product.base_unit == UnitRecord("796", "796", "", "", "")


def test_a_section_header_sent_after_its_objects_comes_as_a_second_section_start() -> None:
    xml = """<КоммерческаяИнформация>
      <ПакетПредложений>
        <Предложения><Предложение><Ид>p1</Ид></Предложение></Предложения>
        <Ид>cat#</Ид>
        <ИдКаталога>cat</ИдКаталога>
      </ПакетПредложений>
    </КоммерческаяИнформация>"""
    records = read(xml)
    assert [type(record).__name__ for record in records] == [
        "FileHeader",
        "SectionStart",
        "OfferRecord",
        "SectionStart",
    ]
    assert (records[1].external_id, records[1].catalog_id) == ("", "")
    assert (records[3].external_id, records[3].catalog_id) == ("cat#", "cat")
