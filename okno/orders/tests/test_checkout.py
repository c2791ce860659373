from decimal import Decimal

import pytest

from okno.catalog.models import Stock, StockMovement
from okno.core.errors import Conflict, InvalidInput
from okno.finance.tests.factories import opening_balance_post
from okno.orders.models import OrderStatus
from okno.orders.services.checkout import order_place
from okno.orders.services.lifecycle import order_approve, order_cancel
from okno.orders.tests.store import build_store

pytestmark = pytest.mark.django_db
D = Decimal


def test_an_order_takes_the_contract_price_and_reserves_stock():
    store = build_store()
    bolt = store.product(price="100.00", kazan="50")
    order = store.order((bolt, "5"))
    assert order.status == OrderStatus.SUBMITTED
    assert order.number.startswith("ОК-")
    line = order.lines.get()
    # The wholesale price less the contract's 10 %.
    assert (line.price, line.amount, line.reserved) == (D("90.00"), D("450.00"), D("5"))
    assert order.total == D("450.00")
    stock = Stock.objects.get(product=bolt, warehouse=store.shop.kazan)
    assert (stock.free, stock.reserved) == (D("45"), D("5"))
    assert list(order.history.values_list("from_status", "to_status")) == [("draft", "submitted")]


def test_the_cart_is_emptied_only_when_the_order_is_placed():
    store = build_store()
    bolt = store.product(kazan="2")
    cart = store.cart((bolt, "5"))
    with pytest.raises(Conflict) as short:
        order_place(actor=store.actor(), checkout=store.checkout(cart))
    assert bolt.article in short.value.message
    assert cart.lines.count() == 1
    assert not StockMovement.objects.filter(product=bolt).exists()


def test_a_quantity_off_the_multiplicity_is_refused_at_checkout():
    store = build_store()
    box = store.product(multiplicity=D("6"))
    cart = store.cart((box, "7"))
    with pytest.raises(InvalidInput) as refused:
        order_place(actor=store.actor(), checkout=store.checkout(cart))
    assert refused.value.field == "lines"


def test_an_order_above_the_threshold_waits_for_the_client_admin():
    store = build_store()
    store.shop.client.order_approval_threshold = D("100")
    store.shop.client.save()
    bolt = store.product(price="100.00")
    order = store.order((bolt, "3"))
    assert order.status == OrderStatus.AWAITING_APPROVAL
    assert not Stock.objects.filter(product=bolt, reserved__gt=0).exists()
    order = order_approve(actor=store.actor(store.client_admin), order=order)
    assert order.status == OrderStatus.SUBMITTED
    assert Stock.objects.get(product=bolt, warehouse=store.shop.kazan).reserved == D("3")


def test_credit_limit_blocks_or_warns_per_contract():
    store = build_store()
    store.contract.credit_limit = D("1000")
    store.contract.save()
    opening_balance_post(store.contract, D("900"))
    bolt = store.product(price="100.00")
    cart = store.cart((bolt, "3"))
    with pytest.raises(Conflict) as blocked:
        order_place(actor=store.actor(), checkout=store.checkout(cart))
    assert blocked.value.code == "credit_blocked"
    store.contract.credit_mode = "warn"
    store.contract.save()
    with pytest.raises(Conflict) as warned:
        order_place(actor=store.actor(), checkout=store.checkout(cart))
    assert warned.value.code == "credit_warning"
    order = order_place(actor=store.actor(), checkout=store.checkout(cart, confirm_credit=True))
    assert "лимит" in order.credit_warning


def test_overdue_debt_in_the_ledger_blocks_checkout():
    store = build_store()
    store.contract.payment_deferral_days = 10
    store.contract.save()
    opening_balance_post(store.contract, D("500"), days_ago=40)
    cart = store.cart((store.product(price="100.00"), "1"))
    with pytest.raises(Conflict) as blocked:
        order_place(actor=store.actor(), checkout=store.checkout(cart))
    assert blocked.value.code == "credit_blocked"
    assert "просроченная" in blocked.value.message


def test_cancelling_releases_the_reserve():
    store = build_store()
    bolt = store.product(kazan="10")
    order = store.order((bolt, "4"))
    order_cancel(actor=store.actor(), order=order, reason="передумали")
    stock = Stock.objects.get(product=bolt, warehouse=store.shop.kazan)
    assert (stock.free, stock.reserved) == (D("10"), D("0"))
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
