"""The reader on counterparties files and on order documents in both directions: Bitrix-style
requisites of 1C:УТ 10.3, УТ 11's own elements, 3.1's `Контейнер`."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from okno.exchange.cml.reader import records_read
from okno.exchange.cml.records import (
    BankAccountRecord,
    CounterpartyRecord,
    DocumentRecord,
    SectionStart,
)


def read(xml: str | bytes, *, name: str = "documents.xml") -> list:
    source = xml.encode("utf-8") if isinstance(xml, str) else xml
    return list(records_read(io.BytesIO(source), name=name))


COUNTERPARTIES = """<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_3" ВерсияСхемы="3.1">
  <Контрагенты СодержитТолькоИзменения="true">
    <Контрагент>
      <Ид>c1</Ид>
      <НомерВерсии>AAAB</НомерВерсии>
      <ПометкаУдаления>false</ПометкаУдаления>
      <Наименование>Стройка</Наименование>
      <ПолноеНаименование>ООО "Стройка"</ПолноеНаименование>
      <Роль>Покупатель</Роль>
      <ИНН>7701234567 </ИНН>
      <КПП>770101001</КПП>
      <КодПоОКПО>12345678</КодПоОКПО>
      <РасчетныеСчета>
        <РасчетныйСчет>
          <НомерСчета>40702810000000000001</НомерСчета>
          <Банк><Наименование>Банк</Наименование><БИК>044525225</БИК><СчетКорреспондентский>30101810400000000225</СчетКорреспондентский></Банк>
        </РасчетныйСчет>
      </РасчетныеСчета>
      <АдресРегистрации><Представление>Москва, Тверская, 1</Представление></АдресРегистрации>
      <Адрес><АдресноеПоле><Тип>Город</Тип><Значение>Тула</Значение></АдресноеПоле><АдресноеПоле><Тип>Улица</Тип><Значение>Ленина</Значение></АдресноеПоле></Адрес>
      <Контакты><Контакт><Тип>Почта</Тип><Значение>a@stroyka.ru</Значение></Контакт></Контакты>
    </Контрагент>
    <Контрагент><Ид>c2</Ид><ПометкаУдаления>true</ПометкаУдаления><Фамилия>Иванов</Фамилия><Имя>Пётр</Имя></Контрагент>
  </Контрагенты>
</КоммерческаяИнформация>"""


def test_counterparties_with_bank_accounts_addresses_and_contacts() -> None:
    records = read(COUNTERPARTIES, name="contragents.xml")
    section = records[1]
    assert isinstance(section, SectionStart)
    assert (section.kind, section.only_changes) == ("counterparties", True)
    first, second = (record for record in records if isinstance(record, CounterpartyRecord))
    assert first.inn == "7701234567"
    assert (first.full_name, first.role, first.kpp, first.okpo) == (
        'ООО "Стройка"',
        "Покупатель",
        "770101001",
        "12345678",
    )
    assert first.bank_accounts == (
        BankAccountRecord("40702810000000000001", "Банк", "044525225", "30101810400000000225"),
    )
    assert first.addresses == (
        ("АдресРегистрации", "Москва, Тверская, 1"),
        ("Адрес", "Тула, Ленина"),
    )
    assert first.contacts == (("Почта", "a@stroyka.ru"),)
    assert (first.version, first.deleted) == ("AAAB", False)
    assert (second.name, second.deleted) == ("Иванов Пётр", True)
    assert second.position.path == "/КоммерческаяИнформация/Контрагенты/Контрагент[2]"


ORDER_UT103 = """<?xml version="1.0" encoding="windows-1251"?>
<КоммерческаяИнформация ВерсияСхемы="2.03" ДатаФормирования="2015-04-21">
  <Документ>
    <Ид>17</Ид>
    <Номер>17</Номер>
    <Дата>2015-04-20</Дата>
    <ХозОперация>Заказ товара</ХозОперация>
    <Роль>Продавец</Роль>
    <Валюта>руб</Валюта>
    <Сумма>1 500,00</Сумма>
    <Контрагенты><Контрагент><Ид>c1</Ид><Наименование>Стройка</Наименование><Роль>Покупатель</Роль></Контрагент></Контрагенты>
    <Товары>
      <Товар>
        <Ид>p1</Ид>
        <Наименование>Болт</Наименование>
        <БазоваяЕдиница Код="796">шт</БазоваяЕдиница>
        <ЦенаЗаЕдиницу>150</ЦенаЗаЕдиницу>
        <Количество>10</Количество>
        <Сумма>1500</Сумма>
        <СтавкиНалогов><СтавкаНалога><Наименование>НДС</Наименование><Ставка>20</Ставка></СтавкаНалога></СтавкиНалогов>
      </Товар>
    </Товары>
    <ЗначенияРеквизитов>
      <ЗначениеРеквизита>
        <Наименование>Номер по 1С</Наименование><Значение>ТД-000017</Значение>
      </ЗначениеРеквизита>
      <ЗначениеРеквизита>
        <Наименование>Дата по 1С</Наименование><Значение>2015-04-21T10:11:12</Значение>
      </ЗначениеРеквизита>
      <ЗначениеРеквизита>
        <Наименование>Проведен</Наименование><Значение>true</Значение>
      </ЗначениеРеквизита>
      <ЗначениеРеквизита>
        <Наименование>ПометкаУдаления</Наименование><Значение>false</Значение>
      </ЗначениеРеквизита>
      <ЗначениеРеквизита>
        <Наименование>Статус заказа</Наименование><Значение>[N] Принят</Значение>
      </ЗначениеРеквизита>
      <ЗначениеРеквизита>
        <Наименование>Статуса заказа ИД</Наименование><Значение>N</Значение>
      </ЗначениеРеквизита>
    </ЗначенияРеквизитов>
  </Документ>
</КоммерческаяИнформация>"""


def test_an_order_from_ut_103_in_windows_1251_with_its_requisites() -> None:
    records = read(ORDER_UT103.encode("cp1251"))
    assert records[1].kind == "documents"
    (document,) = (record for record in records if isinstance(record, DocumentRecord))
    assert (document.external_id, document.number, document.date) == ("17", "17", date(2015, 4, 20))
    assert (document.number_1c, document.date_1c) == ("ТД-000017", date(2015, 4, 21))
    assert document.amount == Decimal("1500.00")
    assert document.requisites["Проведен"] == "true"
    assert document.requisites["Статус заказа"] == "[N] Принят"
    assert document.requisites["Статуса заказа ИД"] == "N"
    assert document.deleted is False
    assert document.counterparties[0].name == "Стройка"
    (line,) = document.lines
    assert (line.product_id, line.unit, line.coefficient, line.quantity) == ("p1", "шт", 1, 10)
    assert (line.price, line.amount, line.vat_rate, line.vat_amount) == (150, 1500, "20", None)
    assert line.position.path == "/КоммерческаяИнформация/Документ[1]/Товары/Товар[1]"


ORDER_UT11 = """<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_3" ВерсияСхемы="3.1">
  <Контейнер>
    <Документ>
      <Ид>142</Ид>
      <НомерВерсии>AAAQ</НомерВерсии>
      <ПометкаУдаления>false</ПометкаУдаления>
      <Номер>142</Номер>
      <Номер1С>ТДЦУ-000001</Номер1С>
      <Дата>2015-06-29</Дата>
      <Дата1С>2015-06-30</Дата1С>
      <Время>15:39:10</Время>
      <Склады><Склад><Ид>w1</Ид><Наименование>Центральный</Наименование></Склад></Склады>
      <Товары>
        <Товар>
          <Ид>p1#c1</Ид>
          <Единица><Ид>715</Ид><НаименованиеКраткое>пар</НаименованиеКраткое><Код>715</Код></Единица>
          <Коэффициент>2</Коэффициент>
          <Количество>3</Количество>
          <Цена>3600</Цена>
          <Сумма>10800</Сумма>
          <Налоги><Налог><Наименование>НДС</Наименование><УчтеноВСумме>true</УчтеноВСумме><Сумма>1800</Сумма><Ставка>20</Ставка></Налог></Налоги>
        </Товар>
      </Товары>
      <ЗначенияРеквизитов>
        <ЗначениеРеквизита>
          <Наименование>Номер оплаты по 1С</Наименование><Значение>ПЛ-1</Значение>
        </ЗначениеРеквизита>
        <ЗначениеРеквизита>
          <Наименование>Отгружен</Наименование><Значение>true</Значение>
        </ЗначениеРеквизита>
      </ЗначенияРеквизитов>
    </Документ>
  </Контейнер>
  <Контейнер><Документ><Ид>143</Ид><ПометкаУдаления>true</ПометкаУдаления></Документ></Контейнер>
</КоммерческаяИнформация>"""


def test_ut_11_documents_in_containers() -> None:
    records = read(ORDER_UT11)
    assert [type(record).__name__ for record in records] == [
        "FileHeader",
        "SectionStart",
        "DocumentRecord",
        "DocumentRecord",
    ]
    first, second = records[2:]
    assert (first.number_1c, first.date_1c, first.time) == (
        "ТДЦУ-000001",
        date(2015, 6, 30),
        "15:39:10",
    )
    assert (first.version, first.warehouse_ids) == ("AAAQ", ("w1",))
    assert first.requisites == {"Номер оплаты по 1С": "ПЛ-1", "Отгружен": "true"}
    (line,) = first.lines
    assert (line.unit, line.coefficient, line.quantity, line.price) == ("пар", 2, 3, 3600)
    assert (line.vat_rate, line.vat_amount) == ("20", Decimal(1800))
    assert first.position.path == "/КоммерческаяИнформация/Контейнер[1]/Документ[1]"
    assert (second.external_id, second.deleted) == ("143", True)
    assert second.position.path == "/КоммерческаяИнформация/Контейнер[2]/Документ[1]"
