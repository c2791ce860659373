"""The catalog page and the product page, over HTTP: the buyer's own prices beside the base
price, stock at their warehouse and in total, groups, filters, search, sorting, pages, the
HTMX partial, archived products, query counts and malformed input."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from okno.accounts.tests.factories import StaffFactory
from okno.catalog.models import (
    ProductProperty,
    Property,
    StockInTransit,
    StockMovement,
)
from okno.catalog.search import query as search_query
from okno.catalog.selectors import page as catalog_page_selector
from okno.catalog.services.products import products_reindex
from okno.catalog.tests.factories import (
    BarcodeFactory,
    BrandFactory,
    DiscountRuleFactory,
    ProductFactory,
    ProductGroupFactory,
    ProductUnitFactory,
    UnitFactory,
)
from okno.catalog.tests.shop import build_shop, rub
from okno.core.roles import StaffRole
from okno.core.testing.queries import assert_queries_flat

pytestmark = pytest.mark.django_db

D = Decimal
CATALOG = "/catalog/"
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "catalog-results"}


@pytest.fixture
def shop():
    return build_shop()


@pytest.fixture
def buyer_client(client, shop):
    client.force_login(shop.buyer)
    return client


def rows(response) -> dict[int, str]:
    """The table's rows by product id, each as its HTML."""
    found = re.findall(r'<tr data-product="(\d+)">(.*?)</tr>', response.text, re.S)
    return {int(product_id): html for product_id, html in found}


def shown_ids(response) -> list[int]:
    return list(rows(response))


def cell(row_html: str, label: str) -> str:
    """The text of the cell labelled `label` in a row, tags stripped."""
    match = re.search(rf'<td data-label="{label}"[^>]*>(.*?)</td>', row_html, re.S)
    assert match, f"no cell {label!r}"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


# --- prices and stock -------------------------------------------------------------------------


def test_buyer_sees_their_price_with_the_base_price_struck_beside_it(buyer_client, shop):
    item = shop.product(price="1000.00", base="1200.00")
    response = buyer_client.get(CATALOG)
    assert response.status_code == 200
    row = rows(response)[item.pk]
    # the wholesale price less the contract's 10 %
    assert f'<span class="catalog-price fw-semibold">{rub("900,00")}</span>' in row
    assert f'<s class="catalog-base d-block small text-body-secondary">{rub("1 200,00")}</s>' in row


def test_a_discount_rule_of_the_client_lowers_the_page_price_further(buyer_client, shop):
    brand = BrandFactory(name="Кнауф")
    ruled = shop.product(price="1000.00", brand=brand)
    other = shop.product(price="1000.00")
    DiscountRuleFactory(client=shop.client, brand=brand, percent=D("5"))
    listed = rows(buyer_client.get(CATALOG))
    assert rub("855,00") in cell(listed[ruled.pk], "Цена")
    assert rub("900,00") in cell(listed[other.pk], "Цена")


def test_packaging_units_offer_their_own_price(buyer_client, shop):
    item = shop.product(price="100.00")
    ProductUnitFactory(product=item, unit=UnitFactory(short_name="кор"), coefficient=D("12"))
    row = rows(buyer_client.get(CATALOG))[item.pk]
    assert 'class="form-select form-select-sm catalog-unit"' in row
    assert f'data-price="{rub("1 080,00")}"' in row  # 12 × 90,00


def test_a_product_without_a_price_in_their_price_type_says_so(buyer_client, shop):
    item = shop.product(price=None)
    assert "нет цены" in cell(rows(buyer_client.get(CATALOG))[item.pk], "Цена")


def test_stock_is_shown_at_their_warehouse_and_in_total(buyer_client, shop):
    item = shop.product(kazan="7", moscow="30")
    assert cell(rows(buyer_client.get(CATALOG))[item.pk], "Остаток") == "7 / 37"


def test_without_a_warehouse_in_the_contract_the_default_one_is_theirs(client, shop):
    shop.client.contracts.update(warehouse=None)
    item = shop.product(kazan="7", moscow="30")
    client.force_login(shop.buyer)
    response = client.get(CATALOG)
    assert cell(rows(response)[item.pk], "Остаток") == "30 / 37"
    assert "Ваш склад: Склад Москва" in response.text


def test_in_stock_here_keeps_products_free_at_their_warehouse(buyer_client, shop):
    here = shop.product(kazan="3", moscow="0")
    elsewhere = shop.product(kazan="0", moscow="50")
    shop.product(kazan=None, moscow=None)
    assert shown_ids(buyer_client.get(CATALOG, {"stock": "1"})) == [here.pk]
    assert elsewhere.pk in shown_ids(buyer_client.get(CATALOG))


# --- archived products and who may browse -----------------------------------------------------


def test_archived_products_are_hidden_from_clients_and_404_on_their_page(buyer_client, shop):
    archived = shop.product(is_active=False, name="Снятый с продажи")
    active = shop.product()
    assert shown_ids(buyer_client.get(CATALOG)) == [active.pk]
    page = reverse("catalog:product", kwargs={"pk": archived.pk})
    assert buyer_client.get(page).status_code == 404


def test_staff_browse_every_product_at_the_base_price(client, shop):
    archived = shop.product(is_active=False, price="1000.00", base="1200.00")
    client.force_login(StaffFactory())
    response = client.get(CATALOG)
    row = rows(response)[archived.pk]
    assert rub("1 200,00") in cell(row, "Цена")
    assert "в архиве" in row
    assert "Ваша цена; базовая" not in response.text
    assert client.get(reverse("catalog:product", kwargs={"pk": archived.pk})).status_code == 200


def test_claims_operators_and_visitors_do_not_browse_the_catalog(client, shop):
    assert client.get(CATALOG).status_code == 302
    client.force_login(StaffFactory(staff_role=StaffRole.OPERATOR, manager_code=None))
    assert client.get(CATALOG).status_code == 403


def test_the_menu_leads_clients_and_managers_to_the_catalog(client, shop):
    menu_link = f'href="{CATALOG}">Каталог</a>'
    for user in (shop.buyer, StaffFactory()):
        client.force_login(user)
        assert (
            menu_link
            in client.get(
                reverse("clients:my_data" if user == shop.buyer else "clients:staff_home")
            ).text
        )


# --- groups, filters, search ------------------------------------------------------------------


def test_a_group_shows_its_subgroups_products_and_the_path_to_it(buyer_client, shop):
    tools = ProductGroupFactory(name="Инструмент")
    drills = ProductGroupFactory(name="Дрели", parent=tools)
    ProductGroupFactory(name="Крепёж")
    in_drills = shop.product(group=drills)
    in_tools = shop.product(group=tools)
    shop.product()
    response = buyer_client.get(CATALOG, {"group": tools.pk})
    assert sorted(shown_ids(response)) == sorted([in_drills.pk, in_tools.pk])
    assert 'aria-current="page">Инструмент</a>' in response.text
    assert ">Дрели</a>" in response.text  # the open group's children are listed
    deeper = buyer_client.get(CATALOG, {"group": drills.pk})
    assert shown_ids(deeper) == [in_drills.pk]
    assert '<li class="breadcrumb-item active" aria-current="page">Дрели</li>' in deeper.text


def test_brand_and_property_filters_narrow_the_list_and_offer_what_is_left(buyer_client, shop):
    group = ProductGroupFactory(name="Краски")
    color = Property.objects.create(name="Цвет")
    tikkurila, dulux = BrandFactory(name="Tikkurila"), BrandFactory(name="Dulux")
    white = shop.product(group=group, brand=tikkurila)
    red = shop.product(group=group, brand=tikkurila)
    dulux_white = shop.product(group=group, brand=dulux)
    for item, value in ((white, "Белый"), (red, "Красный"), (dulux_white, "Белый")):
        ProductProperty.objects.create(product=item, property=color, value=value)
    by_brand = buyer_client.get(CATALOG, {"group": group.pk, "brand": tikkurila.pk})
    assert sorted(shown_ids(by_brand)) == sorted([white.pk, red.pk])
    assert f'<option value="{dulux.pk}">Dulux</option>' in by_brand.text  # another brand to pick
    both = buyer_client.get(
        CATALOG, {"group": group.pk, "brand": tikkurila.pk, f"prop_{color.pk}": "Белый"}
    )
    assert shown_ids(both) == [white.pk]
    assert "<option selected>Белый</option>" in both.text


def test_search_through_the_page_finds_by_article_and_by_name(buyer_client, shop):
    drill = shop.product(article="DR-500", name="Дрель ударная")
    shop.product(article="SC-100", name="Шуруповёрт")
    BarcodeFactory(product=drill, code="4601234567890")
    assert shown_ids(buyer_client.get(CATALOG, {"q": "DR-500"})) == [drill.pk]
    assert shown_ids(buyer_client.get(CATALOG, {"q": "дрели"})) == [drill.pk]
    empty = buyer_client.get(CATALOG, {"q": "нет-такого"})
    assert "Ничего не нашли" in empty.text


def test_the_page_searches_once_for_its_count_rows_and_filters(buyer_client, shop):
    tools = ProductGroupFactory(name="Инструмент")
    brand = BrandFactory(name="Makita")
    drills = [shop.product(name=f"Дрель {n}", group=tools, brand=brand) for n in range(3)]
    shop.product(name="Шуруповёрт", group=tools, brand=BrandFactory(name="Bosch"))

    with CaptureQueriesContext(connection) as captured:
        response = buyer_client.get(CATALOG, {"q": "дрели", "group": tools.pk})

    # The words are looked up with FTS5's MATCH on SQLite, LIKE '%…%' on PostgreSQL.
    searching = [q["sql"] for q in captured if " MATCH " in q["sql"] or "LIKE '%" in q["sql"]]
    assert len(searching) == 1, searching
    assert sorted(shown_ids(response)) == sorted(item.pk for item in drills)
    assert "Найдено товаров: 3" in response.text
    assert ">Makita</option>" in response.text
    assert ">Bosch</option>" not in response.text


def test_a_searchs_count_and_filters_are_of_what_it_found(buyer_client, shop):
    color = Property.objects.create(name="Цвет")
    makita, bosch = BrandFactory(name="Makita"), BrandFactory(name="Bosch")
    green = shop.product(name="Дрель зелёная", brand=makita)
    blue = shop.product(name="Дрель синяя", brand=bosch)
    other = shop.product(name="Шуруповёрт", brand=BrandFactory(name="Hitachi"))
    for item, value in ((green, "Зелёный"), (blue, "Синий"), (other, "Серый")):
        ProductProperty.objects.create(product=item, property=color, value=value)

    with CaptureQueriesContext(connection) as captured:
        response = buyer_client.get(CATALOG, {"q": "дрели", "brand": makita.pk})

    assert shown_ids(response) == [green.pk]
    assert "Найден 1 товар" in response.text
    assert f'<option value="{makita.pk}" selected>Makita</option>' in response.text
    assert f'<option value="{bosch.pk}">Bosch</option>' in response.text  # found, to pick
    assert ">Hitachi</option>" not in response.text
    assert "<option>Зелёный</option>" in response.text
    assert "Синий" not in response.text
    assert "Серый" not in response.text
    # Counted from the one read of what was found.
    assert not [q["sql"] for q in captured if "COUNT(" in q["sql"]]


def test_a_search_matching_very_many_products_is_run_in_each_query(buyer_client, shop, monkeypatch):
    monkeypatch.setattr(search_query, "MAX_RUN_IDS", 1)
    drills = [shop.product(name=f"Дрель {n}") for n in range(3)]
    shop.product(name="Шуруповёрт")

    response = buyer_client.get(CATALOG, {"q": "дрели"})

    assert sorted(shown_ids(response)) == sorted(item.pk for item in drills)
    assert "Найдено товаров: 3" in response.text


# --- sorting and pages ------------------------------------------------------------------------


def test_sorting_by_price_follows_their_price_list_both_ways(buyer_client, shop):
    cheap = shop.product(price="10.00", base="500.00", name="Б")
    dear = shop.product(price="90.00", base="100.00", name="В")
    middle = shop.product(price="50.00", base="50.00", name="А")
    unpriced = shop.product(price=None, name="Г")
    ascending = shown_ids(buyer_client.get(CATALOG, {"sort": "price"}))
    assert ascending == [cheap.pk, middle.pk, dear.pk, unpriced.pk]
    descending = shown_ids(buyer_client.get(CATALOG, {"sort": "-price"}))
    assert descending == [dear.pk, middle.pk, cheap.pk, unpriced.pk]


def test_sorting_by_article_stock_and_name(buyer_client, shop):
    b = shop.product(article="B-1", name="Альфа", kazan="5")
    a = shop.product(article="A-1", name="Гамма", kazan="1")
    c = shop.product(article="C-1", name="Бета", kazan="9")
    assert shown_ids(buyer_client.get(CATALOG)) == [b.pk, c.pk, a.pk]  # by name
    assert shown_ids(buyer_client.get(CATALOG, {"sort": "-article"})) == [c.pk, b.pk, a.pk]
    by_stock = buyer_client.get(CATALOG, {"sort": "stock"})
    assert shown_ids(by_stock) == [a.pk, b.pk, c.pk]
    assert 'aria-sort="ascending"' in by_stock.text
    assert "?sort=-stock" in by_stock.text  # the header sorts the other way next


def test_pages_keep_the_filters_and_the_sort(buyer_client, shop):
    brand = BrandFactory(name="Makita")
    for number in range(55):
        shop.product(brand=brand, name=f"Товар {number:03d}")
    shop.product(name="Другой бренд")
    first = buyer_client.get(CATALOG, {"brand": brand.pk, "sort": "name"})
    assert len(shown_ids(first)) == 50
    assert "Страница 1 из 2" in first.text
    next_link = f"?brand={brand.pk}&amp;sort=name&amp;page=2"
    assert next_link in first.text
    second = buyer_client.get(CATALOG, {"brand": brand.pk, "sort": "name", "page": "2"})
    assert len(shown_ids(second)) == 5
    assert not set(shown_ids(first)) & set(shown_ids(second))


def test_past_the_count_cap_the_page_says_more_than_and_still_pages_on(buyer_client, monkeypatch):
    monkeypatch.setattr(catalog_page_selector, "COUNT_CAP", 20)
    ProductFactory.create_batch(101, base_unit=UnitFactory())

    first = buyer_client.get(CATALOG)
    assert "Найдено товаров: более 50" in first.text
    assert '<span class="page-link">Страница 1</span>' in first.text
    assert "?page=2" in first.text
    # Each page is counted as far as it reaches: the last one knows it is the last.
    second = buyer_client.get(CATALOG, {"page": "2"})
    assert "Найдено товаров: более 100" in second.text
    last = buyer_client.get(CATALOG, {"page": "3"})
    assert "Найдено товаров: 101" in last.text
    assert "Страница 3 из 3" in last.text
    assert len(shown_ids(last)) == 1
    assert "?page=4" not in last.text


def test_htmx_gets_the_results_alone_with_the_filters_out_of_band(buyer_client, shop):
    item = shop.product()
    response = buyer_client.get(CATALOG, {"sort": "price"}, **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert shown_ids(response) == [item.pk]
    assert '<div id="catalog-facets" hx-swap-oob="true">' in response.text
    assert '<input type="hidden" name="sort" value="price">' in response.text
    assert "HX-Request" in response["Vary"]
    whole = buyer_client.get(CATALOG, {"sort": "price"})
    assert "<html" in whole.text
    assert 'hx-target="#catalog-results"' in whole.text


# --- query counts -----------------------------------------------------------------------------


def test_the_page_takes_as_many_queries_for_50_rows_as_for_10(
    client, shop, django_assert_max_num_queries
):
    group = ProductGroupFactory(name="Всё")
    size = Property.objects.create(name="Размер")

    def add(count):
        for _ in range(count):
            item = shop.product(group=group, brand=BrandFactory(), base_unit=UnitFactory())
            unit = UnitFactory(short_name=f"уп{item.pk}")
            ProductUnitFactory(product=item, unit=unit, coefficient=D("6"))
            ProductProperty.objects.create(product=item, property=size, value=f"{item.pk}")
            DiscountRuleFactory(client=shop.client, product=item, percent=D("3"))

    add(10)
    client.force_login(shop.buyer)
    response = assert_queries_flat(
        lambda: client.get(CATALOG, {"group": group.pk, "sort": "price", "stock": "1"}),
        grow=lambda: add(40),
        ceiling=25,
        assert_max_num_queries=django_assert_max_num_queries,
    )
    assert len(shown_ids(response)) == 50


# --- malformed input --------------------------------------------------------------------------


# Malformed ids, pages and sorts count as left out, so the product is still listed; a NUL
# is dropped from the search; a property filter on an unknown property finds nothing.
@pytest.mark.parametrize(
    ("params", "listed"),
    [
        ({"group": "abc"}, True),
        ({"group": "99999999999999999999999999"}, True),
        ({"group": "²"}, True),
        ({"brand": "-5"}, True),
        ({"page": "-1"}, True),
        ({"page": "abc"}, True),
        ({"page": "99999999999999999999"}, True),
        ({"sort": "password"}, True),
        ({"sort": "-"}, True),
        ({"stock": "maybe"}, True),
        ({"prop_abc": "1"}, True),
        ({"prop_99999999999999999999999": "1"}, True),
        ({"prop_1": "\x00"}, True),
        ({"q": "KT\x00"}, True),
        ({"q": "x" * 5000}, False),
        ({"prop_424242": "Белый"}, False),
    ],
)
def test_malformed_parameters_never_break_the_page(buyer_client, shop, params, listed):
    item = shop.product()
    response = buyer_client.get(CATALOG, params)
    assert response.status_code == 200
    assert (item.pk in shown_ids(response)) is listed


def test_an_unknown_group_shows_nothing_rather_than_everything(buyer_client, shop):
    shop.product()
    response = buyer_client.get(CATALOG, {"group": "987654"})
    assert response.status_code == 200
    assert shown_ids(response) == []


def test_a_product_id_beyond_any_stored_one_is_404(buyer_client, shop):
    assert buyer_client.get("/catalog/products/99999999999999999999999/").status_code == 404


# --- the product page -------------------------------------------------------------------------


def test_the_product_page_shows_prices_breaks_units_properties_and_barcodes(buyer_client, shop):
    item = shop.product(price="1000.00", base="1200.00", name="Дрель ударная")
    ProductUnitFactory(product=item, unit=UnitFactory(short_name="кор"), coefficient=D("4"))
    BarcodeFactory(product=item, code="4601234567890")
    power = Property.objects.create(name="Мощность")
    ProductProperty.objects.create(product=item, property=power, value="800 Вт")
    DiscountRuleFactory(client=shop.client, product=item, min_quantity=D("10"), percent=D("5"))
    response = buyer_client.get(reverse("catalog:product", kwargs={"pk": item.pk}))
    text = response.text
    assert response.status_code == 200
    assert rub("900,00") in text
    assert rub("1 200,00") in text
    assert rub("3 600,00") in text  # a box of four
    assert f'<td>10 шт</td><td class="money">{rub("855,00")}</td>' in text
    assert "Мощность" in text
    assert "800 Вт" in text
    assert "4601234567890" in text


def test_the_product_page_shows_free_stock_and_transit_but_reserves_only_to_staff(client, shop):
    item = shop.product(kazan="7", moscow="30")
    item.stock.filter(warehouse=shop.moscow).update(reserved=D("12"))
    StockInTransit.objects.create(
        product=item, warehouse=shop.kazan, quantity=D("40"), expected_date="2026-12-01"
    )
    StockMovement.objects.create(
        product=item,
        warehouse=shop.moscow,
        reason="receipt",
        free_change=D("30"),
        reference="ПТ-17",
    )
    url = reverse("catalog:product", kwargs={"pk": item.pk})
    client.force_login(shop.buyer)
    text = client.get(url).text
    assert "ваш склад" in text
    assert "01.12.2026" in text
    assert "В резерве" not in text
    assert "ПТ-17" not in text
    client.force_login(StaffFactory())
    staff_text = client.get(url).text
    assert "В резерве" in staff_text
    assert "ПТ-17" in staff_text


@override_settings(OKNO_CATALOG_FACETS_SECONDS=300)
def test_a_groups_count_and_tree_are_reused_until_the_catalog_changes(buyer_client, shop):
    group = ProductGroupFactory(name="Краски")
    shop.product(group=group)

    def counted_and_tree_queries() -> tuple[str, list[str]]:
        with CaptureQueriesContext(connection) as captured:
            response = buyer_client.get(CATALOG, {"group": group.pk})
        kept = [
            q["sql"]
            for q in captured
            if "COUNT(" in q["sql"] or q["sql"].startswith('SELECT "catalog_productgroup"')
        ]
        return response.text, kept

    text, first = counted_and_tree_queries()
    assert "Найден 1 товар" in text
    assert len(first) == 3  # the group, the tree around it, the count
    text, again = counted_and_tree_queries()
    assert again == []
    assert "Найден 1 товар" in text
    # Written past the catalog's services: the count kept is shown.
    shop.product(group=group)
    assert "Найден 1 товар" in counted_and_tree_queries()[0]
    products_reindex()
    text, after_change = counted_and_tree_queries()
    assert len(after_change) == 3
    assert "Найдено товаров: 2" in text


@override_settings(OKNO_CATALOG_FACETS_SECONDS=300)
def test_a_groups_filters_are_reused_until_the_catalog_changes(buyer_client, shop):
    group = ProductGroupFactory(name="Краски")
    tikkurila = BrandFactory(name="Tikkurila")
    shop.product(group=group, brand=tikkurila)
    offered = f'<option value="{tikkurila.pk}">Tikkurila</option>'
    assert offered in buyer_client.get(CATALOG, {"group": group.pk}).text
    dulux = BrandFactory(name="Dulux")
    shop.product(group=group, brand=dulux)
    new_brand = f'<option value="{dulux.pk}">Dulux</option>'
    # Written past the catalog's services: the group's filters are the ones kept.
    assert new_brand not in buyer_client.get(CATALOG, {"group": group.pk}).text
    # A narrowed list computes its own at once.
    assert new_brand in buyer_client.get(CATALOG, {"group": group.pk, "stock": "1"}).text
    products_reindex()
    assert new_brand in buyer_client.get(CATALOG, {"group": group.pk}).text


@override_settings(OKNO_CATALOG_FACETS_SECONDS=300)
def test_property_filter_names_are_reused_until_the_catalog_changes(buyer_client, shop):
    color = Property.objects.create(name="Цвет")
    brand = BrandFactory(name="Tikkurila")
    item = shop.product(brand=brand)
    ProductProperty.objects.create(product=item, property=color, value="Белый")
    narrowed = {"brand": brand.pk}
    label = f'for="catalog-prop-{color.pk}">'
    assert f"{label}Цвет</label>" in buyer_client.get(CATALOG, narrowed).text

    with CaptureQueriesContext(connection) as captured:
        again = buyer_client.get(CATALOG, narrowed)
    assert not [q for q in captured if q["sql"].startswith('SELECT "catalog_property"')]
    assert "<option>Белый</option>" in again.text
    # Renamed past the catalog's services: the name kept is shown until the catalog changes.
    Property.objects.filter(pk=color.pk).update(name="Оттенок")
    assert f"{label}Цвет</label>" in buyer_client.get(CATALOG, narrowed).text
    products_reindex()
    assert f"{label}Оттенок</label>" in buyer_client.get(CATALOG, narrowed).text
