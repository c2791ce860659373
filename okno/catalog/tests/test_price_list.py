"""The price list to download, /catalog/price-list.xlsx and GET /api/v1/catalog/price-list.xlsx:
the workbook's header and formats, the buyer's own prices and stock, a group with its
subgroups, archived products, who may download it, unknown groups and query counts."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from okno.accounts.tests.factories import StaffFactory
from okno.catalog.price_list_xlsx import MONEY_FORMAT
from okno.catalog.selectors import price_list as price_list_module
from okno.catalog.tests.factories import BrandFactory, DiscountRuleFactory, ProductGroupFactory
from okno.catalog.tests.shop import build_shop
from okno.core.roles import StaffRole
from okno.core.testing.queries import assert_queries_flat

pytestmark = pytest.mark.django_db

D = Decimal
PRICE_LIST = "/catalog/price-list.xlsx"
API_PRICE_LIST = "/api/v1/catalog/price-list.xlsx"
HEADER = [
    "Артикул",
    "Наименование",
    "Группа",
    "Бренд",
    "Ед.",
    "Цена, ₽",
    "Базовая цена, ₽",
    "НДС",
    "Остаток: Склад Казань",
    "Всего на складах",
    "Мин. заказ",
    "Кратность",
]
# Queries each chunk of products adds: the products, prices and discount rules pricing
# reads, and the stock.
CHUNK_QUERIES = 4


@pytest.fixture
def shop():
    return build_shop()


@pytest.fixture
def buyer_client(client, shop):
    client.force_login(shop.buyer)
    return client


def sheet_of(response):
    """The workbook's only sheet, read back from the response."""
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(b"".join(response.streaming_content)))
    return workbook.worksheets[0]


def lines(sheet) -> dict[str, dict[str, object]]:
    """The sheet's rows after the header by article, each as {column title: value}."""
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}


def test_the_buyer_downloads_their_prices_and_stock(buyer_client, shop):
    tools = ProductGroupFactory(name="Инструмент")
    item = shop.product(
        article="DR-1",
        name="Дрель ударная",
        group=tools,
        brand=BrandFactory(name="Makita"),
        price="1000.00",
        base="1200.00",
        kazan="7",
        moscow="30",
        min_quantity=D("2"),
        multiplicity=D("2"),
    )

    response = buyer_client.get(PRICE_LIST)

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'attachment; filename="price-list-' in response["Content-Disposition"]
    line = lines(sheet_of(response))[item.article]
    assert line == {
        "Артикул": "DR-1",
        "Наименование": "Дрель ударная",
        "Группа": "Инструмент",
        "Бренд": "Makita",
        "Ед.": "шт",
        "Цена, ₽": 900,  # the wholesale price less the contract's 10 %
        "Базовая цена, ₽": 1200,
        "НДС": "22 %",
        "Остаток: Склад Казань": 7,
        "Всего на складах": 37,
        "Мин. заказ": 2,
        "Кратность": 2,
    }


def test_the_header_is_bold_and_frozen_and_money_is_a_formatted_number(buyer_client, shop):
    shop.product(price="1234.50")

    sheet = sheet_of(buyer_client.get(PRICE_LIST))

    assert [cell.value for cell in sheet[1]] == HEADER
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 60
    price = sheet.cell(row=2, column=HEADER.index("Цена, ₽") + 1)
    assert price.value == 1111.05
    assert price.number_format == MONEY_FORMAT


def test_prices_are_the_clients_personal_prices(buyer_client, shop):
    brand = BrandFactory(name="Кнауф")
    ruled = shop.product(price="1000.00", brand=brand)
    plain = shop.product(price="1000.00")
    unpriced = shop.product(price=None, base=None)
    DiscountRuleFactory(client=shop.client, brand=brand, percent=D("5"))
    DiscountRuleFactory(client=None, product=plain, min_quantity=D("10"), percent=D("20"))

    found = lines(sheet_of(buyer_client.get(PRICE_LIST)))

    assert found[ruled.article]["Цена, ₽"] == 855  # 1000 less 10 %, less 5 %
    assert found[plain.article]["Цена, ₽"] == 900  # the break from 10 is not reached
    assert found[unpriced.article]["Цена, ₽"] is None
    assert found[unpriced.article]["Базовая цена, ₽"] is None


def test_a_minimum_order_reaching_a_break_is_priced_as_the_catalog_prices_it(buyer_client, shop):
    item = shop.product(price="1000.00", min_quantity=D("10"))
    DiscountRuleFactory(client=shop.client, product=item, min_quantity=D("10"), percent=D("20"))

    found = lines(sheet_of(buyer_client.get(PRICE_LIST)))

    assert found[item.article]["Цена, ₽"] == 720


def test_a_group_lists_its_subgroups_products_and_nothing_else(buyer_client, shop):
    tools = ProductGroupFactory(name="Инструмент")
    drills = ProductGroupFactory(name="Дрели", parent=tools)
    in_drills = shop.product(group=drills)
    in_tools = shop.product(group=tools)
    elsewhere = shop.product(group=ProductGroupFactory(name="Крепёж"))

    found = lines(sheet_of(buyer_client.get(PRICE_LIST, {"group": tools.pk})))

    assert sorted(found) == sorted([in_drills.article, in_tools.article])
    assert found[in_drills.article]["Группа"] == "Дрели"
    assert elsewhere.article in lines(sheet_of(buyer_client.get(PRICE_LIST)))


def test_the_catalog_page_links_to_the_price_list_of_its_group(buyer_client, shop):
    tools = ProductGroupFactory(name="Инструмент")

    whole = buyer_client.get("/catalog/").text
    group = buyer_client.get("/catalog/", {"group": tools.pk}).text

    assert f'href="{PRICE_LIST}" download>Скачать прайс-лист (XLSX)</a>' in whole
    assert f'href="{PRICE_LIST}?group={tools.pk}" download>' in group


def test_archived_products_are_left_out_for_clients_and_listed_for_staff(client, shop):
    archived = shop.product(is_active=False, price="1000.00", base="1200.00")
    active = shop.product()
    client.force_login(shop.buyer)
    assert list(lines(sheet_of(client.get(PRICE_LIST)))) == [active.article]

    client.force_login(StaffFactory())
    sheet = sheet_of(client.get(PRICE_LIST))

    # Staff see the base price list, so there is no second, base price column.
    assert "Базовая цена, ₽" not in [cell.value for cell in sheet[1]]
    assert lines(sheet)[archived.article]["Цена, ₽"] == 1200


def test_only_those_who_browse_the_catalog_download_it(client, shop):
    assert client.get(PRICE_LIST).status_code == 302
    client.force_login(StaffFactory(staff_role=StaffRole.OPERATOR, manager_code=None))
    assert client.get(PRICE_LIST).status_code == 403
    assert client.get(API_PRICE_LIST).status_code == 403


@pytest.mark.parametrize("group", ["999999999", "abc", "0", "-1", "1.5", "²"])
def test_a_group_that_is_not_one_is_404_not_the_whole_catalog(buyer_client, shop, group):
    shop.product()
    assert buyer_client.get(PRICE_LIST, {"group": group}).status_code == 404


def test_the_api_gives_the_same_workbook_and_refuses_bad_groups(client, shop):
    tools = ProductGroupFactory(name="Инструмент")
    item = shop.product(group=tools, price="1000.00")
    shop.product()
    client.force_login(shop.buyer)

    found = lines(sheet_of(client.get(API_PRICE_LIST, {"group": tools.pk})))

    assert list(found) == [item.article]
    assert found[item.article]["Цена, ₽"] == 900
    assert client.get(API_PRICE_LIST, {"group": 999_999_999}).status_code == 404
    refused = client.get(API_PRICE_LIST, {"group": "abc"})
    assert refused.status_code == 422
    assert "group" in refused.text


def test_queries_do_not_grow_with_the_products(
    buyer_client, shop, django_assert_max_num_queries, monkeypatch
):
    monkeypatch.setattr(price_list_module, "CHUNK", 50)
    tools = ProductGroupFactory(name="Инструмент")

    def add(count):
        for _ in range(count):
            item = shop.product(group=tools, brand=BrandFactory())
            DiscountRuleFactory(client=shop.client, product=item, percent=D("3"))

    add(3)
    sheet = assert_queries_flat(
        lambda: sheet_of(buyer_client.get(PRICE_LIST, {"group": tools.pk})),
        grow=lambda: add(27),
        ceiling=20,
        assert_max_num_queries=django_assert_max_num_queries,
    )
    assert len(lines(sheet)) == 30


def test_a_long_list_is_priced_a_chunk_at_a_time(buyer_client, shop, monkeypatch):
    monkeypatch.setattr(price_list_module, "CHUNK", 10)
    items = [shop.product(name=f"Товар {number:02d}") for number in range(25)]

    def queries() -> tuple[int, list[str]]:
        with CaptureQueriesContext(connection) as captured:
            sheet = sheet_of(buyer_client.get(PRICE_LIST))
        return len(captured), list(lines(sheet))

    three_chunks, listed = queries()
    for item in items[10:]:
        item.delete()
    one_chunk, _ = queries()

    assert listed == [item.article for item in items]  # in name order across the chunks
    assert three_chunks - one_chunk == 2 * CHUNK_QUERIES
