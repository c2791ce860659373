"""Full and partial files through the endpoint as 1C calls it, with the real importer: a full
classifier archives the 1C groups it no longer holds (and a group sent again is back), a
full offers file takes the stock of the 1C products it does not offer to zero, a partial
file touches only what it carries."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from django.db.models import Sum

from okno.catalog.models import Product, ProductGroup, Stock, StockMovement, Warehouse
from okno.catalog.services.stock import StockRequest, stock_reserve
from okno.catalog.tests.factories import ProductGroupFactory
from okno.catalog.tests.shop import build_shop
from okno.exchange.importing import jobs, run
from okno.exchange.importing.jobs import import_step
from okno.exchange.models import ImportJob
from okno.exchange.tests.conftest import text
from okno.exchange.tests.importing import job_for

pytestmark = pytest.mark.django_db

D = Decimal
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<КоммерческаяИнформация ВерсияСхемы="2.07">\n'
TAIL = "</КоммерческаяИнформация>\n"
GROUPS = {
    "g-tools": ("Инструмент", ""),
    "g-drills": ("Дрели", "g-tools"),
    "g-paint": ("Краски", ""),
}
PRODUCTS = {"p-1": "g-drills", "p-2": "g-paint", "p-3": "g-paint"}
WAREHOUSES = {"w-1": "Склад Казань", "w-2": "Склад Москва"}


def exchange(one_c, filename: str, xml: str) -> ImportJob:
    """One session of 1C: log in, send the file, import it to the end."""
    one_c.checkauth()
    assert text(one_c.file(filename, xml.encode())).startswith("success")
    for _ in range(100):
        answer = text(one_c.get("import", filename=filename))
        if not answer.startswith("progress\n"):
            break
    assert answer.startswith("success\n"), answer
    return ImportJob.objects.filter(file__name=filename).latest("pk")


def _flag(only_changes: bool | None) -> str:
    if only_changes is None:
        return ""
    return f' СодержитТолькоИзменения="{str(only_changes).lower()}"'


def import_xml(
    groups=GROUPS,
    products=PRODUCTS,
    *,
    classifier: bool | None = None,
    catalog: bool | None = False,
) -> str:
    """A classifier of `groups` (by 1C id: name, parent id) and a catalog of `products` (by
    1C id: group id), each section with its `СодержитТолькоИзменения` (None: not said)."""

    def tree(parent: str) -> str:
        nested = "".join(
            f"<Группа><Ид>{gid}</Ид><Наименование>{name}</Наименование>{tree(gid)}</Группа>"
            for gid, (name, parent_id) in groups.items()
            if parent_id == parent
        )
        return f"<Группы>{nested}</Группы>" if nested else ""

    goods = "".join(
        f"<Товар><Ид>{pid}</Ид><Артикул>{pid.upper()}</Артикул><Наименование>Товар {pid}"
        f"</Наименование><Группы><Ид>{gid}</Ид></Группы></Товар>"
        for pid, gid in products.items()
    )
    return (
        f"{HEAD}<Классификатор{_flag(classifier)}><Ид>cl</Ид><Наименование>Классификатор"
        f"</Наименование>{tree('')}</Классификатор>\n"
        f"<Каталог{_flag(catalog)}><Ид>cat</Ид><ИдКлассификатора>cl</ИдКлассификатора>"
        f"<Наименование>Каталог</Наименование><Товары>{goods}</Товары></Каталог>\n{TAIL}"
    )


def offers_xml(stock: dict[str, dict[str, int]], *, only_changes: bool | None) -> str:
    """An offers package in the 2.07 form: per offer (by product id) its stock per
    warehouse."""
    warehouses = "".join(
        f"<Склад><Ид>{wid}</Ид><Наименование>{name}</Наименование></Склад>"
        for wid, name in WAREHOUSES.items()
    )
    offers = "".join(
        f"<Предложение><Ид>{pid}</Ид><Наименование>Товар {pid}</Наименование>"
        + "".join(
            f'<Склад ИдСклада="{wid}" КоличествоНаСкладе="{quantity}"/>'
            for wid, quantity in by_warehouse.items()
        )
        + "</Предложение>"
        for pid, by_warehouse in stock.items()
    )
    return (
        f"{HEAD}<ПакетПредложений{_flag(only_changes)}><Ид>cat#</Ид><ИдКаталога>cat</ИдКаталога>"
        f"<Наименование>Пакет</Наименование><Склады>{warehouses}</Склады>"
        f"<Предложения>{offers}</Предложения></ПакетПредложений>\n{TAIL}"
    )


def active_groups() -> set[str]:
    return set(
        ProductGroup.objects.filter(is_active=True).values_list("name", flat=True).order_by()
    )


# --- groups ------------------------------------------------------------------------------------


def test_a_full_classifier_archives_the_1c_groups_it_no_longer_holds(one_c, client):
    exchange(one_c, "import.xml", import_xml())
    portal_group = ProductGroupFactory(name="Акции", external_id=None)
    without_paint = {gid: group for gid, group in GROUPS.items() if gid != "g-paint"}

    job = exchange(
        one_c, "import.xml", import_xml(without_paint, {"p-1": "g-drills"}, classifier=False)
    )

    assert job.counts["groups"]["deactivated"] == 1
    assert active_groups() == {"Инструмент", "Дрели", "Акции"}
    paint = ProductGroup.objects.get(external_id="g-paint")
    assert not paint.is_active  # archived, not deleted
    portal_group.refresh_from_db()
    assert portal_group.is_active
    shop = build_shop()
    client.force_login(shop.buyer)
    tree = client.get("/catalog/").text
    tools = ProductGroup.objects.get(external_id="g-tools")
    assert f'group={tools.pk}"' in tree
    assert f'group={portal_group.pk}"' in tree
    assert f'group={paint.pk}"' not in tree
    assert 'data-product="' not in client.get("/catalog/", {"group": paint.pk}).text
    assert client.get("/api/v1/catalog/price-list", {"group": paint.pk}).status_code == 404


def test_a_classifier_that_does_not_say_follows_the_catalog_of_its_file(one_c):
    exchange(one_c, "import.xml", import_xml())
    without_paint = {gid: group for gid, group in GROUPS.items() if gid != "g-paint"}

    partial = exchange(
        one_c, "import.xml", import_xml(without_paint, {"p-1": "g-drills"}, catalog=True)
    )
    assert partial.counts["groups"]["deactivated"] == 0
    assert "Краски" in active_groups()

    full = exchange(one_c, "import.xml", import_xml(without_paint, {"p-1": "g-drills"}))
    assert full.counts["groups"]["deactivated"] == 1
    assert "Краски" not in active_groups()


def test_a_partial_classifier_touches_only_what_it_carries(one_c):
    exchange(one_c, "import.xml", import_xml())
    only_paint = {"g-paint": GROUPS["g-paint"]}
    job = exchange(one_c, "import.xml", import_xml(only_paint, {"p-2": "g-paint"}, classifier=True))
    assert job.counts["groups"]["deactivated"] == 0
    assert active_groups() == {"Инструмент", "Дрели", "Краски"}


def test_a_classifier_without_groups_archives_none(one_c):
    exchange(one_c, "import.xml", import_xml())
    job = exchange(one_c, "import.xml", import_xml({}, {}, classifier=False, catalog=True))
    assert job.counts.get("groups", {}).get("deactivated", 0) == 0
    assert active_groups() == {"Инструмент", "Дрели", "Краски"}


def test_an_archived_group_sent_again_is_back_in_the_catalog(one_c):
    exchange(one_c, "import.xml", import_xml())
    without_paint = {gid: group for gid, group in GROUPS.items() if gid != "g-paint"}
    exchange(one_c, "import.xml", import_xml(without_paint, {"p-1": "g-drills"}))
    assert "Краски" not in active_groups()

    job = exchange(one_c, "import.xml", import_xml(catalog=True))

    assert "Краски" in active_groups()
    assert job.counts["groups"]["updated"] == 1


def test_the_package_exchange_deactivate_archives_the_groups_not_sent(one_c):
    exchange(one_c, "import.xml", import_xml())
    without_paint = {gid: group for gid, group in GROUPS.items() if gid != "g-paint"}
    package = import_xml(without_paint, {"p-1": "g-drills"}, classifier=None, catalog=None)
    exchange(one_c, "import___1.xml", package)
    assert "Краски" in active_groups()

    assert text(one_c.get("deactivate")).startswith("success")

    assert active_groups() == {"Инструмент", "Дрели"}
    assert set(Product.objects.filter(is_active=True).values_list("external_id", flat=True)) == {
        "p-1"
    }


def test_a_package_session_without_groups_leaves_them_at_deactivate(one_c):
    exchange(one_c, "import.xml", import_xml())
    exchange(one_c, "import___1.xml", import_xml({}, {"p-1": "g-drills"}, catalog=None))
    assert text(one_c.get("deactivate")).startswith("success")
    assert active_groups() == {"Инструмент", "Дрели", "Краски"}


# --- stock -------------------------------------------------------------------------------------


def _stock() -> dict[tuple[str, str], tuple[Decimal, Decimal]]:
    return {
        (row.product.external_id, row.warehouse.external_id): (row.free, row.reserved)
        for row in Stock.objects.select_related("product", "warehouse")
    }


def _ledger_agrees() -> bool:
    """Every stock figure is the sum of its movements."""
    moved = {
        (row["product_id"], row["warehouse_id"]): row["free"]
        for row in StockMovement.objects.values("product_id", "warehouse_id").annotate(
            free=Sum("free_change")
        )
    }
    return all(
        moved.get((row.product_id, row.warehouse_id), 0) == row.free for row in Stock.objects.all()
    )


FIRST_STOCK = {"p-1": {"w-1": 5, "w-2": 1}, "p-2": {"w-1": 7, "w-2": 3}, "p-3": {"w-1": 4}}


def test_a_full_offers_file_zeroes_the_stock_of_what_it_does_not_offer(one_c):
    exchange(one_c, "import.xml", import_xml())
    exchange(one_c, "offers.xml", offers_xml(FIRST_STOCK, only_changes=False))
    p2 = Product.objects.get(external_id="p-2")
    kazan = Warehouse.objects.get(external_id="w-1")
    stock_reserve([StockRequest(p2.pk, kazan.pk, D("2"))], reference="ОК-000001")

    job = exchange(one_c, "offers.xml", offers_xml({"p-1": FIRST_STOCK["p-1"]}, only_changes=False))

    assert job.counts["stocks"]["zeroed"] == 3
    stock = _stock()
    assert stock[("p-1", "w-1")] == (D("5"), D("0"))
    assert stock[("p-2", "w-1")] == (D("0"), D("2"))  # the order's reserve stays
    assert stock[("p-2", "w-2")] == (D("0"), D("0"))
    assert stock[("p-3", "w-1")] == (D("0"), D("0"))
    zeroing = StockMovement.objects.filter(reference="offers.xml", free_change__lt=0)
    assert sorted(zeroing.values_list("product__external_id", "free_change")) == [
        ("p-2", D("-5")),
        ("p-2", D("-3")),
        ("p-3", D("-4")),
    ]
    assert set(zeroing.values_list("reason", flat=True)) == {StockMovement.Reason.IMPORT}
    assert _ledger_agrees()
    assert Product.objects.filter(is_active=True).count() == 3  # zero stock, still on sale


def test_a_full_offers_file_resumed_in_another_process_still_zeroes(one_c, tmp_path, monkeypatch):
    """The last slice, read by another worker, writes only offers without stock: that the
    file carried stock is known from the batches before it."""
    exchange(one_c, "import.xml", import_xml())
    exchange(one_c, "offers.xml", offers_xml(FIRST_STOCK, only_changes=False))
    path = tmp_path / "offers.xml"
    path.write_text(offers_xml({"p-1": {"w-1": 6}, "p-2": {}}, only_changes=False))
    monkeypatch.setattr(run, "BATCH", 1)
    job = job_for(path)
    while job.status not in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
        jobs._OPEN.clear()  # each slice in another worker process
        import_step(job=job, deadline=time.monotonic())
    assert (job.status, job.message) == (ImportJob.Status.DONE, "")
    stock = _stock()
    assert stock[("p-1", "w-1")] == (D("6"), D("0"))
    assert stock[("p-2", "w-1")] == (D("7"), D("0"))  # offered, its stock not sent
    assert stock[("p-3", "w-1")] == (D("0"), D("0"))
    assert job.counts["stocks"]["zeroed"] == 1
    assert _ledger_agrees()


def test_a_partial_offers_file_touches_only_the_stock_it_carries(one_c):
    exchange(one_c, "import.xml", import_xml())
    exchange(one_c, "offers.xml", offers_xml(FIRST_STOCK, only_changes=False))
    before = _stock()

    job = exchange(one_c, "offers.xml", offers_xml({"p-3": {"w-1": 9}}, only_changes=True))

    assert job.counts["stocks"].get("zeroed", 0) == 0
    assert _stock() == {**before, ("p-3", "w-1"): (D("9"), D("0"))}


def test_stock_zeroed_comes_back_when_1c_offers_the_same_again(one_c):
    exchange(one_c, "import.xml", import_xml())
    exchange(one_c, "offers.xml", offers_xml(FIRST_STOCK, only_changes=False))
    exchange(one_c, "offers.xml", offers_xml({"p-1": FIRST_STOCK["p-1"]}, only_changes=False))
    assert _stock()[("p-3", "w-1")] == (D("0"), D("0"))

    exchange(one_c, "offers.xml", offers_xml(FIRST_STOCK, only_changes=False))

    assert _stock()[("p-3", "w-1")] == (D("4"), D("0"))
    assert _stock()[("p-2", "w-2")] == (D("3"), D("0"))
    assert _ledger_agrees()


def test_a_full_package_of_prices_alone_leaves_the_stock(one_c):
    exchange(one_c, "import.xml", import_xml())
    exchange(one_c, "offers.xml", offers_xml(FIRST_STOCK, only_changes=False))
    before = _stock()
    prices = (
        f'{HEAD}<ПакетПредложений СодержитТолькоИзменения="false"><Ид>cat#</Ид>'
        "<ТипыЦен><ТипЦены><Ид>pt-1</Ид><Наименование>Оптовая</Наименование>"
        "<Валюта>RUB</Валюта></ТипЦены></ТипыЦен><Предложения>"
        "<Предложение><Ид>p-1</Ид><Цены><Цена><ИдТипаЦены>pt-1</ИдТипаЦены>"
        "<ЦенаЗаЕдиницу>100</ЦенаЗаЕдиницу><Валюта>RUB</Валюта></Цена></Цены></Предложение>"
        f"</Предложения></ПакетПредложений>\n{TAIL}"
    )

    job = exchange(one_c, "prices.xml", prices)

    assert job.counts["prices"]["created"] == 1
    assert _stock() == before
