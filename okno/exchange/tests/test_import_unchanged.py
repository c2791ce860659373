"""Catalog and offers files sent again: what the catalog holds unchanged is left out of
parsing (see unchanged.py) and counted as unchanged, what changed is read and written."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from okno.catalog.models import Price, Product, Stock, StockMovement
from okno.exchange.importing import import_file
from okno.exchange.importing.known import KnownOffers
from okno.exchange.tests.generated_files import catalog_write, offers_write
from okno.exchange.tests.test_import_jobs import _catalog_snapshot, _generated_references

pytestmark = pytest.mark.django_db


def _guid(kind: int, number: int) -> str:
    return f"{kind:08x}-0000-4000-8000-{number:012x}"


@pytest.fixture
def sent(tmp_path: Path) -> tuple[Path, Path]:
    _generated_references(price_types=2, warehouses=1)
    products = catalog_write(tmp_path / "import.xml", products=600)
    offered = offers_write(tmp_path / "offers.xml", offers=600, prices=2, stocks=1)
    import_file(path=products)
    import_file(path=offered)
    return products, offered


def test_files_sent_again_are_left_out_and_change_nothing(sent, left_out: list[str]) -> None:
    products, offered = sent
    before = _catalog_snapshot()
    stamps = dict(Product.objects.values_list("id", "updated_at"))

    catalog_counts = import_file(path=products)
    assert catalog_counts["products"] == {**catalog_counts["products"], "unchanged": 600}
    offers_counts = import_file(path=offered)
    assert offers_counts["offers"] == {**offers_counts["offers"], "unchanged": 600, "updated": 0}
    assert _catalog_snapshot() == before
    assert dict(Product.objects.values_list("id", "updated_at")) == stamps
    # All but the few objects lxml had read before the lists' first one.
    assert len(left_out) > 1_000


def test_a_changed_offer_among_unchanged_ones_is_read_and_written(
    sent, tmp_path: Path, left_out: list[str]
) -> None:
    _, offered = sent
    text = offered.read_text(encoding="utf-8")
    at = text.index("<ЦенаЗаЕдиницу>", text.index(_guid(2, 400)))
    changed = tmp_path / "changed" / "offers.xml"
    changed.parent.mkdir()
    changed.write_text(text[:at] + "<ЦенаЗаЕдиницу>777" + text[at + 18 :], encoding="utf-8")
    movements = StockMovement.objects.count()

    counts = import_file(path=changed)
    assert counts["offers"] == {**counts["offers"], "unchanged": 599, "updated": 1}
    assert counts["prices"] == {**counts["prices"], "updated": 1}
    held = Price.objects.get(
        product__external_id=_guid(2, 400), price_type__external_id=_guid(3, 0)
    )
    assert held.price == Decimal("777.50")
    assert _guid(2, 400) not in left_out
    assert {_guid(2, 399), _guid(2, 401)} <= set(left_out)
    assert StockMovement.objects.count() == movements


def test_prices_and_rests_files_sent_again_are_left_out(tmp_path: Path, left_out: list) -> None:
    """Package files: the prices of one file and the stock of another are each held as
    their own element sent them; stock another file zeroed since is read again."""
    _generated_references(price_types=2, warehouses=2)
    import_file(path=catalog_write(tmp_path / "import.xml", products=600))
    prices = offers_write(tmp_path / "prices.xml", offers=600, prices=2, stocks=0)
    rests = _rests_write(tmp_path / "rests.xml", offers=600)
    (tmp_path / "fewer").mkdir()
    fewer = _rests_write(tmp_path / "fewer" / "rests.xml", offers=500)
    for path in (prices, rests):
        import_file(path=path)
    assert _free(550) == 1

    for path in (prices, rests):
        counts = import_file(path=path)
        assert counts["offers"] == {**counts["offers"], "unchanged": 600, "updated": 0}
    assert len(left_out) > 900

    import_file(path=fewer)  # a full rests file: the last hundred have no stock now
    assert _free(550) == 0
    left_out.clear()
    counts = import_file(path=rests)
    assert counts["offers"] == {**counts["offers"], "unchanged": 500, "updated": 100}
    assert _free(550) == 1
    assert not {_guid(2, number) for number in range(500, 600)} & set(left_out)


def test_offers_of_names_alone_are_left_out_where_their_products_are_held(
    tmp_path: Path, left_out: list
) -> None:
    """A package's offers file sends names and no prices or stock: an offer of a product
    held writes nothing and is left out even the first time; one of a product the catalog
    lacks is read, and the product is made from it."""
    _generated_references(price_types=1, warehouses=1)
    import_file(path=catalog_write(tmp_path / "import.xml", products=1_200))
    offers_write(tmp_path / "offers.xml", offers=1_300, prices=0, stocks=0)
    path = tmp_path / "offers.xml"
    text = path.read_text(encoding="utf-8").replace("\t\t\t\t<Цены>\n\t\t\t\t</Цены>\n", "")
    path.write_text(text, encoding="utf-8")
    names = dict(Product.objects.values_list("external_id", "name"))

    counts = import_file(path=path)
    assert counts["offers"] == {**counts["offers"], "unchanged": 1_200, "created": 100}
    # Every held offer after lxml's first read (64 KB), the made ones not.
    first = int(left_out[0].rpartition("-")[2], 16)
    assert first < 400
    assert left_out == [_guid(2, number) for number in range(first, 1_200)]
    made = Product.objects.get(external_id=_guid(2, 1_250))
    assert made.name == "Товар номер 1250"
    assert (
        dict(Product.objects.filter(external_id__in=names).values_list("external_id", "name"))
        == names
    )

    left_out.clear()
    counts = import_file(path=path)
    assert counts["offers"] == {**counts["offers"], "unchanged": 1_300, "created": 0}
    assert {_guid(2, number) for number in range(1_200, 1_300)} <= set(left_out)


def test_offers_of_characteristics_sent_again_are_left_out(tmp_path: Path, left_out: list):
    """A package's offers file sends the variants' characteristics alone: an offer whose
    very element set them is left out sent again; one that changed is read and written, and
    so is the offer of a product a catalog file has rewritten since, with characteristics
    of its own."""
    _generated_references(price_types=1, warehouses=1)
    catalog = catalog_write(tmp_path / "import.xml", products=600)
    import_file(path=catalog)
    path = _characteristics_write(tmp_path / "offers.xml", offers=600)
    counts = import_file(path=path)
    assert counts["offers"] == {**counts["offers"], "updated": 600}
    assert _characteristics(5) == [["Размер", "XL"]]

    left_out.clear()
    counts = import_file(path=path)
    assert counts["offers"] == {**counts["offers"], "unchanged": 600, "updated": 0}
    # Every offer after lxml's first read (64 KB).
    assert {_guid(2, number) for number in range(300, 600)} <= set(left_out)

    (tmp_path / "changed").mkdir()
    changed = _characteristics_write(tmp_path / "changed" / "offers.xml", offers=600, big=400)
    left_out.clear()
    counts = import_file(path=changed)
    assert counts["offers"] == {**counts["offers"], "unchanged": 599, "updated": 1}
    assert _characteristics(400) == [["Размер", "XXL"]]
    assert _guid(2, 400) not in left_out

    text = catalog.read_text(encoding="utf-8").replace("Товар номер 500<", "Товар 500 новый<")
    (tmp_path / "renamed").mkdir()
    renamed = tmp_path / "renamed" / "import.xml"
    renamed.write_text(text, encoding="utf-8")
    import_file(path=renamed)
    assert _characteristics(500) == []  # the catalog's own
    left_out.clear()
    counts = import_file(path=changed)
    assert counts["offers"] == {**counts["offers"], "unchanged": 599, "updated": 1}
    assert _characteristics(500) == [["Размер", "XL"]]
    assert _guid(2, 500) not in left_out


def _characteristics(number: int) -> list:
    return Product.objects.get(external_id=_guid(2, number)).characteristics


def _characteristics_write(path: Path, *, offers: int, big: int | None = None) -> Path:
    """Offers of names and characteristics alone (size XL; XXL for the `big`th)."""
    offers_write(path, offers=offers, prices=0, stocks=0)
    text = path.read_text(encoding="utf-8").replace("\t\t\t\t<Цены>\n\t\t\t\t</Цены>\n", "")
    characteristic = (
        "\t\t\t\t<ХарактеристикиТовара>\n\t\t\t\t\t<ХарактеристикаТовара>\n"
        "\t\t\t\t\t\t<Наименование>Размер</Наименование>\n"
        "\t\t\t\t\t\t<Значение>{}</Значение>\n"
        "\t\t\t\t\t</ХарактеристикаТовара>\n\t\t\t\t</ХарактеристикиТовара>\n"
    )
    lines = []
    for line in text.splitlines(keepends=True):
        lines.append(line)
        if line.startswith("\t\t\t\t<Наименование>Товар номер "):
            size = (
                "XXL"
                if line == f"\t\t\t\t<Наименование>Товар номер {big}</Наименование>\n"
                else "XL"
            )
            lines.append(characteristic.format(size))
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _free(number: int) -> Decimal:
    """The stock of the `number`th product in the second warehouse (1 where sent)."""
    return Stock.objects.get(
        product__external_id=_guid(2, number), warehouse__external_id=_guid(4, 1)
    ).free


def _rests_write(path: Path, *, offers: int) -> Path:
    """A full rests file: offers with stock and no `Цены` at all."""
    offers_write(path, offers=offers, prices=0, stocks=2)
    text = path.read_text(encoding="utf-8").replace("\t\t\t\t<Цены>\n\t\t\t\t</Цены>\n", "")
    full = '<ПакетПредложений СодержитТолькоИзменения="false">'
    path.write_text(text.replace("<ПакетПредложений>", full), encoding="utf-8")
    return path


def test_a_product_deleted_while_its_offer_is_left_out_fails_the_file(
    sent, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, offered = sent
    load = KnownOffers._load
    gone = _guid(2, 300)

    def loaded_then_deleted() -> set[int]:
        keys = load()
        Product.objects.filter(external_id=gone).delete()
        return keys

    monkeypatch.setattr(KnownOffers, "_load", staticmethod(loaded_then_deleted))
    with pytest.raises(Exception, match=f"product '{gone}' was deleted during the import"):
        import_file(path=offered)
