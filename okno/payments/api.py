"""Online payments in /api/v1/: starting one for an order, the payments of orders, and the
staff's refund.

A client's person who orders or sees the finances starts paying an order
(`POST /api/v1/orders/{id}/payments`) and is sent to the bank's page it answers. A client's
person reads their own payments; staff read those of the clients their role shows them, and
a client's manager or an administrator refunds a paid one.
"""

import datetime as dt
import uuid
from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status

from okno.core.pagination import Page, page_of, page_schema
from okno.core.schemas import Id
from okno.core.scoping import get_visible_or_404
from okno.orders.models import Order
from okno.payments.models import PaymentMethod
from okno.payments.selectors import payment_list, payment_of
from okno.payments.services import payment_refund, payment_start

router = Router(tags=["payments"])


class PaymentOut(Schema):
    uuid: uuid.UUID
    order_id: int
    order_number: str | None = Field(..., alias="order.number")
    amount: Decimal
    currency: str
    method: str = Field(description="card or sbp.")
    status: str = Field(description="pending, paid, failed, refunded or cancelled.")
    provider: str
    provider_payment_id: str
    failure_reason: str
    created_at: dt.datetime
    paid_at: dt.datetime | None
    refunded_at: dt.datetime | None


PaymentList = page_schema("PaymentList", PaymentOut)


class PaymentStartIn(Schema):
    method: str = Field(PaymentMethod.CARD, description="card or sbp.")


class PaymentStartOut(Schema):
    payment: PaymentOut
    redirect_url: str = Field(description="Where to send the person to pay (or empty).")
    form_action: str = Field(description="Or: where to post `form_fields` to pay.")
    form_fields: dict[str, str]


@router.post(
    "/orders/{order_id}/payments",
    response={201: PaymentStartOut},
    url_name="payment_start",
)
def start_payment(request, order_id: Id, payload: PaymentStartIn):
    """Start paying what is still due on an order by card or СБП; 409 when the order is not
    to be paid, 503 when the payment service does not answer."""
    order = get_visible_or_404(Order, request.actor, pk=order_id)
    payment, started = payment_start(actor=request.actor, order=order, method=payload.method)
    return Status(
        201,
        {
            "payment": payment_of(actor=request.actor, payment_uuid=payment.uuid),
            "redirect_url": started.redirect_url,
            "form_action": started.form_action,
            "form_fields": dict(started.form_fields),
        },
    )


class PaymentFilters(Schema):
    order_id: Id | None = None


@router.get("/payments", response=PaymentList, url_name="payment_list")
def list_payments(request, filters: Query[PaymentFilters], page: Query[Page]):
    """Payments the caller sees, newest first; `order_id` narrows them to one order."""
    return page_of(payment_list(actor=request.actor, order_id=filters.order_id), page)


@router.post("/payments/{payment_uuid}/refund", response=PaymentOut, url_name="payment_refund")
def refund_payment(request, payment_uuid: uuid.UUID):
    """Return a paid payment in full (the client's manager or an administrator)."""
    payment = payment_of(actor=request.actor, payment_uuid=payment_uuid)
    refunded = payment_refund(actor=request.actor, payment=payment, request=request)
    return payment_of(actor=request.actor, payment_uuid=refunded.uuid)
