"""Carts: several named carts per person and legal entity, one active; lines in any unit.

A line is one per product: adding a product already in the cart adds to its quantity (in
the line's unit when the units agree, else both are summed in the base unit). Writes to a
cart's lines lock the cart row first, so two tabs adding at once never lose a line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.catalog.models import Product
from okno.clients.models import LegalEntity
from okno.core.actor import Actor
from okno.core.errors import InvalidInput, NotAllowed
from okno.core.roles import Perm
from okno.core.scoping import get_visible_or_404
from okno.orders.models import Cart, CartLine
from okno.orders.services.quantities import UnitChoice, choose_unit, parse_quantity, units_of

CART_NAME_MAX = 120


@dataclass(frozen=True)
class CartItem:
    """A product to put in a cart: `quantity` in `unit` (id or short name; None — base)."""

    product_id: int
    quantity: Decimal | str
    unit: str | int | None = None


def require_ordering(actor: Actor) -> None:
    """Only a client's person allowed to order keeps carts and places orders."""
    if not (actor.is_client and actor.can(Perm.ORDER_PLACE)):
        raise NotAllowed(_("Вам не разрешено оформлять заказы."), code="not_allowed")


def cart_active(*, actor: Actor, legal_entity_id: int | None = None) -> Cart:
    """The person's active cart for the legal entity (the current one when none is given),
    made on first use."""
    require_ordering(actor)
    entity = _entity(actor, legal_entity_id)
    with transaction.atomic():
        cart = (
            Cart.objects.select_for_update()
            .filter(owner_id=actor.user_id, legal_entity=entity, is_active=True)
            .first()
        )
        if cart is None:
            cart = Cart.objects.create(
                client_id=entity.client_id,
                legal_entity=entity,
                owner=actor.user,
                name=_("Основная корзина"),
                is_active=True,
            )
    return cart


def cart_create(*, actor: Actor, name: str, legal_entity_id: int | None = None) -> Cart:
    """A new named cart, which becomes the active one."""
    require_ordering(actor)
    entity = _entity(actor, legal_entity_id)
    name = _clean_name(name)
    with transaction.atomic():
        Cart.objects.filter(owner_id=actor.user_id, legal_entity=entity, is_active=True).update(
            is_active=False
        )
        return Cart.objects.create(
            client_id=entity.client_id,
            legal_entity=entity,
            owner=actor.user,
            name=name,
            is_active=True,
        )


def cart_activate(*, actor: Actor, cart: Cart) -> Cart:
    """Make one of the person's own carts the active one for its legal entity."""
    _require_owner(actor, cart)
    with transaction.atomic():
        Cart.objects.filter(
            owner_id=actor.user_id, legal_entity_id=cart.legal_entity_id, is_active=True
        ).exclude(pk=cart.pk).update(is_active=False)
        cart.is_active = True
        cart.save(update_fields=["is_active", "updated_at"])
    return cart


def cart_rename(*, actor: Actor, cart: Cart, name: str) -> Cart:
    _require_owner(actor, cart)
    cart.name = _clean_name(name)
    cart.save(update_fields=["name", "updated_at"])
    return cart


def cart_share(*, actor: Actor, cart: Cart, shared: bool) -> Cart:
    """Let colleagues of the same client (who act for its legal entity) see and fill it."""
    _require_owner(actor, cart)
    cart.is_shared = shared
    cart.save(update_fields=["is_shared", "updated_at"])
    return cart


def cart_delete(*, actor: Actor, cart: Cart) -> None:
    """Delete one of the person's carts; when it was active, their latest other cart for
    that legal entity becomes active."""
    _require_owner(actor, cart)
    with transaction.atomic():
        was_active = cart.is_active
        entity_id = cart.legal_entity_id
        cart.delete()
        if was_active:
            successor = (
                Cart.objects.filter(owner_id=actor.user_id, legal_entity_id=entity_id)
                .order_by("-updated_at", "-pk")
                .first()
            )
            if successor is not None:
                successor.is_active = True
                successor.save(update_fields=["is_active", "updated_at"])


def cart_clear(*, actor: Actor, cart: Cart) -> None:
    require_ordering(actor)
    with transaction.atomic():
        cart_lock(cart)
        cart.lines.all().delete()


def cart_line_add(
    *, actor: Actor, cart: Cart, product_id: int, quantity, unit: str | int | None = None
) -> CartLine:
    """Put a product in the cart (adding to its line when it is there already)."""
    item = CartItem(product_id=product_id, quantity=quantity, unit=unit)
    return cart_lines_add(actor=actor, cart=cart, items=[item])[0]


def cart_lines_add(*, actor: Actor, cart: Cart, items: Sequence[CartItem]) -> list[CartLine]:
    """Put many products in the cart in a fixed number of queries (a quick order or a
    repeated order of 1,000 lines). All items are checked first; one bad item refuses the
    lot with its position in `field`, so nothing is half-added."""
    require_ordering(actor)
    products = _orderable_products(item.product_id for item in items)
    units = units_of(products.values())
    wanted = [_resolve(index, item, products, units) for index, item in enumerate(items)]
    with transaction.atomic():
        cart_lock(cart)
        return _merge_into_cart(cart, wanted)


def cart_line_set(
    *, actor: Actor, cart: Cart, line_id: int, quantity, unit: str | int | None = None
) -> CartLine:
    """Set a line's quantity (and unit): what the quantity box and the rounding button do."""
    require_ordering(actor)
    with transaction.atomic():
        cart_lock(cart)
        line = _line(cart, line_id)
        product = Product.objects.select_related("base_unit").get(pk=line.product_id)
        choices = units_of([product])[product.pk]
        chosen = choose_unit(choices, line.unit_id if unit is None else unit, field="unit")
        line.quantity = parse_quantity(quantity)
        line.unit_id = chosen.unit_id
        line.unit_coefficient = chosen.coefficient
        line.quantity_base = line.quantity * chosen.coefficient
        line.save(update_fields=["quantity", "unit", "unit_coefficient", "quantity_base"])
    return line


def cart_line_remove(*, actor: Actor, cart: Cart, line_id: int) -> None:
    require_ordering(actor)
    with transaction.atomic():
        cart_lock(cart)
        _line(cart, line_id).delete()


# --- helpers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Wanted:
    product_id: int
    unit: UnitChoice
    quantity: Decimal
    base_unit_id: int


def _orderable_products(product_ids) -> dict[int, Product]:
    ids = set(product_ids)
    return {
        product.pk: product
        for product in Product.objects.filter(pk__in=ids, is_active=True).select_related(
            "base_unit"
        )
    }


def _resolve(index: int, item: CartItem, products, units) -> _Wanted:
    where = f"items.{index}"
    product = products.get(item.product_id)
    if product is None:
        raise InvalidInput(
            _("Товар не найден или снят с продажи."), field=f"{where}.product_id", code="unknown"
        )
    unit = choose_unit(units[product.pk], item.unit, field=f"{where}.unit")
    quantity = parse_quantity(item.quantity, field=f"{where}.quantity")
    return _Wanted(product.pk, unit, quantity, product.base_unit_id)


def _merge_into_cart(cart: Cart, wanted: list[_Wanted]) -> list[CartLine]:
    existing = {line.product_id: line for line in cart.lines.all()}
    position = max((line.position for line in existing.values()), default=0)
    now = timezone.now()
    touched: dict[int, CartLine] = {}
    new_lines: dict[int, CartLine] = {}
    for item in wanted:
        line = touched.get(item.product_id) or existing.get(item.product_id)
        if line is None:
            position += 1
            line = CartLine(
                cart=cart,
                product_id=item.product_id,
                unit_id=item.unit.unit_id,
                unit_coefficient=item.unit.coefficient,
                quantity=item.quantity,
                quantity_base=item.quantity * item.unit.coefficient,
                position=position,
                added_at=now,
            )
            new_lines[item.product_id] = line
        else:
            _add_to_line(line, item)
        touched[item.product_id] = line
    CartLine.objects.bulk_create(new_lines.values(), batch_size=500)
    changed = [line for pid, line in touched.items() if pid not in new_lines]
    CartLine.objects.bulk_update(
        changed, ["unit", "unit_coefficient", "quantity", "quantity_base"], batch_size=500
    )
    Cart.objects.filter(pk=cart.pk).update(updated_at=now)
    return [touched[item.product_id] for item in wanted]


def _add_to_line(line: CartLine, item: _Wanted) -> None:
    added_base = item.quantity * item.unit.coefficient
    if line.unit_id == item.unit.unit_id:
        line.quantity += item.quantity
    else:
        # Different units: the sum is kept in the base unit, which both convert to exactly.
        line.quantity = line.quantity_base + added_base
        line.unit_coefficient = Decimal(1)
        line.unit_id = item.base_unit_id
    line.quantity_base += added_base


def _entity(actor: Actor, legal_entity_id: int | None) -> LegalEntity:
    entity_id = legal_entity_id or actor.current_legal_entity_id
    if entity_id is None:
        raise InvalidInput(
            _("Нет юрлица, от имени которого можно заказывать."), field="legal_entity_id"
        )
    return get_visible_or_404(LegalEntity, actor, pk=entity_id, is_active=True)


def _require_owner(actor: Actor, cart: Cart) -> None:
    require_ordering(actor)
    if cart.owner_id != actor.user_id:
        raise NotAllowed(_("Это корзина коллеги: менять её может только владелец."))


def cart_lock(cart: Cart) -> None:
    """Hold the cart's row until the transaction ends: its lines change one writer at a time."""
    Cart.objects.select_for_update().filter(pk=cart.pk).values_list("pk").first()


def _line(cart: Cart, line_id) -> CartLine:
    line = cart.lines.filter(pk=line_id).first()
    if line is None:
        raise InvalidInput(_("Такой строки в корзине нет."), field="line_id", code="unknown")
    return line


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("Назовите корзину."), field="name")
    if len(name) > CART_NAME_MAX:
        raise InvalidInput(
            _("Название не длиннее %(max)s символов.") % {"max": CART_NAME_MAX}, field="name"
        )
    return name
