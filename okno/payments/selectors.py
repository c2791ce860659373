"""Reads of online payments, always through `visible_to(actor)`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum

from okno.core.actor import Actor
from okno.core.scoping import get_visible_or_404
from okno.finance.models import DocumentKind, SettlementDocument
from okno.orders.models import Order
from okno.payments.models import LEDGER_SOURCE, Payment, PaymentMethod, PaymentStatus
from okno.payments.providers import provider_for
from okno.payments.rules import may_pay, payable_problem

ZERO = Decimal("0")


@dataclass(frozen=True)
class OrderPaymentSummary:
    """What the order page shows of payments: the order's total, what is paid and still
    due, the payments newest first, the one pending (if any), whether the actor may press
    «Оплатить» now, and if the order cannot be paid online, why."""

    total: Decimal
    paid: Decimal
    due: Decimal
    payments: list[Payment]
    pending: Payment | None
    can_pay: bool
    problem: str | None
    methods: tuple[tuple[str, str], ...] = ()


def order_payment_summary(*, actor: Actor, order: Order) -> OrderPaymentSummary:
    """Payments of an order the actor sees (read through `visible_to(actor)`); what is paid
    counts the payments 1C sent for the order besides the online ones. Three queries."""
    payments = list(
        Payment.objects.visible_to(actor).filter(order_id=order.pk).order_by("-created_at", "-pk")
    )
    paid = sum((p.amount for p in payments if p.status == PaymentStatus.PAID), ZERO)
    paid += order_paid_by_transfer(order.pk)
    problem = payable_problem(order, paid=paid)
    return OrderPaymentSummary(
        total=order.total,
        paid=paid,
        due=max(order.total - paid, ZERO),
        payments=payments,
        pending=next((p for p in payments if p.status == PaymentStatus.PENDING), None),
        can_pay=problem is None and may_pay(actor),
        problem=problem,
        methods=payment_methods(),
    )


def order_payment_summary_of(*, actor: Actor, order_id: int) -> OrderPaymentSummary:
    """The payment summary of an order the actor sees, by its id (404 otherwise)."""
    order = get_visible_or_404(Order, actor, pk=order_id)
    return order_payment_summary(actor=actor, order=order)


def payment_methods() -> tuple[tuple[str, str], ...]:
    """The ways to pay the provider in use offers, as (value, label) for the buttons."""
    offered = provider_for().methods
    return tuple((value, str(label)) for value, label in PaymentMethod.choices if value in offered)


def order_paid_by_transfer(order_id: int) -> Decimal:
    """The payments of the order that 1C sent (standing, not the portal's own online ones,
    which the order's payments count already)."""
    total = (
        SettlementDocument.objects.filter(
            order_id=order_id, kind=DocumentKind.PAYMENT, is_deleted=False
        )
        .exclude(source=LEDGER_SOURCE)
        .aggregate(total=Sum("amount"))["total"]
    )
    return total or ZERO


def payment_list(*, actor: Actor, order_id: int | None = None) -> QuerySet[Payment]:
    """Payments the actor sees, newest first, with their order."""
    return (
        Payment.objects.visible_to(actor)
        .filter_given(order_id=order_id)
        .select_related("order")
        .order_by("-created_at", "-pk")
    )


def payment_of(*, actor: Actor, payment_uuid: uuid.UUID | str) -> Payment:
    """A payment the actor sees, with its order; 404 for another client's or a missing one."""
    rows = Payment.objects.select_related("order", "order__client")
    return get_visible_or_404(rows, actor, uuid=payment_uuid)


def payment_events(*, actor: Actor, payment: Payment) -> list:
    """A payment's log, oldest first, with who made each change."""
    return list(payment.events.visible_to(actor).select_related("user"))
