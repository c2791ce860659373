from dataclasses import replace
from decimal import Decimal

import pytest

from okno.orders.quick.parse import Paste, parse_text
from okno.orders.quick.services import quick_order_apply
from okno.orders.services.carts import cart_active
from okno.orders.tests.store import build_store

pytestmark = pytest.mark.django_db
D = Decimal


def test_good_and_short_lines_go_in_the_rest_come_back_as_text():
    store = build_store()
    bolt = store.product(article="БТ-1")
    nut = store.product(article="ГК-1")
    box = store.product(article="КОР-6", multiplicity=D("6"))
    actor = store.actor()
    cart = cart_active(actor=actor)
    text = "Артикул;Кол-во\nБТ-1;2\nГК-1;500\nНЕТ-1;3\nКОР-6;7\nБТ-1;1"
    result = quick_order_apply(actor=actor, cart=cart, paste=parse_text(text))
    assert [line.line for line in result.added] == [2, 3, 6]
    lines = {line.product_id: line.quantity for line in cart.lines.all()}
    # Both lines of the bolt make one cart line; the nut goes in though short of stock.
    assert lines == {bolt.pk: D("3"), nut.pk: D("500")}
    assert box.pk not in lines
    assert result.remaining_text == "НЕТ-1;3\nКОР-6;7"


def test_rounding_goes_in_only_when_accepted():
    store = build_store()
    box = store.product(article="КОР-6", multiplicity=D("6"))
    actor = store.actor()
    cart = cart_active(actor=actor)
    paste = parse_text("КОР-6;7")
    declined = quick_order_apply(actor=actor, cart=cart, paste=paste)
    assert not declined.added
    assert not cart.lines.exists()
    accepted = Paste([replace(paste.lines[0], round_up=True)])
    quick_order_apply(actor=actor, cart=cart, paste=accepted)
    line = cart.lines.get()
    assert (line.product_id, line.quantity) == (box.pk, D("12"))


def test_lines_add_to_what_the_cart_holds():
    store = build_store()
    bolt = store.product(article="БТ-1")
    cart = store.cart((bolt, "2"))
    quick_order_apply(actor=store.actor(), cart=cart, paste=parse_text("бт1;3"))
    assert cart.lines.get().quantity == D("5")
