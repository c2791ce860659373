"""Offers files sent again: an offer whose element is the one last written is passed over
without reading its prices and stock; one whose stock another file changed since is read
and written again."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from okno.catalog.models import Price, ProductExchangeMark, Stock, StockMovement
from okno.exchange.cml.records import CmlError
from okno.exchange.importing import import_file
from okno.exchange.importing.jobs import catalog_deactivate
from okno.exchange.tests import records as r
from okno.exchange.tests.test_import_writers import CLASSIFIER, catalog, run

pytestmark = pytest.mark.django_db

HEAD = '<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="2.07">'


def offers_file(tmp_path, name: str, offers: str, *, only_changes: str = "false"):
    path = tmp_path / name
    path.write_text(
        f'{HEAD}<ПакетПредложений СодержитТолькоИзменения="{only_changes}"><Ид>c#</Ид>'
        f"<Предложения>{offers}</Предложения></ПакетПредложений></КоммерческаяИнформация>",
        encoding="utf-8",
    )
    return path


def offer(external_id: str, price: str, w1: str) -> str:
    return (
        f"<Предложение><Ид>{external_id}</Ид><Цены><Цена><ИдТипаЦены>pt-opt</ИдТипаЦены>"
        f"<ЦенаЗаЕдиницу>{price}</ЦенаЗаЕдиницу></Цена></Цены>"
        f'<Склад ИдСклада="w1" КоличествоНаСкладе="{w1}"/></Предложение>'
    )


def free(external_id: str) -> Decimal:
    return Stock.objects.get(product__external_id=external_id, warehouse__external_id="w1").free


def test_an_offers_file_sent_again_is_passed_over_until_something_changes(tmp_path):
    run(CLASSIFIER + catalog(r.product("a"), r.product("b")))
    offers = offers_file(tmp_path, "offers0_1.xml", offer("a", "10", "5") + offer("b", "20", "7"))
    first = import_file(path=offers)
    assert first["prices"]["created"] == 2
    assert (free("a"), free("b")) == (5, 7)
    movements = StockMovement.objects.count()

    again = import_file(path=offers)
    assert again["offers"] == {**again["offers"], "unchanged": 2, "updated": 0}
    assert "prices" not in again
    assert StockMovement.objects.count() == movements

    rests = offers_file(
        tmp_path,
        "rests0_1.xml",
        "<Предложение><Ид>a</Ид><Остатки><Остаток><Склад><Ид>w1</Ид>"
        "<Количество>1</Количество></Склад></Остаток></Остатки></Предложение>",
        only_changes="true",
    )
    import_file(path=rests)
    assert free("a") == 1
    restored = import_file(path=offers)
    assert restored["offers"] == {**restored["offers"], "unchanged": 1, "updated": 1}
    assert (free("a"), free("b")) == (5, 7)

    changed = offers_file(tmp_path, "offers0_1.xml", offer("a", "10", "5") + offer("b", "25", "7"))
    counts = import_file(path=changed)
    assert counts["prices"] == {**counts["prices"], "updated": 1}
    assert Price.objects.get(product__external_id="b").price == Decimal(25)


def test_offers_sent_again_are_marked_as_named_and_a_duplicate_is_still_caught(tmp_path):
    """An offer whose mark already holds its digests gets the new moment alone; the
    package's deactivation then keeps its product, and naming it twice still fails."""
    run(CLASSIFIER + catalog(r.product("a"), r.product("b"), r.product("c")))
    offers = offers_file(tmp_path, "offers0_1.xml", offer("a", "10", "5") + offer("b", "20", "7"))
    import_file(path=offers)
    since = timezone.now()
    again = import_file(path=offers)
    assert again["offers"] == {**again["offers"], "unchanged": 2}
    marked = ProductExchangeMark.objects.filter(exchanged_at__gte=since)
    assert sorted(marked.values_list("product__external_id", flat=True)) == ["a", "b"]
    assert catalog_deactivate(since=since) == 1  # "c", named by no file since
    assert ProductExchangeMark.objects.get(product__external_id="a").prices_hash

    # Both as held, left out unread: the second is still told from the first.
    twice = offers_file(tmp_path, "twice.xml", offer("a", "10", "5") * 2)
    with pytest.raises(CmlError, match="duplicate offer 'a'"):
        import_file(path=twice)
