"""Our order statuses, payment and delivery methods as 1C sees them, and what a status
sent by 1C means for our order.

The ids 1C maps in its exchange settings are our own status codes (`submitted`,
`confirmed`, …), listed by `mode=info`. From 1C a status arrives as «Статуса заказа ИД»
(one of those ids, or Bitrix's letters N, P, F a 1C set up for a Bitrix site sends) or as
«Статус заказа» (`[id] name` as Bitrix writes it, or a status name of 1C itself:
УТ 11's «Закрыт» means the order is delivered).
"""

from __future__ import annotations

import re

from django.utils.translation import pgettext_lazy

from okno.orders.models import Order, OrderStatus

S = OrderStatus

# How far an order has gone; a document never moves it to a lower rank. A cancelled order
# is off this line (it is final, like delivered).
RANK: dict[str, int] = {
    S.DRAFT: 0,
    S.AWAITING_APPROVAL: 1,
    S.SUBMITTED: 2,
    S.VERIFIED: 3,
    S.CONFIRMED: 4,
    S.PICKING: 5,
    S.PARTLY_SHIPPED: 6,
    S.SHIPPED: 7,
    S.DELIVERED: 8,
    S.CANCELLED: 9,
}
FINAL = {S.DELIVERED, S.CANCELLED}
# The statuses 1C may set; drafts and approvals never leave the portal.
STATUSES_FOR_1C = [status for status in S if status not in (S.DRAFT, S.AWAITING_APPROVAL)]

# Status names of 1C configurations and Bitrix's letters, lower-cased.
_NAMES_1C: dict[str, str] = {
    "n": S.SUBMITTED,
    "p": S.CONFIRMED,
    "f": S.DELIVERED,
    "принят": S.SUBMITTED,
    "на согласовании": S.SUBMITTED,
    "согласован": S.VERIFIED,
    "к обеспечению": S.CONFIRMED,
    "к выполнению": S.CONFIRMED,
    "к выполнению / резервировать": S.CONFIRMED,
    "к отгрузке": S.PICKING,
    "отгружен": S.SHIPPED,
    "выполнен": S.DELIVERED,
    "закрыт": S.DELIVERED,
    "доставлен": S.DELIVERED,
    "отменен": S.CANCELLED,
    "отменён": S.CANCELLED,
}
_BITRIX_NAME = re.compile(r"^\[(?P<id>[^\]]+)\]\s*(?P<name>.*)$")

PAYMENT_METHODS = {
    "invoice": pgettext_lazy("оплата", "По счёту, безналичный расчёт"),
    "online": pgettext_lazy("оплата", "Банковской картой онлайн"),
}


def status_of(value: str) -> str | None:
    """Our status for a status id or name sent by 1C, or None when it names none."""
    text = (value or "").strip()
    if not text:
        return None
    bracketed = _BITRIX_NAME.match(text)
    if bracketed:
        return status_of(bracketed["id"]) or status_of(bracketed["name"])
    if text in S.values:
        return text
    lowered = text.lower()
    for status in S:
        if str(status.label).lower() == lowered:
            return status.value
    return _NAMES_1C.get(lowered)


def payment_method(*, individual: bool) -> str:
    """How an order is paid: an individual customer's online, a company's by invoice."""
    return "online" if individual else "invoice"


def delivery_methods() -> dict[str, str]:
    return {choice.value: str(choice.label) for choice in Order.Delivery}
