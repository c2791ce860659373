"""Carts in /api/v1/: a person's named carts (and those colleagues shared), each priced
line by line on the contract of its legal entity, with stock and rounding advice.

Quantities are in the line's unit (`quantity`) and in the product's base unit
(`quantity_base`); prices per the line's unit, `null` when the product has no price on the
contract. A colleague's shared cart can be read and filled; only its owner renames, shares,
activates or deletes it.
"""

import contextlib
import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated

from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import BeforeValidator

from okno.core.errors import DomainError, InvalidInput
from okno.core.money import QUANTITY_STEP
from okno.core.pagination import Page, page_schema
from okno.core.schemas import Id, Text
from okno.orders.selectors.carts import CartLineView, CartView, cart_get, cart_view, carts_of
from okno.orders.services.carts import (
    cart_activate,
    cart_create,
    cart_delete,
    cart_line_add,
    cart_line_remove,
    cart_line_set,
    cart_rename,
    cart_share,
)

router = Router(tags=["carts"])


def _id_as_text(value):
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


# A unit by its id (a number or a string) or its short name («шт», «уп»).
UnitRef = Annotated[Text, BeforeValidator(_id_as_text), Field(max_length=20)]
UNIT = Field(None, description="The unit's id or short name («шт», «уп»); none — the base unit.")


class CartOut(Schema):
    id: int
    name: str
    legal_entity_id: int
    legal_entity_name: str
    owner_id: int
    owner_name: str
    is_own: bool = Field(description="false — a colleague's cart shared with you.")
    is_active: bool
    is_shared: bool
    line_count: int
    updated_at: dt.datetime


CartList = page_schema("CartList", CartOut)


class UnitOut(Schema):
    id: int
    name: str
    coefficient: Decimal = Field(description="Base units in one of this unit.")


class AdviceOut(Schema):
    code: str = Field(description="below_minimum or multiplicity")
    message: str
    suggested: Decimal = Field(description="The quantity that meets the rule, in `unit`.")
    unit: str


class CartLineOut(Schema):
    id: int
    product_id: int
    article: str
    name: str
    unit: str
    unit_id: int
    units: list[UnitOut] = Field(description="Units the product may be ordered in.")
    quantity: Decimal
    quantity_base: Decimal
    price: Decimal | None = Field(description="Per the line's unit, after discounts.")
    amount: Decimal
    vat_rate: str
    vat_amount: Decimal
    total: Decimal
    stock: Decimal = Field(description="Free stock (base units) at the contract's warehouse.")
    stock_total: Decimal
    advice: AdviceOut | None = Field(description="The rounding the quantity needs, if any.")
    stock_warning: str


class CartTotalsOut(Schema):
    amount: Decimal
    vat_amount: Decimal
    total: Decimal
    vat_included: bool
    lines: int
    lines_to_fix: int
    lines_without_price: int


class CartDetailOut(Schema):
    id: int
    name: str
    legal_entity_id: int
    owner_id: int
    is_active: bool
    is_shared: bool
    contract_id: int | None = Field(description="The contract the cart is priced on.")
    warehouse_id: int | None
    warehouse_name: str
    lines: list[CartLineOut]
    totals: CartTotalsOut
    can_check_out: bool


class CartFilters(Schema):
    legal_entity_id: Id | None = None


class CartIn(Schema):
    name: Text = Field(max_length=120)
    legal_entity_id: Id | None = Field(None, description="None — your current legal entity.")


class CartPatch(Schema):
    name: Text | None = Field(None, max_length=120)
    is_shared: bool | None = None
    is_active: bool | None = Field(None, description="true makes it your current cart.")


class LineIn(Schema):
    product_id: Id
    quantity: Decimal = Field(description="In `unit`, up to 3 decimal places.")
    unit: UnitRef | None = UNIT


class LinePatch(Schema):
    quantity: Decimal
    unit: UnitRef | None = UNIT


@router.get("/carts", response=CartList, url_name="cart_list")
def list_carts(request, filters: Query[CartFilters], page: Query[Page]):
    """Your carts and the ones colleagues shared with you, the current one first."""
    rows = carts_of(actor=request.actor, legal_entity_id=filters.legal_entity_id)
    user_id = request.actor.user_id
    items = [
        {
            "id": cart.pk,
            "name": cart.name,
            "legal_entity_id": cart.legal_entity_id,
            "legal_entity_name": cart.legal_entity.name,
            "owner_id": cart.owner_id,
            "owner_name": cart.owner.full_name,
            "is_own": cart.owner_id == user_id,
            "is_active": cart.is_active,
            "is_shared": cart.is_shared,
            "line_count": cart.line_count,
            "updated_at": cart.updated_at,
        }
        for cart in rows[page.offset : page.offset + page.limit]
    ]
    return {"items": items, "count": rows.count()}


@router.post("/carts", response={201: CartDetailOut}, url_name="cart_create")
def create_cart(request, payload: CartIn):
    """A new named cart, which becomes your current one."""
    cart = cart_create(
        actor=request.actor, name=payload.name, legal_entity_id=payload.legal_entity_id
    )
    return Status(201, _cart_out(cart_view(actor=request.actor, cart=cart)))


@router.get("/carts/{cart_id}", response=CartDetailOut, url_name="cart_detail")
def get_cart(request, cart_id: Id):
    """The cart priced on its legal entity's contract, with stock and rounding advice."""
    cart = cart_get(actor=request.actor, cart_id=cart_id)
    return _cart_out(cart_view(actor=request.actor, cart=cart))


@router.patch("/carts/{cart_id}", response=CartDetailOut, url_name="cart_update")
def patch_cart(request, cart_id: Id, payload: CartPatch):
    """Rename, share or make current (your own carts only). All or nothing."""
    actor = request.actor
    cart = cart_get(actor=actor, cart_id=cart_id)
    if payload.is_active is False:
        raise InvalidInput(
            _("Чтобы корзина перестала быть текущей, сделайте текущей другую."),
            field="is_active",
        )
    with transaction.atomic():
        if payload.name is not None:
            cart = cart_rename(actor=actor, cart=cart, name=payload.name)
        if payload.is_shared is not None:
            cart = cart_share(actor=actor, cart=cart, shared=payload.is_shared)
        if payload.is_active:
            cart = cart_activate(actor=actor, cart=cart)
    return _cart_out(cart_view(actor=actor, cart=cart))


@router.delete("/carts/{cart_id}", response={204: None}, url_name="cart_delete")
def delete_cart(request, cart_id: Id):
    """Delete your cart; when it was current, your latest other cart becomes current."""
    cart_delete(actor=request.actor, cart=cart_get(actor=request.actor, cart_id=cart_id))
    return Status(204, None)


@router.post("/carts/{cart_id}/lines", response={201: CartDetailOut}, url_name="cart_line_add")
def add_line(request, cart_id: Id, payload: LineIn):
    """Put a product in the cart; a product already there adds to its line."""
    actor = request.actor
    cart = cart_get(actor=actor, cart_id=cart_id)
    with _single_item_fields():
        cart_line_add(
            actor=actor,
            cart=cart,
            product_id=payload.product_id,
            quantity=payload.quantity,
            unit=payload.unit,
        )
    return Status(201, _cart_out(cart_view(actor=actor, cart=cart)))


@router.patch(
    "/carts/{cart_id}/lines/{line_id}", response=CartDetailOut, url_name="cart_line_update"
)
def patch_line(request, cart_id: Id, line_id: Id, payload: LinePatch):
    """Set a line's quantity and unit (what the rounding advice's button does)."""
    actor = request.actor
    cart = cart_get(actor=actor, cart_id=cart_id)
    cart_line_set(
        actor=actor, cart=cart, line_id=line_id, quantity=payload.quantity, unit=payload.unit
    )
    return _cart_out(cart_view(actor=actor, cart=cart))


@router.delete(
    "/carts/{cart_id}/lines/{line_id}", response={204: None}, url_name="cart_line_delete"
)
def delete_line(request, cart_id: Id, line_id: Id):
    actor = request.actor
    cart_line_remove(actor=actor, cart=cart_get(actor=actor, cart_id=cart_id), line_id=line_id)
    return Status(204, None)


@contextlib.contextmanager
def _single_item_fields() -> Iterator[None]:
    """The service checks items of a list (`items.0.quantity`); here there is one item,
    named as the request names it (`quantity`)."""
    try:
        yield
    except DomainError as error:
        if error.field and error.field.startswith("items.0."):
            error.field = error.field.removeprefix("items.0.")
        raise


def _cart_out(view: CartView) -> dict:
    cart = view.cart
    totals = view.totals
    return {
        "id": cart.pk,
        "name": cart.name,
        "legal_entity_id": cart.legal_entity_id,
        "owner_id": cart.owner_id,
        "is_active": cart.is_active,
        "is_shared": cart.is_shared,
        "contract_id": view.contract.pk if view.contract is not None else None,
        "warehouse_id": view.warehouse_id,
        "warehouse_name": view.warehouse_name,
        "lines": [_line_out(line) for line in view.lines],
        "totals": {
            "amount": totals.amount,
            "vat_amount": totals.vat_amount,
            "total": totals.total,
            "vat_included": totals.vat_included,
            "lines": totals.lines,
            "lines_to_fix": totals.lines_to_fix,
            "lines_without_price": totals.lines_without_price,
        },
        "can_check_out": view.can_check_out,
    }


def _line_out(view: CartLineView) -> dict:
    line, price, advice = view.line, view.price, view.advice
    return {
        "id": line.pk,
        "product_id": line.product_id,
        "article": view.product.article,
        "name": view.product.name,
        "unit": view.unit.name,
        "unit_id": view.unit.unit_id,
        "units": [
            {"id": unit.unit_id, "name": unit.name, "coefficient": unit.coefficient}
            for unit in view.units
        ],
        "quantity": line.quantity,
        "quantity_base": line.quantity_base,
        "price": price.unit_price if price.has_price else None,
        "amount": price.amount,
        "vat_rate": price.vat_rate,
        "vat_amount": price.vat_amount,
        "total": price.total,
        # Sums of stock come back from SQLite without their decimal places.
        "stock": view.stock_here.quantize(QUANTITY_STEP),
        "stock_total": view.stock_total.quantize(QUANTITY_STEP),
        "advice": None
        if advice is None
        else {
            "code": advice.code,
            "message": advice.message,
            "suggested": advice.suggested,
            "unit": advice.unit.name,
        },
        "stock_warning": view.stock_warning,
    }
