"""Online payments in /api/v1/: the payments of orders, and the staff's refund.

Paying itself starts from the order (`POST /api/v1/orders/{id}/pay`, in the orders part of
the API). A client's person reads their own payments; staff read those of the clients
their role shows them, and a client's manager or an administrator refunds a paid one.
"""

import datetime as dt
import uuid
from decimal import Decimal

from ninja import Field, Query, Router, Schema

from okno.core.pagination import Page, page_of, page_schema
from okno.core.schemas import Id
from okno.payments.selectors import payment_list, payment_of
from okno.payments.services import payment_refund

router = Router(tags=["payments"])


class PaymentOut(Schema):
    uuid: uuid.UUID
    order_id: int
    order_number: str | None = Field(..., alias="order.number")
    amount: Decimal
    currency: str
    status: str = Field(description="pending, paid, failed, refunded or cancelled.")
    provider: str
    provider_payment_id: str
    failure_reason: str
    created_at: dt.datetime
    paid_at: dt.datetime | None
    refunded_at: dt.datetime | None


PaymentList = page_schema("PaymentList", PaymentOut)


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
