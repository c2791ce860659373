"""The import's writers on hand-built records: what lands in the catalog, what a second
import of the same objects leaves alone, full and partial catalogs, stock against the
portal's reserves, and errors that leave the catalog as it was."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from django.utils import timezone

from okno.catalog.models import (
    Barcode,
    Brand,
    CatalogOwner,
    Price,
    Product,
    ProductGroup,
    ProductProperty,
    ProductUnit,
    Stock,
    StockMovement,
)
from okno.catalog.search.query import search_products
from okno.exchange.cml.records import CmlError, Owner, PackagingRecord
from okno.exchange.importing.run import FileImport
from okno.exchange.tests import records as r

pytestmark = pytest.mark.django_db


def run(records, *, batch_size=2000, stamp=None, folder=None, file_name="import.xml"):
    file_import = FileImport(
        records=iter(records),
        file_name=file_name,
        folder=folder,
        stamp=stamp or timezone.now(),
        batch_size=batch_size,
    )
    file_import.run(deadline=None, committed=lambda fi: None)
    return file_import.counts.as_dict()


CLASSIFIER = [
    r.section("classifier"),
    r.group("g1", "Крепёж"),
    r.group("g2", "Болты", parent_id="g1"),
    r.property_record("p-color", "Цвет", {"v-red": "Красный", "v-blue": "Синий"}),
    r.property_record("p-size", "Размер"),
    r.price_type("pt-opt", "Оптовая"),
    r.warehouse("w1", "Москва"),
    r.warehouse("w2", "Казань"),
]


def catalog(*products, only_changes=None):
    return [r.section("catalog", only_changes=only_changes), *products]


def test_products_land_with_groups_units_barcodes_properties_and_search_keys():
    counts = run(
        CLASSIFIER
        + catalog(
            r.product(
                "a",
                article="BL-12.5/7",
                name="Болт М12",
                group_ids=("g2",),
                barcodes=("4600000000011", "4600000000011", "4600000000028"),
                manufacturer_id="m1",
                manufacturer_name="Крепыш",
                packaging=(PackagingRecord("упак", Decimal("50")),),
                properties=(r.values("p-color", "v-red", "v-blue"), r.values("p-size", "M12")),
                requisites={
                    "ВидНоменклатуры": "Товар",
                    "Полное наименование": "Болт",
                    "Вес": "0,05",
                },
                vat_rate="20",
            )
        )
    )
    bolt = Product.objects.get(external_id="a")
    boltgroup = ProductGroup.objects.get(external_id="g2")
    assert bolt.group == boltgroup
    assert boltgroup.path == f"{ProductGroup.objects.get(external_id='g1').path}{boltgroup.pk}/"
    assert boltgroup.depth == 1
    assert bolt.brand == Brand.objects.get(external_id="m1")
    assert bolt.base_unit.short_name == "шт"
    assert bolt.vat_rate == "22"
    assert counts["products"]["vat_mapped"] == 1
    assert bolt.weight == Decimal("0.050")
    assert bolt.kind == "Товар"
    assert bolt.full_name == "Болт"
    assert sorted(Barcode.objects.values_list("code", flat=True)) == [
        "4600000000011",
        "4600000000028",
    ]
    assert ProductUnit.objects.get(product=bolt).coefficient == 50
    assert sorted(ProductProperty.objects.values_list("value", flat=True)) == [
        "M12",
        "Красный",
        "Синий",
    ]
    assert bolt.article_key == "bl1257"
    assert list(search_products(Product.objects.all(), "крепыш болт")) == [bolt]
    assert counts["groups"]["created"] == 2
    assert counts["products"]["created"] == 1


def test_the_owner_of_the_catalog_is_kept_with_its_requisites():
    owner = Owner("own-1", "ТД Комплексный", "ООО «ТД Комплексный»", "7701234567", "770101001",
                  "Москва", r.at())  # fmt: skip
    run([r.section("classifier"), owner, r.group("g1", "Крепёж")])
    run([r.section("classifier"), replace(owner, kpp="770201001"), r.group("g1", "Крепёж")])
    kept = CatalogOwner.objects.get()
    assert (kept.external_id, kept.inn, kept.kpp) == ("own-1", "7701234567", "770201001")


def test_the_same_records_again_change_nothing():
    records = CLASSIFIER + catalog(r.product("a"), r.product("b", deleted=True))
    run(records)
    before = dict(Product.objects.values_list("external_id", "updated_at"))
    counts = run(records)
    assert counts["products"] == {**counts["products"], "unchanged": 2, "created": 0, "updated": 0}
    assert counts["groups"]["unchanged"] == 2
    assert dict(Product.objects.values_list("external_id", "updated_at")) == before
    assert not Product.objects.get(external_id="b").is_active


def test_a_changed_product_is_rewritten_with_its_barcodes():
    run(CLASSIFIER + catalog(r.product("a", barcodes=("1",))))
    counts = run(catalog(r.product("a", name="Новое имя", barcodes=("2",))))
    product = Product.objects.get(external_id="a")
    assert product.name == "Новое имя"
    assert list(product.barcodes.values_list("code", flat=True)) == ["2"]
    assert counts["products"]["updated"] == 1


def test_a_full_catalog_archives_what_it_no_longer_holds_and_a_partial_one_does_not():
    run(CLASSIFIER + catalog(r.product("a"), r.product("b"), r.product("c")))
    run(catalog(r.product("a"), only_changes=True))
    assert Product.objects.filter(is_active=True).count() == 3
    counts = run(catalog(r.product("a"), r.product("b"), only_changes=False))
    assert set(Product.objects.filter(is_active=False).values_list("external_id", flat=True)) == {
        "c"
    }
    assert counts["products"]["deactivated"] == 1
    assert Product.objects.filter(external_id="c").exists()


def test_an_archived_product_sent_again_unchanged_is_back_on_sale():
    run(CLASSIFIER + catalog(r.product("a"), r.product("b")))
    run(catalog(r.product("a"), only_changes=False))
    assert not Product.objects.get(external_id="b").is_active
    counts = run(catalog(r.product("b"), only_changes=True))
    assert Product.objects.get(external_id="b").is_active
    assert counts["products"]["updated"] == 1


def test_variants_link_to_their_product():
    run(
        CLASSIFIER
        + catalog(
            r.product("v#1", characteristics=(("Размер", "XL"),)),
            r.product("v"),
        )
    )
    variant = Product.objects.get(external_id="v#1")
    assert variant.parent == Product.objects.get(external_id="v")
    assert variant.characteristics == [["Размер", "XL"]]


def test_offers_write_prices_and_stock_and_movements_only_for_changes():
    run(CLASSIFIER + catalog(r.product("a"), r.product("b")))
    offers = [
        r.section("offers"),
        r.offer(
            "a",
            prices=(r.price("pt-opt", "120.50", unit="упак", coefficient="50"),),
            stocks=(r.stock("w1", "10"), r.stock("w2", "5")),
        ),
        r.offer("b", prices=(r.price("pt-opt", "7"),), total_quantity=Decimal("3")),
    ]
    counts = run(offers)
    a = Product.objects.get(external_id="a")
    price = Price.objects.get(product=a)
    assert (price.price, price.unit.short_name, price.coefficient) == (
        Decimal("120.50"),
        "упак",
        50,
    )
    assert counts["prices"]["created"] == 2
    assert counts["stocks"]["created"] == 3
    # No warehouse is the default: the first working one takes a bare quantity.
    assert Stock.objects.get(product__external_id="b", warehouse__external_id="w1").free == 3
    assert StockMovement.objects.filter(reason=StockMovement.Reason.IMPORT).count() == 3
    again = run(offers)
    assert again["offers"]["unchanged"] == 2
    assert StockMovement.objects.count() == 3
    changed = run([r.offer("a", stocks=(r.stock("w1", "8"),))])
    assert changed["stocks"] == {**changed["stocks"], "updated": 2, "created": 0}
    assert dict(Stock.objects.filter(product=a).values_list("warehouse__external_id", "free")) == {
        "w1": 8,
        "w2": 0,
    }
    assert StockMovement.objects.count() == 5


def test_first_stock_of_a_product_lands_as_a_later_one_does():
    """A product's first stock is written in bulk where plain; what is not (a warehouse
    named twice, a product holding stock already) is read the checked way, and the two
    land alike: free stock never below zero, a movement for each figure that moved."""
    run(CLASSIFIER + catalog(r.product("a"), r.product("b"), r.product("c")))
    run([r.offer("c", stocks=(r.stock("w1", "1"),))])
    counts = run(
        [
            r.section("offers"),
            r.offer("a", stocks=(r.stock("w1", "10.5"), r.stock("w2", "-3"))),
            r.offer("b", stocks=(r.stock("w1", "2"), r.stock("w1", "3"))),
            r.offer("c", stocks=(r.stock("w2", "4"),)),
        ],
        file_name="rests\t1.xml",
    )
    stock = Stock.objects.values_list("product__external_id", "warehouse__external_id", "free")
    assert sorted(stock) == [
        ("a", "w1", Decimal("10.5")),
        ("a", "w2", 0),
        ("b", "w1", 5),
        ("c", "w1", 0),
        ("c", "w2", 4),
    ]
    assert counts["stocks"] == {**counts["stocks"], "created": 4, "updated": 1}
    moved = StockMovement.objects.filter(reference="rests\t1.xml").values_list(
        "product__external_id", "warehouse__external_id", "free_change", "reserved_change"
    )
    assert sorted(moved) == [
        ("a", "w1", Decimal("10.5"), 0),
        ("b", "w1", 5, 0),
        ("c", "w1", -1, 0),
        ("c", "w2", 4, 0),
    ]


def test_first_prices_of_a_product_land_as_later_ones_do():
    """A product's first prices are written in bulk where plain, beside products that hold
    prices already, whose changed prices are updated."""
    retail = r.price_type("pt-retail", "Розничная")
    run([*CLASSIFIER, retail, *catalog(r.product("a"), r.product("b"))])
    run([r.offer("b", prices=(r.price("pt-opt", "5"),))])
    counts = run(
        [
            r.section("offers"),
            r.offer("a", prices=(r.price("pt-opt", "10"), r.price("pt-retail", "12.5", unit="кг"))),
            r.offer("b", prices=(r.price("pt-opt", "6"), r.price("pt-retail", "8"))),
        ]
    )
    stored = Price.objects.values_list(
        "product__external_id",
        "price_type__external_id",
        "price",
        "unit__short_name",
        "coefficient",
    )
    assert sorted(stored) == [
        ("a", "pt-opt", 10, None, 1),
        ("a", "pt-retail", Decimal("12.5"), "кг", 1),
        ("b", "pt-opt", 6, None, 1),
        ("b", "pt-retail", 8, None, 1),
    ]
    assert counts["prices"] == {**counts["prices"], "created": 3, "updated": 1}


def test_new_prices_and_movements_take_the_moment_of_their_import():
    run(CLASSIFIER + catalog(r.product("a")))
    # SQLite's clock gives milliseconds.
    before = timezone.now().replace(microsecond=0)
    offer = r.offer("a", prices=(r.price("pt-opt", "5"),), stocks=(r.stock("w1", "2"),))
    run([r.section("offers"), offer])
    after = timezone.now()
    assert before <= Price.objects.get().updated_at <= after
    assert before <= StockMovement.objects.get().created_at <= after


def test_an_offer_marked_for_deletion_archives_its_variant():
    run(CLASSIFIER + catalog(r.product("a"), r.product("a#1")))
    counts = run([r.offer("a#1", deleted=True, prices=(r.price("pt-opt", "5"),))])
    assert not Product.objects.get(external_id="a#1").is_active
    assert Product.objects.get(external_id="a").is_active
    assert counts["offers"]["deactivated"] == 1


def test_free_stock_is_1c_figure_less_the_portals_reserve():
    run(CLASSIFIER + catalog(r.product("a")))
    run([r.offer("a", stocks=(r.stock("w1", "10"),))])
    Stock.objects.filter(warehouse__external_id="w1").update(free=6, reserved=4)
    run([r.offer("a", stocks=(r.stock("w1", "9"),))])
    stock = Stock.objects.get(warehouse__external_id="w1")
    assert (stock.free, stock.reserved) == (5, 4)
    assert StockMovement.objects.latest("id").free_change == -1


def test_offers_of_unknown_variants_make_variants_of_their_product():
    run(CLASSIFIER + catalog(r.product("a", group_ids=("g1",))))
    counts = run(
        [
            r.offer(
                "a#x",
                name="Товар a (XL)",
                characteristics=(("Размер", "XL"),),
                prices=(r.price("pt-opt", "1"),),
            )
        ]
    )
    variant = Product.objects.get(external_id="a#x")
    assert variant.parent.external_id == "a"
    assert variant.group.external_id == "g1"
    assert counts["offers"]["created"] == 1


def test_an_offer_sends_new_characteristic_values_of_a_stored_variant():
    run(CLASSIFIER + catalog(r.product("a", group_ids=("g1",))))
    run([r.offer("a#x", characteristics=(("Размер", "XL"),), prices=(r.price("pt-opt", "1"),))])

    same = run([r.offer("a#x", characteristics=(("Размер", "XL"),))])
    assert same["offers"]["unchanged"] == 1
    counts = run([r.offer("a#x", characteristics=(("Размер", "XXL"), ("Цвет", "синий")))])

    assert counts["offers"]["updated"] == 1
    variant = Product.objects.get(external_id="a#x")
    assert variant.characteristics == [["Размер", "XXL"], ["Цвет", "синий"]]
    assert Price.objects.get(product=variant).price == 1


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (r.offer("a", prices=(r.price("nope", "1"),)), "unknown price type 'nope'"),
        (r.offer("a", stocks=(r.stock("nope", "1"),)), "unknown warehouse 'nope'"),
        (r.offer("a", prices=(r.price("pt-opt", "-1"),)), "impossible price -1"),
        (r.offer("a", prices=(r.price("pt-opt", "1e12"),)), "impossible price 1E+12"),
        (
            r.offer("a", prices=(r.price("pt-opt", "5", coefficient="-2"),)),
            "impossible coefficient -2",
        ),
    ],
)
def test_a_bad_reference_fails_and_leaves_the_batch_unwritten(bad, message):
    run(CLASSIFIER + catalog(r.product("a")))
    with pytest.raises(CmlError) as error:
        run([r.offer("b", prices=(r.price("pt-opt", "5"),)), bad])
    assert str(error.value).endswith(message)
    assert str(error.value).startswith("import.xml:")
    assert not Price.objects.exists()
    assert not Product.objects.filter(external_id="b").exists()


def test_prices_written_as_money_and_prices_to_round_land_alike():
    """A price that is already money (at most two decimals, under a trillion, per base
    unit) is stored as sent; any other is checked and rounded to kopecks, half to even."""
    run(CLASSIFIER + catalog(*(r.product(key) for key in "abcde")))
    offers = [
        r.section("offers"),
        r.offer("a", prices=(r.price("pt-opt", "1234.5"),)),
        r.offer("b", prices=(r.price("pt-opt", "1234.505"),)),
        r.offer("c", prices=(r.price("pt-opt", "1234.5", coefficient="2"),)),
        r.offer("d", prices=(r.price("pt-opt", "999999999999.99", unit="упак"),)),
        r.offer("e", prices=(r.price("pt-opt", "0"), r.price("pt-opt", "7"))),
    ]
    counts = run(offers)
    stored = Price.objects.values_list("product__external_id", "price", "unit__short_name")
    assert {key: (price, unit) for key, price, unit in stored} == {
        "a": (Decimal("1234.50"), None),
        "b": (Decimal("1234.50"), None),
        "c": (Decimal("1234.50"), None),
        "d": (Decimal("999999999999.99"), "упак"),
        "e": (Decimal("7.00"), None),  # a price type sent twice: the last one
    }
    assert counts["prices"]["created"] == 5
    # The same money written otherwise changes nothing.
    again = run([r.offer("a", prices=(r.price("pt-opt", "1234.50"),))])
    assert again["prices"] == {**again["prices"], "unchanged": 1, "updated": 0}


def test_unknown_group_and_duplicates_fail_with_the_position():
    with pytest.raises(CmlError, match="unknown group 'zz'"):
        run(CLASSIFIER + catalog(r.product("a", group_ids=("zz",))))
    with pytest.raises(CmlError, match="duplicate product 'a'"):
        run(CLASSIFIER + catalog(r.product("a"), r.product("b"), r.product("a")), batch_size=2)


@pytest.mark.parametrize(
    ("sent", "rate"),
    [("22", "22"), ("НДС 22%", "22"), ("10/110", "10"), ("0", "0"), ("Без налога", "none"),
     ("18", "22"), ("20%", "22")],
)  # fmt: skip
def test_vat_rates_as_1c_writes_them(sent, rate):
    run(CLASSIFIER + catalog(r.product("a", vat_rate=sent)))
    assert Product.objects.get(external_id="a").vat_rate == rate


def test_an_unknown_vat_rate_fails():
    with pytest.raises(CmlError, match="unknown VAT rate 'семь'"):
        run(CLASSIFIER + catalog(r.product("a", vat_rate="семь")))
