"""A buyer finds goods, adds them from the table by keyboard, fixes a line in the cart,
checks out and sees the order; the client's manager finds it in the queue and verifies it."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from okno.accounts.tests.factories import PASSWORD
from okno.orders.models import Order, OrderStatus
from okno.orders.tests.store import build_store

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def store():
    store = build_store()
    store.product(article="ZUBR-M12", name="Болт М12 оцинкованный", price="10.00", kazan="500")
    store.product(
        article="ZUBR-M10", name="Болт М10", price="8.00", kazan="500", multiplicity=Decimal(10)
    )
    return store


def test_buyer_orders_by_keyboard_and_the_manager_verifies(
    page, live_server, login, screenshot, store
):
    login(store.buyer.email, PASSWORD)
    page.goto(f"{live_server.url}/catalog/?q=болт")
    rows = page.locator("tr[data-product]")
    expect(rows).to_have_count(2)
    m10 = page.locator("tr[data-product]", has_text="ZUBR-M10").locator("input.catalog-qty")
    m10.fill("15")
    m10.press("Enter")
    expect(page.locator("tr[data-product]", has_text="ZUBR-M10")).to_contain_text("В корзине")
    m12_row = page.locator("tr[data-product]", has_text="ZUBR-M12")
    m12_row.locator("input.catalog-qty").fill("100")
    m12_row.locator("button.catalog-add").click()
    expect(page.locator("[data-cart-count]")).to_have_text("2")
    screenshot("1-catalog-added")

    page.locator(".header-cart").click()
    expect(page.locator(".cart-table tbody tr")).to_have_count(2)
    expect(page.locator("#cart-totals button[disabled]")).to_be_visible()
    screenshot("2-cart-to-fix")
    page.get_by_role("button", name="Округлить до 20 шт").click()
    expect(page.locator("#cart-totals a", has_text="Оформить заказ")).to_be_visible()
    # 100 × 9,00 + 20 × 7,20 = 1 044,00 ₽ (the contract's 10 % off).
    expect(page.locator("[data-cart-total]")).to_have_text("1\u00a0044,00\u00a0₽")
    quantity = page.locator("tr", has_text="ZUBR-M12").locator("input.cart-qty")
    quantity.fill("50")
    quantity.press("Tab")
    expect(page.locator("[data-cart-total]")).to_have_text("594,00\u00a0₽")
    screenshot("3-cart")

    page.locator("#cart-totals a", has_text="Оформить заказ").click()
    page.fill("textarea[name=comment]", "Разгрузка с торца")
    screenshot("4-checkout")
    page.get_by_role("button", name="Отправить заказ").click()
    expect(page.locator("h1")).to_contain_text("Заказ ОК-")
    expect(page.locator(".order-lines tbody tr")).to_have_count(2)
    screenshot("5-order")
    order = Order.objects.get()
    assert order.total == Decimal("594.00")

    page.context.clear_cookies()
    login(store.manager.email, PASSWORD)
    page.goto(f"{live_server.url}/staff/orders/")
    page.get_by_role("link", name=order.number).click()
    page.get_by_role("button", name="Проверен").click()
    expect(page.locator(".order-status")).to_have_text("Проверен менеджером")
    screenshot("6-verified")
    order.refresh_from_db()
    assert order.status == OrderStatus.VERIFIED
