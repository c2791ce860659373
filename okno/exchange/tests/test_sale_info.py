"""`mode=info`: our statuses, payment and delivery methods for 1C to map, in windows-1251."""

import pytest
from lxml import etree

from okno.exchange.sale import sale_info
from okno.exchange.sale.info import sale_info_content_type
from okno.exchange.tests.sale_setup import integration_make

pytestmark = pytest.mark.django_db


def items(root, tag: str) -> list[tuple[str, str]]:
    return [
        (item.findtext("Ид"), item.findtext("Название"))
        for item in root.find(tag).findall("Элемент")
    ]


def test_the_reference_lists_in_windows_1251():
    answer = sale_info(integration=integration_make())
    assert answer.startswith(b"<?xml version='1.0' encoding='windows-1251'?>")
    assert "Подтверждён".encode("cp1251") in answer
    root = etree.fromstring(answer)
    assert root.tag == "Справочник"
    # The statuses' element is spelled with a Latin «C», as Bitrix writes it and 1C reads it.
    assert [child.tag for child in root] == ["Cтатусы", "ПлатежныеСистемы", "СлужбыДоставки"]
    assert root[0].tag[0] == "C"
    assert root[0].tag[0].isascii()
    assert items(root, "Cтатусы") == [
        ("submitted", "Отправлен"),
        ("verified", "Проверен менеджером"),
        ("confirmed", "Подтверждён"),
        ("picking", "Собирается"),
        ("partly_shipped", "Отгружен частично"),
        ("shipped", "Отгружен"),
        ("delivered", "Доставлен"),
        ("cancelled", "Отменён"),
    ]
    assert items(root, "ПлатежныеСистемы") == [
        ("invoice", "По счёту, безналичный расчёт"),
        ("online", "Банковской картой онлайн"),
    ]
    assert items(root, "СлужбыДоставки") == [("delivery", "Доставка"), ("pickup", "Самовывоз")]
    assert sale_info_content_type() == "application/xml; charset=windows-1251"
