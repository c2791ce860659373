"""`okno seed` builds a consistent catalog: prices in every price type, stock at every
warehouse, valid barcodes, search keys as the search module computes them, demo contracts
with a price type and a warehouse; a re-run adds nothing and a bigger scale only adds."""

import dataclasses
import io
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.db.models import Count, Sum
from django.utils import timezone

from okno.catalog import models as catalog
from okno.catalog.search import keys
from okno.catalog.search.query import search_products
from okno.clients.models import Client, Contract, LegalEntity
from okno.demo import seed as seed_module
from okno.demo.seed import seed

pytestmark = pytest.mark.django_db

PRODUCTS = 400
PRICE_TYPES = 6
WAREHOUSES = 10
CATALOG_MODELS = (
    catalog.Unit,
    catalog.PriceType,
    catalog.ProductGroup,
    catalog.Brand,
    catalog.Property,
    catalog.Product,
    catalog.ProductUnit,
    catalog.Barcode,
    catalog.ProductProperty,
    catalog.Price,
    catalog.Warehouse,
    catalog.DeliveryRegion,
    catalog.LeadTime,
    catalog.Stock,
    catalog.StockInTransit,
    catalog.StockMovement,
    catalog.ClientArticle,
    catalog.DiscountRule,
)


def _seed(monkeypatch, scale: str, **sizes) -> str:
    size = dataclasses.replace(seed_module.SCALES[scale], clients=5, **sizes)
    monkeypatch.setitem(seed_module.SCALES, scale, size)
    out = io.StringIO()
    seed(scale, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(monkeypatch):
    return _seed(monkeypatch, "small", products=PRODUCTS)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in CATALOG_MODELS}


def _ean13_valid(code: str) -> bool:
    digits = [int(d) for d in code]
    weighted = sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))
    return len(code) == 13 and (weighted + digits[12]) % 10 == 0


def test_the_small_scale_is_a_few_thousand_products_in_six_price_types():
    small = seed_module.SCALES["small"]
    assert (small.products, small.price_types) == (3_000, 6)
    large = seed_module.SCALES["large"]
    assert (large.products, large.price_types) == (200_000, 20)


def test_every_product_has_one_price_in_every_price_type(seeded):
    assert catalog.Product.objects.count() == PRODUCTS
    assert catalog.PriceType.objects.count() == PRICE_TYPES
    assert catalog.Price.objects.count() == PRODUCTS * PRICE_TYPES
    per_product = catalog.Product.objects.annotate(types=Count("prices__price_type", distinct=True))
    assert set(per_product.values_list("types", flat=True)) == {PRICE_TYPES}
    assert not catalog.Price.objects.filter(price__lte=0).exists()


def test_prices_per_packaging_unit_carry_that_units_coefficient(seeded):
    per_pack = catalog.Price.objects.filter(unit__isnull=False)
    assert per_pack.exists()
    packs = {
        (product_id, unit_id): coefficient
        for product_id, unit_id, coefficient in catalog.ProductUnit.objects.values_list(
            "product_id", "unit_id", "coefficient"
        )
    }
    for price in per_pack:
        assert packs[(price.product_id, price.unit_id)] == price.coefficient
    base = catalog.Price.objects.filter(unit__isnull=True)
    assert set(base.values_list("coefficient", flat=True)) == {Decimal(1)}


def test_retail_is_the_base_price_type_and_wholesale_is_cheaper(seeded):
    (base,) = catalog.PriceType.objects.filter(is_base=True)
    assert base.name == "Розничная"
    wholesale = catalog.PriceType.objects.get(name="Оптовая")
    retail = dict(catalog.Price.objects.filter(price_type=base).values_list("product_id", "price"))
    for product_id, price, coefficient in catalog.Price.objects.filter(
        price_type=wholesale
    ).values_list("product_id", "price", "coefficient"):
        assert price / coefficient < retail[product_id]


def test_stock_rows_for_every_warehouse_explained_by_the_ledger(seeded):
    assert catalog.Warehouse.objects.count() == WAREHOUSES
    assert catalog.Stock.objects.count() == PRODUCTS * WAREHOUSES
    pairs = set(catalog.Stock.objects.values_list("product_id", "warehouse_id"))
    assert len(pairs) == PRODUCTS * WAREHOUSES
    zero = catalog.Stock.objects.filter(free=0, reserved=0).count()
    assert 0.2 * len(pairs) < zero < 0.9 * len(pairs)
    assert catalog.Stock.objects.filter(reserved__gt=0).exists()
    ledger = {
        (row["product_id"], row["warehouse_id"]): (row["free"], row["reserved"])
        for row in catalog.StockMovement.objects.values("product_id", "warehouse_id").annotate(
            free=Sum("free_change"), reserved=Sum("reserved_change")
        )
    }
    for stock in catalog.Stock.objects.exclude(free=0, reserved=0):
        assert ledger[(stock.product_id, stock.warehouse_id)] == (stock.free, stock.reserved)


def test_goods_in_transit_arrive_in_the_future(seeded):
    transit = catalog.StockInTransit.objects.all()
    assert transit.exists()
    assert all(row.expected_date > timezone.localdate() for row in transit)
    assert all(row.quantity > 0 for row in transit)


def test_barcodes_are_valid_unique_ean13_one_or_two_per_product(seeded):
    codes = list(catalog.Barcode.objects.values_list("product_id", "code"))
    assert all(_ean13_valid(code) for _product, code in codes)
    assert len({code for _product, code in codes}) == len(codes)
    per_product = Counter(product_id for product_id, _code in codes)
    assert len(per_product) == PRODUCTS
    assert set(per_product.values()) == {1, 2}


def test_search_keys_are_what_the_search_module_computes(seeded):
    barcodes = defaultdict(list)
    for product_id, code in catalog.Barcode.objects.order_by("id").values_list(
        "product_id", "code"
    ):
        barcodes[product_id].append(code)
    for product in catalog.Product.objects.select_related("brand"):
        assert product.article_key == keys.article_key(product.article)
        assert product.search_text == keys.search_text(
            article=product.article,
            name=product.name,
            brand=product.brand.name,
            barcodes=barcodes[product.id],
        )


def test_the_search_index_holds_every_seeded_product(seeded):
    """Seeded rows reach the search index (SQLite: FTS5 through its triggers; PostgreSQL:
    the trigram index), so search finds exactly what the search text holds."""
    found = search_products(catalog.Product.objects.all(), "din933").count()
    expected = catalog.Product.objects.filter(search_text__contains="din933").count()
    assert found == expected > 0


def test_group_tree_three_levels_with_products_in_the_leaves(seeded):
    groups = {g.id: g for g in catalog.ProductGroup.objects.all()}
    assert {g.depth for g in groups.values()} == {0, 1, 2}
    for group in groups.values():
        parent = groups.get(group.parent_id)
        expected = f"{parent.path if parent else '/'}{group.id}/"
        assert group.path == expected
    leaf_depths = catalog.Product.objects.values_list("group__depth", flat=True).distinct()
    assert set(leaf_depths) == {2}
    names = {g.name for g in groups.values()}
    assert {"Крепёж", "Болты", "Болты DIN 933", "Электрика", "Кабель", "ВВГнг"} <= names


def test_reference_data(seeded):
    units = dict(catalog.Unit.objects.values_list("short_name", "code"))
    assert {"шт": "796", "кг": "166", "м": "006", "км": "008", "л": "112"}.items() <= units.items()
    assert {"упак", "кор", "палл", "компл"} <= units.keys()
    (default,) = catalog.Warehouse.objects.filter(is_default=True)
    assert default.name == "Москва"
    assert not catalog.Warehouse.objects.filter(address="").exists()
    regions = catalog.DeliveryRegion.objects.count()
    assert catalog.LeadTime.objects.count() == WAREHOUSES * regions
    assert catalog.Brand.objects.count() >= 40


def test_packaging_order_rules_and_vat(seeded):
    cable = catalog.Product.objects.filter(group__name="ВВГнг")
    assert cable.exists()
    assert set(cable.values_list("base_unit__short_name", flat=True)) == {"м"}
    km = catalog.ProductUnit.objects.filter(product__in=cable, unit__short_name="км")
    assert set(km.values_list("coefficient", flat=True)) == {Decimal(1000)}
    assert catalog.ProductUnit.objects.filter(unit__short_name="упак", coefficient=50).exists()
    assert catalog.Product.objects.filter(multiplicity__gt=0).exists()
    assert catalog.Product.objects.filter(min_quantity__gt=0).exists()
    vat = Counter(catalog.Product.objects.values_list("vat_rate", flat=True))
    assert vat[catalog.VatRate.VAT_22] > 0.8 * PRODUCTS
    assert vat[catalog.VatRate.VAT_10] + vat[catalog.VatRate.NONE] > 0


def test_every_demo_contract_has_its_price_type_and_warehouse(seeded):
    demo = Contract.objects.exclude(client__external_id__startswith="gen-")
    assert demo.count() == 4
    assert not demo.filter(price_type=None).exists()
    assert not demo.filter(warehouse=None).exists()
    terms = {
        c.client.name: (c.price_type.name, c.warehouse.name)
        for c in demo.select_related("client", "price_type", "warehouse")
        if c.legal_entity.kind == LegalEntity.Kind.OOO
    }
    assert terms == {"ТехноСнаб": ("Оптовая", "Москва"), "СтройДвор": ("Дилерская", "Екатеринбург")}


def test_discount_rules_with_quantity_breaks_and_own_articles(seeded):
    technosnab = Client.objects.get(name="ТехноСнаб")
    own = catalog.DiscountRule.objects.filter(client=technosnab)
    assert own.filter(group__isnull=False).count() >= 3
    assert own.filter(brand__isnull=False).exists()
    assert own.filter(product__isnull=False, min_quantity__gt=0).exists()
    everyone = catalog.DiscountRule.objects.filter(client=None)
    assert everyone.filter(product__isnull=False, min_quantity__gt=0).exists()
    assert everyone.filter(is_active=False).exists()
    articles = catalog.ClientArticle.objects.filter(client=technosnab)
    assert articles.count() == PRODUCTS // 20
    assert all(a.article_key == keys.article_key(a.article) for a in articles)
    assert catalog.ClientArticle.objects.filter(client__name="СтройДвор").exists()


def test_a_second_run_adds_nothing(seeded, monkeypatch):
    before = _counts()
    output = _seed(monkeypatch, "small", products=PRODUCTS)
    assert _counts() == before
    assert "добавлять нечего" in output


def test_a_bigger_scale_adds_products_and_prices_in_its_new_price_types(seeded, monkeypatch):
    first = dict(catalog.Product.objects.values_list("code", "article"))
    _seed(monkeypatch, "medium", products=PRODUCTS + 100)
    assert catalog.Product.objects.count() == PRODUCTS + 100
    types = catalog.PriceType.objects.count()
    assert types == seed_module.SCALES["medium"].price_types > PRICE_TYPES
    assert catalog.Price.objects.count() == (PRODUCTS + 100) * types
    assert catalog.Stock.objects.count() == (PRODUCTS + 100) * WAREHOUSES
    after = dict(catalog.Product.objects.values_list("code", "article"))
    assert {code: after[code] for code in first} == first
