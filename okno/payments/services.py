"""Every write of online payments: starting one, applying the bank's answer, refunding.

Locks are taken in one order — the order's row, then the payment's — so a start, a
callback and a refund of the same order never deadlock, and each sees the others' result.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.audit.services import audit_record
from okno.clients.models import Client
from okno.core.actor import Actor
from okno.core.errors import Conflict, InvalidInput
from okno.orders.models import Order
from okno.payments.models import Payment, PaymentEvent, PaymentStatus
from okno.payments.providers import PAID, CallbackResult, StartResult, provider_for
from okno.payments.rules import check_may_pay, check_may_refund, payable_problem

ZERO = Decimal("0")


def paid_amount(order_id: int) -> Decimal:
    """What the order's paid (not refunded) payments add up to."""
    total = Payment.objects.filter(order_id=order_id, status=PaymentStatus.PAID).aggregate(
        total=Sum("amount")
    )["total"]
    return total or ZERO


def _move(payment: Payment, status: str, *, user=None, note: str = "", payload=None) -> None:
    """Change a locked payment's status and log it."""
    PaymentEvent.objects.create(
        payment=payment,
        from_status=payment.status,
        to_status=status,
        user=user,
        note=note[:500],
        payload=dict(payload or {}),
    )
    payment.status = status


@transaction.atomic
def payment_start(*, actor: Actor, order: Order) -> tuple[Payment, StartResult]:
    """Start paying what is still due on an order of an individual customer, through the
    provider the settings choose. An order that is cancelled, not yet placed or fully paid
    is refused; a payment still pending for it is cancelled first, so one is pending at a
    time. Precondition: `order` was read through `visible_to(actor)`."""
    check_may_pay(actor)
    order = Order.objects.select_for_update().get(pk=order.pk)
    kind = Client.objects.filter(pk=order.client_id).values_list("kind", flat=True).get()
    paid = paid_amount(order.pk)
    problem = payable_problem(order, client_kind=kind, paid=paid)
    if problem is not None:
        raise Conflict(problem, field="order")
    for pending in Payment.objects.select_for_update().filter(
        order=order, status=PaymentStatus.PENDING
    ):
        _move(pending, PaymentStatus.CANCELLED, user=actor.user, note=_("Начата новая оплата."))
        pending.save(update_fields=["status", "updated_at"])
    provider = provider_for()
    payment = Payment.objects.create(
        order=order,
        client_id=order.client_id,
        amount=order.total - paid,
        currency=order.currency,
        provider=provider.name,
        created_by=actor.user,
    )
    PaymentEvent.objects.create(payment=payment, to_status=PaymentStatus.PENDING, user=actor.user)
    started = provider.start(payment)
    if started.provider_payment_id:
        payment.provider_payment_id = started.provider_payment_id
        payment.save(update_fields=["provider_payment_id", "updated_at"])
    return payment, started


def payment_callback_handle(*, provider_name: str, data: Mapping[str, Any]) -> Payment:
    """Apply a bank's answer about a payment. No actor: the provider proves the data came
    from the bank. Idempotent: an answer that changes nothing (a second «paid», a «failed»
    after «paid») leaves the payment and its log as they are. A «paid» for a payment
    cancelled meanwhile is still recorded — the money did arrive."""
    result = provider_for(provider_name).handle_callback(data)
    with transaction.atomic():
        found = Payment.objects.filter(
            provider=provider_name, provider_payment_id=result.provider_payment_id
        ).first()
        if found is None:
            raise InvalidInput(_("Платёж не найден."), field="payment_id")
        Order.objects.select_for_update().filter(pk=found.order_id).first()
        payment = Payment.objects.select_for_update().get(pk=found.pk)
        _apply(payment, result)
        return payment


def _apply(payment: Payment, result: CallbackResult) -> None:
    if result.outcome == PAID:
        if payment.status not in (PaymentStatus.PENDING, PaymentStatus.CANCELLED):
            return
        note = _("Оплачен после отмены.") if payment.status == PaymentStatus.CANCELLED else ""
        _move(payment, PaymentStatus.PAID, note=note, payload=result.payload)
        payment.paid_at = timezone.now()
        payment.save(update_fields=["status", "paid_at", "updated_at"])
        return
    if payment.status != PaymentStatus.PENDING:
        return
    _move(payment, PaymentStatus.FAILED, note=result.failure_reason, payload=result.payload)
    payment.failure_reason = result.failure_reason[:500]
    payment.save(update_fields=["status", "failure_reason", "updated_at"])


@transaction.atomic
def payment_refund(*, actor: Actor, payment: Payment, request=None) -> Payment:
    """Return a paid payment in full through its provider: staff who manage the client
    only, never the client. Precondition: `payment` was read through `visible_to(actor)`."""
    check_may_refund(actor)
    Order.objects.select_for_update().filter(pk=payment.order_id).first()
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status != PaymentStatus.PAID:
        raise Conflict(_("Вернуть можно только оплаченный платёж."), field="status")
    provider_for(payment.provider).refund(payment, payment.amount)
    _move(payment, PaymentStatus.REFUNDED, user=actor.user)
    payment.refunded_at = timezone.now()
    payment.save(update_fields=["status", "refunded_at", "updated_at"])
    audit_record(
        action="payment.refunded",
        user=actor.user,
        obj=payment,
        changes={"amount": [str(payment.amount), None]},
        request=request,
    )
    return payment
