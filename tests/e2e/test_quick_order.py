"""A buyer pastes an order: sees each line's status, picks a product for an ambiguous
article and accepts a rounding by keyboard, recalculates without reloading the page, adds
the good lines and finds the unknown one waiting to be fixed."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from okno.accounts.tests.factories import PASSWORD
from okno.orders.models import CartLine
from okno.orders.tests.store import build_store

pytestmark = pytest.mark.django_db(transaction=True)


def test_buyer_pastes_fixes_and_adds_lines(page, live_server, login, screenshot):
    store = build_store()
    store.product(article="БТ-100", name="Болт М8", price="10.00")
    store.product(article="AB-1", name="Анкер 60")
    long_anchor = store.product(article="ab 1", name="Анкер 80")
    box = store.product(article="КОР-6", name="Саморез", multiplicity=Decimal("6"))
    login(store.buyer.email, PASSWORD)
    page.goto(f"{live_server.url}/cart/quick/")

    page.fill("#quick-text", "БТ-100;3\nAB1;2\nКОР-6;7\nНЕТ-ТАКОГО;1")
    page.press("#quick-text", "Control+Enter")
    rows = page.locator("#quick-preview tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.nth(0)).to_contain_text("Найден")
    expect(rows.nth(1)).to_contain_text("Несколько товаров")
    expect(rows.nth(2)).to_contain_text("Нужно округлить")
    expect(rows.nth(3)).to_contain_text("Не найден")
    screenshot("1-preview")

    page.evaluate("window.samePage = true")
    rows.nth(1).locator("select[name=product]").select_option(label="ab 1 · Анкер 80 (артикул)")
    rows.nth(2).locator("input[name=round]").check()
    rows.nth(0).locator("input[name=quantity]").press("Enter")
    expect(page.locator("button[value=apply]")).to_have_text("Добавить в корзину строк: 3")
    assert page.evaluate("window.samePage") is True
    screenshot("2-recalculated")

    page.locator("button[value=apply]").click()
    expect(page.locator("#messages")).to_contain_text("Добавлено в корзину строк: 3.")
    expect(page.locator("#quick-text")).to_have_value("НЕТ-ТАКОГО;1")
    quantities = dict(CartLine.objects.values_list("product_id", "quantity"))
    assert quantities[long_anchor.pk] == Decimal("2")
    assert quantities[box.pk] == Decimal("12")
    screenshot("3-added")
