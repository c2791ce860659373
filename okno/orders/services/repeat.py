"""Repeating an order: its lines put into a new cart, to be checked and ordered again.

The cart is new (named after the order) and becomes the person's active one, so nothing
they were collecting is mixed in. Lines keep their quantities and units; the cart shows
today's prices and stock. Products no longer sold, and units a product is no longer sold
in, are left out and listed, so the person knows what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from okno.catalog.models import Product
from okno.core.actor import Actor
from okno.core.errors import Conflict
from okno.orders.models import Cart, CartLine, Order, OrderLine
from okno.orders.services.carts import CartItem, cart_create, cart_lines_add, require_ordering
from okno.orders.services.quantities import units_of


@dataclass(frozen=True)
class SkippedLine:
    """An order line that could not go into the cart, and why."""

    line_id: int
    article: str
    name: str
    reason: str


@dataclass(frozen=True)
class RepeatResult:
    cart: Cart
    added: list[CartLine]
    skipped: list[SkippedLine]


def order_repeat(*, actor: Actor, order: Order) -> RepeatResult:
    """Put the order's lines (not those a manager removed) into a new active cart named
    «Повтор заказа N». Precondition: `order` was read through `visible_to(actor)`."""
    require_ordering(actor)
    lines = list(order.lines.exclude(change=OrderLine.Change.REMOVED).order_by("position", "pk"))
    items, skipped = _sorted_out(lines)
    if not items:
        raise Conflict(
            _("Ни один товар этого заказа сейчас нельзя заказать."),
            field="order_id",
            code="nothing_to_repeat",
        )
    with transaction.atomic():
        cart = cart_create(
            actor=actor,
            name=_("Повтор заказа %(number)s") % {"number": order.number or ""},
            legal_entity_id=order.legal_entity_id,
        )
        added = cart_lines_add(actor=actor, cart=cart, items=items)
    return RepeatResult(cart=cart, added=added, skipped=skipped)


def _sorted_out(lines: list[OrderLine]) -> tuple[list[CartItem], list[SkippedLine]]:
    """The lines that can be ordered today as cart items, and those that cannot."""
    products = Product.objects.filter(
        pk__in={line.product_id for line in lines}, is_active=True
    ).select_related("base_unit")
    units = units_of(products)
    items: list[CartItem] = []
    skipped: list[SkippedLine] = []
    for line in lines:
        offered = units.get(line.product_id)
        if offered is None:
            reason = _("Товар снят с продажи.")
        elif all(unit.unit_id != line.unit_id for unit in offered):
            reason = _("Товар больше не продаётся в «%(unit)s».") % {"unit": line.unit_name}
        else:
            items.append(CartItem(line.product_id, line.quantity, line.unit_id))
            continue
        skipped.append(SkippedLine(line.pk, line.article, line.name, reason))
    return items, skipped
