"""A buyer browses the catalog: their price beside the base one, a brand filter and a sort
that swap the table without reloading the page, a search, the keyboard between quantity
inputs, the unit selector, and the table on a phone's width."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from okno.accounts.tests.factories import PASSWORD
from okno.catalog.tests.factories import BrandFactory, ProductUnitFactory, UnitFactory
from okno.catalog.tests.shop import build_shop

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def catalog_shop():
    shop = build_shop()
    makita, bosch = BrandFactory(name="Makita"), BrandFactory(name="Bosch")
    drill = shop.product(
        article="MK-DR-500", name="Дрель ударная", brand=makita, price="5000", base="6000"
    )
    ProductUnitFactory(product=drill, unit=UnitFactory(short_name="кор"), coefficient=Decimal(4))
    shop.product(article="MK-SC-100", name="Шуруповёрт", brand=makita, price="3000")
    shop.product(article="BS-GR-125", name="Болгарка", brand=bosch, price="4000")
    return shop, makita


def test_buyer_filters_sorts_searches_and_moves_by_keyboard(
    page, live_server, login, screenshot, catalog_shop
):
    shop, makita = catalog_shop
    login(shop.buyer.email, PASSWORD)
    page.goto(f"{live_server.url}/catalog/")
    rows = page.locator("tr[data-product]")
    expect(rows).to_have_count(3)
    drill = rows.filter(has_text="MK-DR-500")
    expect(drill.locator(".catalog-price")).to_have_text("4\u00a0500,00\u00a0₽")
    expect(drill.locator(".catalog-base")).to_have_text("6\u00a0000,00\u00a0₽")
    screenshot("1-catalog")

    page.select_option("#catalog-brand", label="Makita")
    expect(rows).to_have_count(2)
    expect(page).to_have_url(f"{live_server.url}/catalog/?brand={makita.pk}")
    page.locator("a.catalog-sort", has_text="Цена").click()
    expect(rows.first).to_contain_text("MK-SC-100")
    expect(page.locator("#catalog-facets input[name=sort]")).to_have_value("price")

    page.fill("#catalog-q", "дрели")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Дрель ударная")
    page.fill("#catalog-q", "")
    expect(rows).to_have_count(2)

    page.evaluate("document.addEventListener('catalog:line', e => window.line = e.detail)")
    first_quantity = page.locator("input.catalog-qty").first
    first_quantity.fill("3")
    first_quantity.press("Enter")
    assert page.evaluate("window.line.quantity") == "3"
    expect(page.locator("input.catalog-qty").nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(first_quantity).to_be_focused()

    unit = page.locator("tr[data-product]", has_text="MK-DR-500").locator("select.catalog-unit")
    unit.select_option(label="кор (4)")
    expect(
        page.locator("tr[data-product]", has_text="MK-DR-500").locator(".catalog-price")
    ).to_have_text("18\u00a0000,00\u00a0₽")
    screenshot("2-filtered")

    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("3-phone")
