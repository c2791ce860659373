from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okno.catalog.tests.factories import (
    BarcodeFactory,
    ClientArticleFactory,
    ProductUnitFactory,
    UnitFactory,
)
from okno.clients.tests.factories import MembershipFactory
from okno.core.actor import actor_for_user
from okno.core.errors import NotAllowed
from okno.core.roles import ClientRole
from okno.orders.quick.parse import Paste, parse_text
from okno.orders.quick.preview import Status, quick_order_preview, quick_preview
from okno.orders.services.carts import cart_active
from okno.orders.tests.store import build_store

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def store():
    return build_store()


def _preview(store, text: str):
    actor = store.actor()
    return quick_order_preview(actor=actor, cart=cart_active(actor=actor), text=text)


def _by_line(preview):
    return {line.line: line for line in preview.lines}


def test_each_line_gets_a_status_and_the_found_ones_a_price(store):
    bolt = store.product(article="БТ-100", price="100.00")
    store.product(article="СНЯТ-1", is_active=False)
    preview = _preview(
        store,
        "Артикул;Количество\n\nбт 100;3\nНЕТ-ТАКОГО;1\nСНЯТ-1;1\nБТ-100;ноль\nБТ-100;2;ящ\n;5",
    )
    lines = _by_line(preview)
    assert {number: line.status for number, line in lines.items()} == {
        1: Status.HEADER,
        3: Status.FOUND,
        4: Status.UNKNOWN,
        5: Status.UNKNOWN,
        6: Status.BAD_QUANTITY,
        7: Status.BAD_UNIT,
        8: Status.UNKNOWN,
    }
    assert preview.empty_lines == 1
    found = lines[3]
    assert found.product == bolt
    # The wholesale price less the contract's 10 %.
    assert (found.price.unit_price, found.price.total) == (D("90.00"), D("270.00"))
    assert "снят с продажи" in lines[5].messages[0]
    assert "не число" in lines[6].messages[0]
    assert "ящ" in lines[7].messages[0]
    assert preview.counts[Status.UNKNOWN] == 3
    assert [line.line for line in preview.addable] == [3]


def test_barcodes_and_the_clients_own_articles_find_products(store):
    bolt = store.product()
    nut = store.product()
    BarcodeFactory(product=bolt, code="4600000000017")
    ClientArticleFactory(client=store.shop.client, product=nut, article="МОЙ-Гайка.8")
    # Another client's own article means nothing to this one.
    ClientArticleFactory(product=bolt, article="ЧУЖОЙ-1")
    lines = _by_line(_preview(store, "4600000000017;1\nмой гайка 8;2\nЧУЖОЙ-1;1"))
    assert (lines[1].product, lines[2].product) == (bolt, nut)
    assert "штрихкоду" in lines[1].messages[0]
    assert "вашему артикулу" in lines[2].messages[0]
    assert lines[3].status == Status.UNKNOWN


def test_an_article_of_several_products_asks_which_and_the_pick_settles_it(store):
    first = store.product(article="AB-1")
    second = store.product(article="ab 1")
    actor = store.actor()
    cart = cart_active(actor=actor)
    paste = parse_text("AB1;2")
    (line,) = quick_preview(actor=actor, cart=cart, paste=paste).lines
    assert line.status == Status.AMBIGUOUS
    assert {c.product for c in line.candidates} == {first, second}
    picked = Paste([replace(paste.lines[0], product_id=second.pk)])
    (line,) = quick_preview(actor=actor, cart=cart, paste=picked).lines
    assert (line.status, line.product) == (Status.FOUND, second)


def test_off_the_multiplicity_suggests_rounding_and_accepting_it_orders_the_suggestion(store):
    box = store.product(article="КОР-6", multiplicity=D("6"), min_quantity=D("12"))
    ProductUnitFactory(product=box, unit=UnitFactory(short_name="уп"), coefficient=D("6"))
    actor = store.actor()
    cart = cart_active(actor=actor)
    paste = parse_text("КОР-6;7\nКОР-6;3;уп")
    below, packs = quick_preview(actor=actor, cart=cart, paste=paste).lines
    assert below.status == Status.ROUNDING
    assert "12 шт" in below.messages[0]
    assert not below.addable
    # 3 packs of 6 meet both rules.
    assert packs.status != Status.ROUNDING
    accepted = Paste([replace(paste.lines[0], round_up=True), paste.lines[1]])
    below = quick_preview(actor=actor, cart=cart, paste=accepted).lines[0]
    assert below.addable
    assert (below.order_quantity, below.order_unit.name) == (D("12"), "шт")
    assert below.price.quantity == D("12")


def test_short_of_stock_is_a_warning_counting_every_line_of_the_product(store):
    # Kazan (the contract's warehouse) has 7, Moscow 30.
    bolt = store.product(article="БТ-1")
    nut = store.product(article="ГК-1")
    lines = _by_line(_preview(store, "БТ-1;5\nГК-1;50\nБТ-1;4"))
    assert lines[1].status == lines[3].status == Status.SHORT
    assert any("остальное — с других складов" in m for m in lines[1].messages)
    assert any("в строках 1, 3" in m for m in lines[3].messages)
    assert lines[2].status == Status.SHORT
    assert any("всего в наличии 37" in m for m in lines[2].messages)
    assert (lines[2].stock_here, lines[2].stock_total) == (D("7"), D("37"))
    assert all(line.addable for line in lines.values())
    assert {line.product for line in lines.values()} == {bolt, nut}


def test_what_the_cart_holds_counts_against_stock(store):
    bolt = store.product(article="БТ-2")
    store.cart((bolt, "6"))
    (line,) = _preview(store, "БТ-2;2").lines
    assert line.status == Status.SHORT
    assert any("В корзине уже 6" in m for m in line.messages)


def test_huge_and_fractional_quantities_are_refused_with_the_reason(store):
    store.product(article="БТ-3")
    lines = _preview(store, "БТ-3;99999999999\nБТ-3;1,2345\nБТ-3;-1\nБТ-3").lines
    assert [line.status for line in lines] == [Status.BAD_QUANTITY] * 4
    messages = [line.messages[0] for line in lines]
    assert "проверьте число" in messages[0]
    assert "трёх знаков" in messages[1]
    assert "больше нуля" in messages[2]
    assert "Не указано количество" in messages[3]


def test_only_people_who_may_order_get_a_preview(store):
    viewer = MembershipFactory(
        client=store.shop.client, role=ClientRole.VIEWER, may_order=False
    ).user
    cart = cart_active(actor=store.actor())
    with pytest.raises(NotAllowed):
        quick_order_preview(actor=actor_for_user(viewer), cart=cart, text="A;1")


def test_the_preview_runs_the_same_queries_for_10_lines_as_for_200(
    store, django_assert_max_num_queries
):
    products = [store.product(article=f"Q-{n:03d}") for n in range(200)]
    BarcodeFactory(product=products[0], code="4600000000024")
    actor = store.actor()
    cart = store.cart((products[1], "1"))

    def text(count):
        return "\n".join(f"Q-{n:03d};1" for n in range(count)) + "\n4600000000024;1\nНЕТ;1"

    quick_order_preview(actor=actor, cart=cart, text=text(10))
    with django_assert_max_num_queries(15) as few:
        quick_order_preview(actor=actor, cart=cart, text=text(10))
    with django_assert_max_num_queries(15) as many:
        preview = quick_order_preview(actor=actor, cart=cart, text=text(200))
    assert len(few) == len(many)
    assert preview.counts[Status.FOUND] + preview.counts[Status.SHORT] == 201


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_every_pasted_line_is_accounted_for_exactly_once(store, text):
    preview = _preview(store, text)
    expected = [n for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    assert [line.line for line in preview.lines] == expected
    assert sum(preview.counts.values()) == len(expected)
