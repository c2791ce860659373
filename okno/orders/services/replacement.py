"""A replacement order: goods sent again, free of charge, to settle a claim.

The company's policy is that a replacement costs the client nothing: the order copies the
original's legal entity, contract, delivery and warehouse, its lines are the claimed
products in the claimed quantities (base units) at a zero price with the original line's
VAT rate, and it goes to the company at once (stock reserved all or nothing, as any
submitted order), so the manager and 1C handle it like any other. Its comment names what
it replaces; the claim's resolution keeps the link to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.core.actor import Actor
from okno.core.errors import InvalidInput, NotAllowed
from okno.orders.models import Order, OrderLine
from okno.orders.services.checkout import order_number, order_totals_refresh
from okno.orders.services.lifecycle import order_reach_company

ZERO = Decimal("0")
# Header fields the replacement takes from the order it replaces goods of.
_COPIED = (
    "client_id",
    "legal_entity_id",
    "contract_id",
    "delivery",
    "address_id",
    "address_text",
    "warehouse_id",
    "price_type_id",
    "vat_included",
    "currency",
)


@dataclass(frozen=True)
class ReplacementItem:
    """One product to send again: the original order's line and the quantity in base
    units."""

    order_line: OrderLine
    quantity_base: Decimal


def order_replacement_create(
    *, actor: Actor, original: Order, items: Sequence[ReplacementItem], note: str
) -> Order:
    """Write a free replacement order for goods of `original` and send it to the company
    (its stock reserved). `note` says what it replaces (the claim's number). Staff only;
    precondition: the caller checked the actor may settle the claim."""
    if not actor.is_staff:
        raise NotAllowed(_("Заказ на замену оформляет сотрудник."))
    if not items or any(item.quantity_base <= 0 for item in items):
        raise InvalidInput(_("Укажите, что заменить."), field="quantity")
    if any(item.order_line.order_id != original.pk for item in items):
        raise InvalidInput(_("Строка из другого заказа."), field="claim_line_id")
    with transaction.atomic():
        order = Order(**{field: getattr(original, field) for field in _COPIED})
        order.created_by_id = actor.user_id
        order.created_at = timezone.now()
        order.comment = note[:2000]
        order.save()
        order.number = order_number(order.pk)
        OrderLine.objects.bulk_create(
            [_line(order, position, item) for position, item in enumerate(items, start=1)]
        )
        order_totals_refresh(order)
        order_reach_company(order, user_id=actor.user_id, note=note[:500])
    return order


def _line(order: Order, position: int, item: ReplacementItem) -> OrderLine:
    source = item.order_line
    return OrderLine(
        order=order,
        position=position,
        product_id=source.product_id,
        article=source.article,
        name=source.name,
        # In base units: the claimed quantity is counted in them.
        unit_id=source.product.base_unit_id,
        unit_name=source.product.base_unit.short_name,
        unit_coefficient=Decimal("1"),
        quantity=item.quantity_base,
        quantity_base=item.quantity_base,
        warehouse_id=source.warehouse_id,
        price=ZERO,
        amount=ZERO,
        vat_rate=source.vat_rate,
        vat_amount=ZERO,
        total=ZERO,
    )
