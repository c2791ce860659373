"""`mode=query`: the orders XML 1C reads, parsed back and checked value by value; the
windows-1251 answer; an order mixing VAT rates and warehouses as linked sub-orders."""

from decimal import Decimal

import pytest
from django.utils import timezone
from lxml import etree

from okno.catalog.models import VatRate
from okno.catalog.tests.factories import ProductUnitFactory
from okno.exchange.models import OrderPart, SaleExport
from okno.exchange.sale import sale_content_type, sale_query
from okno.exchange.tests.sale_setup import (
    documents,
    integration_make,
    query,
    requisites,
    session_open,
    text,
)
from okno.orders.models import OrderLine
from okno.orders.services.carts import CartItem, cart_active, cart_lines_add
from okno.orders.services.checkout import order_place
from okno.orders.tests.store import build_store

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def store():
    return build_store()


def test_an_order_comes_out_as_1c_reads_it(store):
    bolt = store.product(price="100.00", external_id="guid-bolt", article="BOLT-8")
    order = store.order((bolt, "3"), comment="Позвонить до приезда")
    entity = store.entity
    entity.external_id = "guid-buyer"
    entity.save(update_fields=["external_id"])
    store.contract.external_id = "guid-contract"
    store.contract.save(update_fields=["external_id"])
    root = query(integration_make())
    assert root.tag == "КоммерческаяИнформация"
    assert root.get("ВерсияСхемы") == "2.09"
    assert root.get("ДатаФормирования")[:4] == str(timezone.localdate().year)
    (document,) = documents(root)
    placed = timezone.localtime(order.submitted_at)
    header = {
        tag: text(document, tag)
        for tag in ("Ид", "Номер", "Дата", "Время", "ХозОперация", "Роль", "Валюта", "Курс")
    }
    assert header == {
        "Ид": str(order.pk),
        "Номер": order.number,
        "Дата": f"{placed:%Y-%m-%d}",
        "Время": f"{placed:%H:%M:%S}",
        "ХозОперация": "Заказ товара",
        "Роль": "Продавец",
        "Валюта": "RUB",
        "Курс": "1",
    }
    # 100.00 less the contract's 10 %: 90.00 × 3, VAT included.
    assert text(document, "Сумма") == "270.00"
    assert text(document, "Комментарий") == "Позвонить до приезда"
    buyer = document.find("Контрагенты/Контрагент")
    assert [(kid.tag, kid.text) for kid in buyer][:6] == [
        ("Ид", "guid-buyer"),
        ("Наименование", entity.name),
        ("ПолноеНаименование", entity.full_name),
        ("Роль", "Покупатель"),
        ("ИНН", entity.inn),
        ("КПП", "770101001"),
    ]
    assert text(buyer, "АдресРегистрации/Представление") == entity.legal_address
    assert text(buyer, "Адрес/Представление") == order.address_text
    fields = {
        text(field, "Тип"): text(field, "Значение") for field in buyer.findall("Адрес/АдресноеПоле")
    }
    assert fields == {
        "Почтовый индекс": "141009",
        "Город": "Мытищи",
        "Улица": store.address.address,
    }
    assert text(buyer, "Контакты/Контакт/Тип") == "Электронная почта"
    assert [text(document, f"Налоги/Налог/{tag}") for tag in ("Наименование", "УчтеноВСумме")] == [
        "НДС",
        "true",
    ]
    assert text(document, "Налоги/Налог/Сумма") == "48.69"
    assert text(document, "Склады/Склад/Ид") == f"okno-{store.shop.kazan.pk}"
    assert text(document, "Склады/Склад/Наименование") == "Склад Казань"
    (line,) = document.findall("Товары/Товар")
    unit = line.find("БазоваяЕдиница")
    assert (unit.text, unit.get("Код"), unit.get("НаименованиеПолное")) == ("шт", "796", "Штука")
    assert {tag: text(line, tag) for tag in ("Ид", "Артикул", "ЦенаЗаЕдиницу", "Количество")} == {
        "Ид": "guid-bolt",
        "Артикул": "BOLT-8",
        "ЦенаЗаЕдиницу": "90.00",
        "Количество": "3",
    }
    assert text(line, "Сумма") == "270.00"
    assert text(line, "СтавкиНалогов/СтавкаНалога/Ставка") == "22"
    assert [text(line, f"Налоги/Налог/{tag}") for tag in ("Сумма", "Ставка")] == ["48.69", "22"]
    assert requisites(line) == {"ВидНоменклатуры": "Товар", "ТипНоменклатуры": "Товар"}
    assert line.find("Единица") is None
    said = requisites(document)
    assert {name: said[name] for name in ("Статус заказа", "Статуса заказа ИД", "Отменен")} == {
        "Статус заказа": "[submitted] Отправлен",
        "Статуса заказа ИД": "submitted",
        "Отменен": "false",
    }
    assert said["Способ доставки"] == "Доставка"
    assert said["Метод оплаты ИД"] == "invoice"
    assert said["Договор"] == f"№ {store.contract.number} от 15.01.2026"
    assert said["Договор ИД"] == "guid-contract"
    assert said["Сайт"] == "[okno] Окно"


def test_a_line_in_a_packaging_unit_carries_its_unit_and_coefficient(store):
    box = store.product(price="10.00", kazan="100")
    ProductUnitFactory(product=box, unit__short_name="кор", coefficient=D("12"))
    actor = store.actor()
    cart = cart_active(actor=actor)
    cart_lines_add(actor=actor, cart=cart, items=[CartItem(box.pk, "2", "кор")])
    order_place(actor=actor, checkout=store.checkout(cart))
    (document,) = documents(query(integration_make()))
    line = document.find("Товары/Товар")
    assert [text(line, f"Единица/{tag}") for tag in ("НаименованиеКраткое", "Ид")] == [
        "кор",
        "кор",
    ]
    assert text(line, "Коэффициент") == "12"
    assert text(line, "Количество") == "2"
    assert text(line, "ЦенаЗаЕдиницу") == "108.00"


def test_windows_1251_answer_with_its_declaration(store):
    bolt = store.product(name="Болт оцинкованный")
    store.order((bolt, "1"), comment="Срочно 🚚")
    integration = integration_make(encoding="windows-1251")
    answer = sale_query(session=session_open(integration)).read()
    assert answer.startswith(b"<?xml version='1.0' encoding='windows-1251'?>")
    assert "Болт оцинкованный".encode("cp1251") in answer
    assert "Болт".encode() not in answer
    root = etree.fromstring(answer)
    assert text(root, "Документ/Товары/Товар/Наименование") == "Болт оцинкованный"
    # A character windows-1251 lacks is written as a character reference, not lost.
    assert text(root, "Документ/Комментарий") == "Срочно 🚚"
    assert sale_content_type(integration=integration) == "application/xml; charset=windows-1251"


def test_nothing_to_send_is_the_root_alone(store):
    integration = integration_make(sale_version="2.05")
    root = query(integration)
    assert root.get("ВерсияСхемы") == "2.05"
    assert documents(root) == []


def test_an_order_of_two_rates_and_two_warehouses_goes_as_linked_sub_orders(store):
    bolt = store.product(price="100.00", external_id="bolt")
    book = store.product(price="50.00", vat_rate=VatRate.VAT_10, external_id="book")
    nut = store.product(price="10.00", external_id="nut")
    order = store.order((bolt, "1"), (book, "2"), (nut, "5"))
    OrderLine.objects.filter(order=order, product=nut).update(warehouse=store.shop.moscow)
    parts = documents(query(integration_make()))
    assert [text(part, "Ид") for part in parts] == [
        f"{order.pk}-1",
        f"{order.pk}-2",
        f"{order.pk}-3",
    ]
    assert [text(part, "Номер") for part in parts] == [f"{order.number}/{n}" for n in (1, 2, 3)]
    assert [[text(line, "Ид") for line in part.findall("Товары/Товар")] for part in parts] == [
        ["book"],
        ["bolt"],
        ["nut"],
    ]
    assert [text(part, "Сумма") for part in parts] == ["90.00", "90.00", "45.00"]
    assert [text(part, "Склады/Склад/Наименование") for part in parts] == [
        "Склад Казань",
        "Склад Казань",
        "Склад Москва",
    ]
    said = [requisites(part) for part in parts]
    assert {(row["Заказ на сайте"], row["Часть заказа"]) for row in said} == {
        (order.number, "1 из 3"),
        (order.number, "2 из 3"),
        (order.number, "3 из 3"),
    }
    assert list(OrderPart.objects.filter(order=order).values_list("number", "vat_rate")) == [
        (1, "10"),
        (2, "22"),
        (3, "22"),
    ]
    assert SaleExport.objects.get().documents_count == 3
