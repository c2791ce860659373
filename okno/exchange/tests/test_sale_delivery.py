"""The delivery charge in `mode=query`, asked through the endpoint as 1C asks: a service line
`ORDER_DELIVERY` in the order's document, in exactly one of its sub-orders, and none when
the order has no charge."""

from decimal import Decimal

import pytest
from lxml import etree

from okno.catalog.models import VatRate
from okno.exchange.tests.conftest import OneC
from okno.exchange.tests.sale_setup import documents, requisites, text
from okno.orders.models import OrderLine
from okno.orders.tests.store import build_store

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def store(settings):
    settings.OKNO_DELIVERY_PRICE = D("500")
    settings.OKNO_DELIVERY_FREE_FROM = D("0")
    return build_store()


def query(client) -> list:
    one_c = OneC(client, "sale")
    one_c.checkauth()
    response = one_c.get("query")
    return documents(etree.fromstring(b"".join(response.streaming_content)))


def goods(document) -> dict[str, etree._Element]:
    return {text(line, "Ид"): line for line in document.findall("Товары/Товар")}


def test_the_delivery_charge_goes_as_a_service_line(client, one_c_user, store):
    bolt = store.product(price="100.00", external_id="bolt")
    order = store.order((bolt, "3"))  # 3 × 90,00 = 270,00
    (document,) = query(client)
    delivery = goods(document)["ORDER_DELIVERY"]
    assert text(delivery, "Наименование") == "Доставка"
    assert {tag: text(delivery, tag) for tag in ("ЦенаЗаЕдиницу", "Количество", "Сумма")} == {
        "ЦенаЗаЕдиницу": "500.00",
        "Количество": "1",
        "Сумма": "500.00",
    }
    assert requisites(delivery) == {"ВидНоменклатуры": "Услуга", "ТипНоменклатуры": "Услуга"}
    assert text(delivery, "СтавкиНалогов/СтавкаНалога/Ставка") == "22"
    assert text(delivery, "Налоги/Налог/Сумма") == "90.16"
    assert text(delivery, "БазоваяЕдиница") == "шт"
    assert text(document, "Сумма") == "770.00"
    assert text(document, "Сумма") == f"{order.total:.2f}"
    assert text(document, "Налоги/Налог/Сумма") == f"{order.vat_amount:.2f}"


def test_of_sub_orders_one_carries_the_delivery(client, one_c_user, store):
    book = store.product(price="50.00", vat_rate=VatRate.VAT_10, external_id="book")
    bolt = store.product(price="100.00", external_id="bolt")
    nut = store.product(price="10.00", external_id="nut")
    order = store.order((book, "2"), (bolt, "1"), (nut, "5"))
    OrderLine.objects.filter(order=order, product=nut).update(warehouse=store.shop.moscow)

    parts = query(client)

    assert [requisites(part)["Часть заказа"] for part in parts] == ["1 из 3", "2 из 3", "3 из 3"]
    carrying = [part for part in parts if "ORDER_DELIVERY" in goods(part)]
    assert len(carrying) == 1
    # the first sub-order at the charge's rate (22 %), not the book's 10 %
    assert list(goods(carrying[0])) == ["bolt", "ORDER_DELIVERY"]
    assert sum(D(text(part, "Сумма")) for part in parts) == order.total


def test_an_order_without_a_charge_has_no_delivery_line(client, one_c_user, store):
    bolt = store.product(price="100.00", external_id="bolt")
    store.order((bolt, "3"), delivery="pickup", address_id=None)
    (document,) = query(client)
    assert list(goods(document)) == ["bolt"]
    assert text(document, "Сумма") == "270.00"
