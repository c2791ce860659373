"""The order pages: the list of orders, one order with its lines, changes, history and
shipments, and the actions on it (cancel, approve or reject, verify)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from okno.core.errors import DomainError
from okno.finance.invoice.selectors import order_invoiceable
from okno.orders.models import OrderStatus, ShipmentStatus
from okno.orders.selectors.orders import order_detail, order_get
from okno.orders.services import lifecycle
from okno.orders.views.common import refused
from okno.payments.selectors import order_payment_summary

CLAIMABLE_ORDER_STATUSES = (
    OrderStatus.PARTLY_SHIPPED,
    OrderStatus.SHIPPED,
    OrderStatus.DELIVERED,
)


@require_GET
@login_required
def order(request, pk: int):
    detail = order_detail(actor=request.actor, order_id=pk)
    context = {
        "detail": detail,
        "payment": order_payment_summary(actor=request.actor, order=detail.order),
        "today": timezone.localdate(),
        "shipment_statuses": ShipmentStatus.choices,
        "invoiceable": order_invoiceable(detail.order),
        # Orders with goods on the way or delivered: the client may file a claim on them.
        "claimable_statuses": CLAIMABLE_ORDER_STATUSES,
    }
    return TemplateResponse(request, "orders/order.html", context)


@require_POST
@login_required
def order_action(request, pk: int, action: str):
    """Cancel, approve, reject or verify: the service decides who may."""
    actor = request.actor
    found = order_get(actor=actor, order_id=pk)
    back = reverse("orders:order", args=[pk])
    reason = request.POST.get("reason", "")
    try:
        message = _ORDER_ACTIONS[action](actor, found, reason)
    except DomainError as refusal:
        return refused(request, refusal, redirect_to=back)
    messages.success(request, message % {"number": found.number})
    return redirect(back)


def _cancel(actor, found, reason) -> str:
    lifecycle.order_cancel(actor=actor, order=found, reason=reason)
    return _("Заказ %(number)s отменён.")


def _approve(actor, found, reason) -> str:
    lifecycle.order_approve(actor=actor, order=found)
    return _("Заказ %(number)s согласован и отправлен менеджеру.")


def _reject(actor, found, reason) -> str:
    lifecycle.order_reject(actor=actor, order=found, reason=reason)
    return _("Заказ %(number)s не согласован.")


def _verify(actor, found, reason) -> str:
    lifecycle.order_verify(actor=actor, order=found, note=reason)
    return _("Заказ %(number)s проверен.")


_ORDER_ACTIONS = {"cancel": _cancel, "approve": _approve, "reject": _reject, "verify": _verify}
