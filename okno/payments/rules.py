"""Which orders may be paid online and who may pay or refund. The services check these
before writing; the order and invoice pages ask the same through `order_payment_summary`.

An order of an individual customer and the invoice of a business client's order are paid
alike: by a person of the client who orders or sees the finances, for a legal entity they
act for (the order was read through `visible_to`, which limits it to those).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from okno.core.actor import Actor
from okno.core.errors import Conflict, NotAllowed
from okno.core.roles import Perm
from okno.orders.models import Order, OrderStatus

# Orders that have not reached the company yet, or never will, are not paid.
_NOT_PAYABLE = (OrderStatus.DRAFT, OrderStatus.AWAITING_APPROVAL, OrderStatus.CANCELLED)


def may_pay(actor: Actor) -> bool:
    """A client's person who places orders or sees the finances pays; staff never do; no
    one while online payment is switched off (`OKNO_PAYMENTS_ENABLED`)."""
    if not settings.OKNO_PAYMENTS_ENABLED:
        return False
    return actor.is_client and (actor.can(Perm.ORDER_PLACE) or actor.can(Perm.FINANCE_VIEW))


def check_may_pay(actor: Actor) -> None:
    if not settings.OKNO_PAYMENTS_ENABLED:
        raise Conflict(_("Онлайн-оплата сейчас отключена."), code="payments_disabled")
    if not may_pay(actor):
        raise NotAllowed(
            _("Оплатить заказ может сотрудник клиента, который заказывает или видит финансы."),
            code="not_payer",
        )


def may_refund(actor: Actor) -> bool:
    """Staff who manage the client (its manager, an administrator); the payment was read
    through `visible_to(actor)`, which limits a manager to their own clients."""
    return actor.is_staff and actor.can(Perm.CLIENTS_MANAGE)


def check_may_refund(actor: Actor) -> None:
    if not may_refund(actor):
        raise NotAllowed(_("Вернуть платёж может менеджер клиента или администратор."))


def payable_problem(order: Order, *, paid: Decimal) -> str | None:
    """Why the order cannot be paid online now, or None when it can: it must be placed
    (not a draft, not awaiting the client's approval), not cancelled or merged into another,
    and not yet paid in full online."""
    if order.status == OrderStatus.CANCELLED:
        return _("Заказ отменён.")
    if order.merged_into_id is not None:
        return _("Заказ объединён с другим заказом: оплатите тот.")
    if order.status in _NOT_PAYABLE:
        return _("Заказ ещё не оформлен.")
    if order.total - paid <= 0:
        return _("Заказ уже оплачен.")
    return None
