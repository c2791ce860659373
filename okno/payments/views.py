"""The pages of online payment: starting one from the order or its invoice, the test bank,
the result (where the person comes back from the bank), the staff's refund, and YooKassa's
notifications.

Every page looks the payment or order up through `visible_to` first, so another client's
is a 404, whoever asks; only then is the actor's role checked (403). The notification has
no user: it is proven by reading the payment back from YooKassa.
"""

from __future__ import annotations

import json
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from okno.core.errors import DomainError, InvalidInput, NotAllowed
from okno.core.scoping import get_visible_or_404
from okno.core.views import safe_next
from okno.orders.models import Order
from okno.payments.models import PaymentMethod, PaymentStatus
from okno.payments.providers import FAILED, PAID, ProviderUnavailable, TestProvider
from okno.payments.rules import check_may_pay, may_refund
from okno.payments.selectors import order_payment_summary, payment_events, payment_of
from okno.payments.services import (
    payment_callback_handle,
    payment_refund,
    payment_start,
    payment_sync,
)
from okno.payments.yookassa import NAME as YOOKASSA
from okno.payments.yookassa import notification_sender_allowed

logger = logging.getLogger(__name__)


def _safe_next(request) -> str:
    """Where to come back after a refusal: the page that posted, if it is ours."""
    return safe_next(request) or reverse("core:home")


@login_required
@require_POST
def start(request, order_id: int):
    """«Оплатить онлайн» on the order or invoice page, by the method pressed (a card or
    СБП): start a payment and send the person to the bank."""
    order = get_visible_or_404(Order, request.actor, pk=order_id)
    method = request.POST.get("method") or PaymentMethod.CARD
    try:
        _payment, started = payment_start(actor=request.actor, order=order, method=method)
    except NotAllowed as refused:
        raise PermissionDenied(refused.message) from refused
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(_safe_next(request))
    if started.form_action:
        return render(request, "payments/to_bank.html", {"started": started})
    return redirect(started.redirect_url)


@login_required
@require_http_methods(["GET", "POST"])
def test_bank(request, payment_uuid):
    """The test provider's bank: «Оплатить» or «Отказ» is handed to the payment callback
    as a bank would send it (a second answer changes nothing there)."""
    payment = payment_of(actor=request.actor, payment_uuid=payment_uuid)
    if payment.provider != TestProvider.name:
        raise Http404("not a test payment")
    try:
        check_may_pay(request.actor)
    except DomainError as refused:  # not a payer, or online payment switched off
        raise PermissionDenied(refused.message) from refused
    if request.method == "POST":
        outcome = request.POST.get("outcome")
        if outcome in (PAID, FAILED):
            payment_callback_handle(
                provider_name=TestProvider.name,
                data={"payment_id": payment.provider_payment_id, "status": outcome},
            )
        return redirect("payments:payment", payment_uuid=payment.uuid)
    return render(request, "payments/test_bank.html", {"payment": payment})


@login_required
@require_GET
def payment(request, payment_uuid):
    """A payment's result: paid, failed (with a new try when the order is still due) or
    waiting; staff see its log and may refund it. The person comes back here from the bank,
    often before the bank's notification: a pending payment is asked of the bank first."""
    actor = request.actor
    found = payment_of(actor=actor, payment_uuid=payment_uuid)
    if found.status == PaymentStatus.PENDING and actor.is_client:
        payment_sync(payment=found)
        found = payment_of(actor=actor, payment_uuid=payment_uuid)
    context = {
        "payment": found,
        "summary": order_payment_summary(actor=actor, order=found.order),
        "events": payment_events(actor=actor, payment=found) if actor.is_staff else [],
        "can_refund": may_refund(actor) and found.status == PaymentStatus.PAID,
    }
    return render(request, "payments/payment.html", context)


@login_required
@require_POST
def refund(request, payment_uuid):
    """Return a paid payment (staff of the client only)."""
    found = payment_of(actor=request.actor, payment_uuid=payment_uuid)
    try:
        payment_refund(actor=request.actor, payment=found, request=request)
    except NotAllowed as refused:
        raise PermissionDenied(refused.message) from refused
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Платёж возвращён покупателю."))
    return redirect("payments:payment", payment_uuid=found.uuid)


@csrf_exempt
@require_POST
def yookassa_notification(request):
    """YooKassa's HTTP notification. 200 once applied (or nothing to change), so YooKassa
    stops sending it; 503 while its API cannot be asked, so it sends it again; 400 for what
    is not a notification of ours; 403 from an address that is not YooKassa's."""
    sender = request.META.get("REMOTE_ADDR", "")
    if not notification_sender_allowed(sender):
        logger.warning("yookassa notification from a foreign address %s refused", sender)
        return HttpResponse(status=403)
    try:
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise ValueError("not an object")
        payment_callback_handle(provider_name=YOOKASSA, data=data)
    except ValueError:
        return HttpResponse(status=400)
    except InvalidInput as refused:
        logger.warning("yookassa notification refused: %s", refused.message)
        return HttpResponse(status=400)
    except ProviderUnavailable:
        return HttpResponse(status=503)
    return HttpResponse(status=200)
