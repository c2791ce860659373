"""What the order page shows of payments (`order_payment_summary`)."""

from decimal import Decimal

import pytest

from okno.core.actor import actor_for_user
from okno.orders.models import OrderStatus
from okno.payments.selectors import order_payment_summary
from okno.payments.services import payment_callback_handle, payment_start
from okno.payments.tests.factories import order_with_lines

pytestmark = pytest.mark.django_db
D = Decimal


def _pay(actor, order, outcome: str | None = "paid"):
    payment, _started = payment_start(actor=actor, order=order)
    if outcome is not None:
        payment_callback_handle(
            provider_name="test",
            data={"payment_id": payment.provider_payment_id, "status": outcome},
        )
    return payment


def test_the_summary_counts_paid_money_and_what_is_due(buyer):
    actor = actor_for_user(buyer.person)
    order = buyer.order([("1000.00", "3")])
    summary = order_payment_summary(actor=actor, order=order)
    assert (summary.total, summary.paid, summary.due, summary.can_pay) == (
        D("3000.00"),
        D("0"),
        D("3000.00"),
        True,
    )
    _pay(actor, order, "failed")
    pending = _pay(actor, order, None)
    summary = order_payment_summary(actor=actor, order=order)
    assert summary.paid == D("0")
    assert summary.pending == pending
    assert [p.status for p in summary.payments] == ["pending", "failed"]
    payment_callback_handle(
        provider_name="test", data={"payment_id": pending.provider_payment_id, "status": "paid"}
    )
    summary = order_payment_summary(actor=actor, order=order)
    assert (summary.paid, summary.due, summary.can_pay, summary.problem) == (
        D("3000.00"),
        D("0"),
        False,
        "Заказ уже оплачен.",
    )


def test_staff_see_the_summary_but_may_not_pay(buyer):
    order = buyer.order()
    summary = order_payment_summary(actor=actor_for_user(buyer.client.manager), order=order)
    assert summary.problem is None
    assert not summary.can_pay


def test_a_companys_placed_order_may_be_paid_but_a_cancelled_one_says_why_not(buyer, world):
    company_order = order_with_lines(legal_entity=world.entity_a1, contract=world.contract_a1)
    summary = order_payment_summary(actor=actor_for_user(world.a_admin), order=company_order)
    assert (summary.problem, summary.can_pay) == (None, True)
    assert [value for value, _label in summary.methods] == ["card", "sbp"]
    cancelled = buyer.order(status=OrderStatus.CANCELLED)
    summary = order_payment_summary(actor=actor_for_user(buyer.person), order=cancelled)
    assert (summary.problem, summary.can_pay) == ("Заказ отменён.", False)
