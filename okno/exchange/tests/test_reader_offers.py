"""The reader on offers, prices and rests files: prices per price type and unit, the three
forms of stock, price types and warehouses sent with the offers."""

from __future__ import annotations

import io
from decimal import Decimal

from okno.exchange.cml.reader import records_read
from okno.exchange.cml.records import (
    OfferRecord,
    PriceRecord,
    PriceTypeRecord,
    SectionStart,
    StockRecord,
    WarehouseRecord,
)


def read(xml: str, *, name: str = "offers.xml") -> list:
    return list(records_read(io.BytesIO(xml.encode("utf-8")), name=name))


def of_type(records: list, kind: type) -> list:
    return [record for record in records if isinstance(record, kind)]


OFFERS = """<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="2.07">
  <ПакетПредложений СодержитТолькоИзменения="false">
    <Ид>cat#</Ид>
    <ИдКаталога>cat</ИдКаталога>
    <ИдКлассификатора>cl</ИдКлассификатора>
    <ТипыЦен><ТипЦены><Ид>pt1</Ид><Наименование>Розница</Наименование><Валюта>руб</Валюта></ТипЦены></ТипыЦен>
    <Склады><Склад><Ид>w1</Ид><Наименование>Основной</Наименование><Адрес><Представление>Тула</Представление></Адрес></Склад></Склады>
    <Предложения>
      <Предложение>
        <Ид>p1#c1</Ид>
        <Наименование>Болт (М6)</Наименование>
        <Цены>
          <Цена><ИдТипаЦены>pt1</ИдТипаЦены><ЦенаЗаЕдиницу>1 234,50</ЦенаЗаЕдиницу>
            <Валюта>руб</Валюта><Единица>упак</Единица><Коэффициент>10</Коэффициент></Цена>
          <Цена><ИдТипаЦены>pt2</ИдТипаЦены><ЦенаЗаЕдиницу>99.9</ЦенаЗаЕдиницу></Цена>
        </Цены>
        <Количество>7</Количество>
        <Склад ИдСклада="w1" КоличествоНаСкладе="5"/>
        <Склад ИдСклада="w2" КоличествоНаСкладе="2,5"/>
      </Предложение>
      <Предложение>
        <Ид>p2</Ид>
        <Остатки>
          <Остаток><Склад><Ид>w1</Ид><Количество>3</Количество></Склад></Остаток>
          <Остаток><Склад><Ид>w2</Ид><Количество>0</Количество></Склад></Остаток>
        </Остатки>
      </Предложение>
      <Предложение><Ид>p3</Ид><Количество>12</Количество></Предложение>
    </Предложения>
  </ПакетПредложений>
</КоммерческаяИнформация>"""


def test_offers_prices_and_the_three_forms_of_stock() -> None:
    records = read(OFFERS, name="offers0_1.xml")
    first, second, third = of_type(records, OfferRecord)
    assert (first.external_id, first.parent_id, first.total_quantity) == ("p1#c1", "p1", 7)
    assert first.prices == (
        PriceRecord(
            "pt1",
            Decimal("1234.50"),
            "руб",
            "упак",
            Decimal(10),
            13,
            1,
        ),
        PriceRecord(
            "pt2",
            Decimal("99.9"),
            "",
            "",
            Decimal(1),
            15,
            2,
        ),
    )
    assert first.stocks == (StockRecord("w1", Decimal(5)), StockRecord("w2", Decimal("2.5")))
    assert second.prices is None
    assert second.stocks == (StockRecord("w1", Decimal(3)), StockRecord("w2", Decimal(0)))
    assert second.total_quantity is None
    assert (third.stocks, third.total_quantity) == (None, Decimal(12))
    assert third.position.path.endswith("/Предложения/Предложение[3]")


def test_price_types_and_warehouses_of_an_offers_package() -> None:
    records = read(OFFERS)
    section = of_type(records, SectionStart)[0]
    assert (section.kind, section.catalog_id, section.classifier_id) == ("offers", "cat", "cl")
    assert [price_type.external_id for price_type in of_type(records, PriceTypeRecord)] == ["pt1"]
    (warehouse,) = of_type(records, WarehouseRecord)
    assert (warehouse.external_id, warehouse.address) == ("w1", "Тула")
    assert warehouse.position.path == "/КоммерческаяИнформация/ПакетПредложений/Склады/Склад[1]"


def test_an_offers_changes_package_reads_as_offers() -> None:
    xml = """<КоммерческаяИнформация ВерсияСхемы="2.05">
      <ИзмененияПакетаПредложений СодержитТолькоИзменения="true">
        <Ид>cat#</Ид>
        <Предложения><Предложение><Ид>p1</Ид><Количество>4</Количество></Предложение></Предложения>
      </ИзмененияПакетаПредложений>
    </КоммерческаяИнформация>"""
    records = read(xml)
    assert (records[1].kind, records[1].only_changes) == ("offers", True)
    assert of_type(records, OfferRecord)[0].total_quantity == 4


def test_offers_the_caller_holds_already_come_without_prices_and_stock() -> None:
    asked = []

    def known(external_id, prices, stock):
        asked.append((external_id, prices is not None, stock is not None))
        return external_id == "p1#c1"

    source = io.BytesIO(OFFERS.encode("utf-8"))
    first, second, third = of_type(records_read(source, name="x", offers_known=known), OfferRecord)
    assert asked == [("p1#c1", True, True), ("p2", False, True), ("p3", False, True)]
    assert (first.known, first.prices, first.stocks, first.total_quantity) == (
        True,
        None,
        None,
        None,
    )
    assert first.name == "Болт (М6)"
    assert not second.known
    assert second.stocks == (
        StockRecord("w1", Decimal(3)),
        StockRecord("w2", Decimal(0)),
    )
    again = of_type(
        records_read(io.BytesIO(OFFERS.encode()), name="x", offers_known=known), OfferRecord
    )
    assert [offer.digest for offer in again] == [first.digest, second.digest, third.digest]
    assert len({first.digest, second.digest, third.digest}) == 3
    assert read(OFFERS)[-1].digest == ""


PRICES = """<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_210" ВерсияСхемы="2.10">
  <ПакетПредложений><Предложения>
    <Предложение><Ид>plain</Ид><Цены>
      <Цена><Представление>1234.50 руб за упак</Представление><ИдТипаЦены>pt1</ИдТипаЦены>
        <ЦенаЗаЕдиницу>1234.50</ЦенаЗаЕдиницу><Валюта>руб</Валюта><Единица>упак</Единица>
        <Коэффициент>10</Коэффициент></Цена>
      <Цена><ИдТипаЦены>pt2</ИдТипаЦены><ЦенаЗаЕдиницу>99.9</ЦенаЗаЕдиницу></Цена>
    </Цены></Предложение>
    <Предложение><Ид>written-otherwise</Ид><Цены>
      <Цена><Коэффициент>10</Коэффициент><Единица><Код>778</Код>
        <НаименованиеКраткое>упак</НаименованиеКраткое></Единица><Валюта> руб </Валюта>
        <ЦенаЗаЕдиницу>1 234,50</ЦенаЗаЕдиницу><ИдТипаЦены> pt1 </ИдТипаЦены>
        <ИдТипаЦены>ignored</ИдТипаЦены></Цена>
      <Цена><ЦенаЗаЕдиницу>99.9</ЦенаЗаЕдиницу><ИдТипаЦены>pt2</ИдТипаЦены></Цена>
    </Цены></Предложение>
  </Предложения></ПакетПредложений>
</КоммерческаяИнформация>"""


def test_prices_written_plainly_or_otherwise_read_the_same() -> None:
    plain, otherwise = of_type(read(PRICES), OfferRecord)
    expected = [
        ("pt1", Decimal("1234.50"), "руб", "упак", Decimal("10"), 1),
        ("pt2", Decimal("99.9"), "", "", Decimal("1"), 2),
    ]
    for offer in (plain, otherwise):
        assert [(*price[:5], price.ordinal) for price in offer.prices] == expected
    # A plain price is read without its line (found again for a message); the others
    # are walked part by part, each with its own.
    assert [price.line for price in plain.prices] == [0, 0]
    assert [price.line for price in otherwise.prices] == [10, 14]


RESTS = """<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_3" ВерсияСхемы="3.1">
  <ПакетПредложений><Предложения>
    <Предложение><Ид>plain</Ид><Остатки>
      <Остаток><Склад><Ид>w1</Ид><Количество>3</Количество></Склад></Остаток>
      <Остаток><Склад><Ид>w2</Ид><Количество>0.5</Количество></Склад></Остаток>
    </Остатки></Предложение>
    <Предложение><Ид>written-otherwise</Ид><Остатки>
      <Остаток><Склад><Количество>3</Количество><Ид> w1 </Ид></Склад></Остаток>
      <Остаток><Склад><Ид>w2</Ид><Количество>0,5</Количество></Склад></Остаток>
    </Остатки></Предложение>
    <Предложение><Ид>with-total</Ид><Остатки>
      <Остаток><Склад><Ид>w1</Ид><Количество>3</Количество></Склад></Остаток>
      <Остаток><Склад><Ид>w2</Ид><Количество>0.5</Количество></Склад></Остаток>
      <Остаток><Количество>3.5</Количество></Остаток>
    </Остатки></Предложение>
  </Предложения></ПакетПредложений>
</КоммерческаяИнформация>"""


def test_rests_written_plainly_or_otherwise_read_the_same() -> None:
    offers = of_type(read(RESTS), OfferRecord)
    expected = (StockRecord("w1", Decimal("3")), StockRecord("w2", Decimal("0.5")))
    assert [(offer.stocks, offer.total_quantity) for offer in offers] == [
        (expected, None),
        (expected, None),
        (expected, Decimal("3.5")),
    ]
