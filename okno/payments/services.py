"""Every write of online payments: starting one, applying the bank's answer, refunding,
and the settlement documents a paid or refunded payment writes to the ledger.

Locks are taken in one order — the order's row, then the payment's, then (in the ledger)
the contract's and the document's — so a start, a callback and a refund of the same order
never deadlock, and each sees the others' result. A payment reaches «paid» once, under
those locks, and only that move posts its «payment» document; the document is keyed by the
provider's payment id besides (ADR 0011), so no retry of the bank posts it twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from okno.audit.services import audit_record
from okno.core.actor import Actor
from okno.core.errors import Conflict, InvalidInput
from okno.finance.models import DocumentKind
from okno.finance.services.ledger import DocumentData, settlement_document_post
from okno.orders.models import Order
from okno.payments.models import (
    LEDGER_SOURCE,
    Payment,
    PaymentEvent,
    PaymentMethod,
    PaymentStatus,
)
from okno.payments.providers import (
    FAILED,
    PAID,
    REFUNDED,
    CallbackResult,
    ProviderUnavailable,
    StartResult,
    provider_for,
)
from okno.payments.rules import check_may_pay, check_may_refund, payable_problem
from okno.payments.selectors import order_paid_by_transfer

ZERO = Decimal("0")


def paid_amount(order_id: int) -> Decimal:
    """What is paid on the order: its paid (not refunded) online payments, and the payments
    1C sent for it (a bank transfer by the invoice)."""
    total = Payment.objects.filter(order_id=order_id, status=PaymentStatus.PAID).aggregate(
        total=Sum("amount")
    )["total"]
    return (total or ZERO) + order_paid_by_transfer(order_id)


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


def payment_start(
    *, actor: Actor, order: Order, method: str = PaymentMethod.CARD
) -> tuple[Payment, StartResult]:
    """Start paying what is still due on an order (an individual customer's, or the invoice
    of a business client's) by `method` — a card or СБП — through the provider the settings
    choose. An order that is cancelled, not yet placed or fully paid is refused; a payment
    still pending for it is cancelled first, so one is pending at a time. If the provider
    does not answer, the payment is kept as failed and `ProviderUnavailable` raised.
    Precondition: `order` was read through `visible_to(actor)`.

    The payment is written and committed before the provider is asked, so waiting for the
    bank never holds the order's lock (on SQLite, every writer of the database)."""
    check_may_pay(actor)
    provider = provider_for()
    if method not in provider.methods:
        raise InvalidInput(_("Этот способ оплаты недоступен."), field="method")
    payment = _payment_open(actor=actor, order=order, method=method, provider_name=provider.name)
    try:
        started = provider.start(payment)
    except ProviderUnavailable:
        _payment_unstarted(payment)
        raise
    if started.provider_payment_id:
        payment.provider_payment_id = started.provider_payment_id
        payment.save(update_fields=["provider_payment_id", "updated_at"])
    return payment, started


@transaction.atomic
def _payment_open(*, actor: Actor, order: Order, method: str, provider_name: str) -> Payment:
    order = Order.objects.select_for_update().get(pk=order.pk)
    paid = paid_amount(order.pk)
    problem = payable_problem(order, paid=paid)
    if problem is not None:
        raise Conflict(problem, field="order")
    for pending in Payment.objects.select_for_update().filter(
        order=order, status=PaymentStatus.PENDING
    ):
        _move(pending, PaymentStatus.CANCELLED, user=actor.user, note=_("Начата новая оплата."))
        pending.save(update_fields=["status", "updated_at"])
    payment = Payment.objects.create(
        order=order,
        client_id=order.client_id,
        amount=order.total - paid,
        currency=order.currency,
        method=method,
        provider=provider_name,
        created_by=actor.user,
    )
    PaymentEvent.objects.create(payment=payment, to_status=PaymentStatus.PENDING, user=actor.user)
    return payment


@transaction.atomic
def _payment_unstarted(payment: Payment) -> None:
    """The provider did not start the payment: it fails (unless something moved it since)."""
    locked = Payment.objects.select_for_update().get(pk=payment.pk)
    if locked.status != PaymentStatus.PENDING:
        return
    reason = _("Платёжный сервис не ответил.")
    _move(locked, PaymentStatus.FAILED, note=reason)
    locked.failure_reason = reason
    locked.save(update_fields=["status", "failure_reason", "updated_at"])


def payment_callback_handle(*, provider_name: str, data: Mapping[str, Any]) -> Payment:
    """Apply a bank's notification about a payment. No actor: the provider proves the data
    came from the bank (for YooKassa, by reading the payment back from its API). Idempotent:
    an answer that changes nothing (a second «paid», a «failed» after «paid») leaves the
    payment, its log and the ledger as they are. A «paid» for a payment cancelled meanwhile
    is still recorded — the money did arrive."""
    result = provider_for(provider_name).handle_callback(data)
    return _settle(provider_name, result)


def payment_sync(*, payment: Payment) -> Payment:
    """Ask the payment's provider what became of a pending payment (the person came back
    from the bank before its notification did) and apply the answer like a notification.
    A provider that cannot be asked, or does not answer, leaves the payment as it is."""
    if payment.status != PaymentStatus.PENDING or not payment.provider_payment_id:
        return payment
    result = provider_for(payment.provider).fetch(payment)
    if result is None:
        return payment
    return _settle(payment.provider, result)


def _settle(provider_name: str, result: CallbackResult) -> Payment:
    with transaction.atomic():
        found = Payment.objects.filter(
            provider=provider_name, provider_payment_id=result.provider_payment_id
        ).first()
        if found is None:
            raise InvalidInput(_("Платёж не найден."), field="payment_id")
        Order.objects.select_for_update().filter(pk=found.order_id).first()
        payment = Payment.objects.select_for_update().select_related("order").get(pk=found.pk)
        if result.amount is not None and result.amount != payment.amount:
            raise InvalidInput(_("Сумма платежа в банке не совпадает с нашей."), field="amount")
        _apply(payment, result)
        return payment


def _apply(payment: Payment, result: CallbackResult) -> None:
    if result.outcome == PAID:
        _apply_paid(payment, result)
    elif result.outcome == REFUNDED:
        # Returned from the bank's own dashboard: the portal learns it from the bank.
        if payment.status == PaymentStatus.PAID:
            _refunded(payment, user=None, payload=result.payload)
    elif result.outcome == FAILED and payment.status == PaymentStatus.PENDING:
        _move(payment, PaymentStatus.FAILED, note=result.failure_reason, payload=result.payload)
        payment.failure_reason = result.failure_reason[:500]
        payment.save(update_fields=["status", "failure_reason", "updated_at"])
    # Anything else (still pending, a failure after the money arrived) changes nothing.


def _apply_paid(payment: Payment, result: CallbackResult) -> None:
    if payment.status not in (PaymentStatus.PENDING, PaymentStatus.CANCELLED):
        return
    note = _("Оплачен после отмены.") if payment.status == PaymentStatus.CANCELLED else ""
    _move(payment, PaymentStatus.PAID, note=note, payload=result.payload)
    payment.paid_at = timezone.now()
    payment.save(update_fields=["status", "paid_at", "updated_at"])
    _ledger_post(payment, kind=DocumentKind.PAYMENT, suffix="", on=payment.paid_at)


def _ledger_post(payment: Payment, *, kind: str, suffix: str, on) -> None:
    """Write the settlement document of a payment (or of its refund, `suffix` «:refund») for
    the order's legal entity and contract. Keyed by the provider and its payment id: posted
    again, the ledger finds it unchanged."""
    order = payment.order
    # The document is the company's record: written in its language, whoever's request.
    with translation.override(settings.LANGUAGE_CODE):
        method = payment.get_method_display()
        if kind == DocumentKind.PAYMENT:
            comment = _("Онлайн-оплата заказа %(order)s (%(method)s)")
        else:
            comment = _("Возврат онлайн-оплаты заказа %(order)s (%(method)s)")
        comment %= {"order": order.number or order.pk, "method": method}
    settlement_document_post(
        actor=None,
        data=DocumentData(
            source=LEDGER_SOURCE,
            external_id=f"{payment.provider}:{payment.provider_payment_id}{suffix}"[:80],
            kind=kind,
            number=payment.provider_payment_id[:60],
            date=timezone.localdate(on),
            amount=payment.amount,
            currency=payment.currency,
            contract=order.contract,
            order=order,
            comment=comment[:500],
        ),
    )


def _refunded(payment: Payment, *, user, payload=None) -> None:
    """Mark a locked paid payment refunded and post the refund to the ledger."""
    _move(payment, PaymentStatus.REFUNDED, user=user, payload=payload)
    payment.refunded_at = timezone.now()
    payment.save(update_fields=["status", "refunded_at", "updated_at"])
    _ledger_post(payment, kind=DocumentKind.ADJUSTMENT, suffix=":refund", on=payment.refunded_at)


def payment_refund(*, actor: Actor, payment: Payment, request=None) -> Payment:
    """Return a paid payment in full through its provider: staff who manage the client
    only, never the client. The refund is posted to the ledger as a debt adjustment (the
    client owes the sum again). Precondition: `payment` was read through
    `visible_to(actor)`.

    The provider is asked outside a transaction (its wait holds no lock) with a key of its
    own for this refund, so two refunds at once return the money once; the one that then
    finds the payment refunded already writes nothing."""
    check_may_refund(actor)
    current = Payment.objects.select_related("order").get(pk=payment.pk)
    if current.status != PaymentStatus.PAID:
        raise Conflict(_("Вернуть можно только оплаченный платёж."), field="status")
    provider_for(current.provider).refund(current, current.amount)
    with transaction.atomic():
        Order.objects.select_for_update().filter(pk=current.order_id).first()
        locked = Payment.objects.select_for_update().select_related("order").get(pk=current.pk)
        if locked.status != PaymentStatus.PAID:
            return locked  # refunded meanwhile (the bank's notification came first)
        _refunded(locked, user=actor.user)
        audit_record(
            action="payment.refunded",
            user=actor.user,
            obj=locked,
            changes={"amount": [str(locked.amount), None]},
            request=request,
        )
    return locked
