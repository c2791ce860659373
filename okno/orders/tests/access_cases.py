"""Cross-client cases for the orders pages that take an object id: client A's cart and
order, owned by A's admin (who acts for both of A's legal entities) or A's manager."""

from decimal import Decimal

from okno.catalog.tests.factories import (
    PriceFactory,
    ProductFactory,
    StockFactory,
    WarehouseFactory,
)
from okno.core.actor import actor_for_user
from okno.core.testing.access import AccessCase
from okno.orders.services.carts import cart_active, cart_line_add
from okno.orders.services.checkout import Checkout, order_place


def _product(w):
    if "product" not in w.extra:
        warehouse = WarehouseFactory(is_default=True)
        product = ProductFactory()
        PriceFactory(product=product, price_type=w.contract_a1.price_type, price=Decimal("10"))
        StockFactory(product=product, warehouse=warehouse, free=Decimal("1000"))
        w.extra["product"] = product
    return w.extra["product"]


def _cart(w):
    """Client A's admin's cart for A's first legal entity, with one line."""
    if "cart" not in w.extra:
        actor = actor_for_user(w.a_admin)
        cart = cart_active(actor=actor, legal_entity_id=w.entity_a1.pk)
        line = cart_line_add(actor=actor, cart=cart, product_id=_product(w).pk, quantity="2")
        w.extra["cart"], w.extra["cart_line"] = cart, line
    return w.extra["cart"]


def _order(w):
    if "order" not in w.extra:
        actor = actor_for_user(w.a_admin)
        cart = cart_active(actor=actor, legal_entity_id=w.entity_a1.pk)
        cart_line_add(actor=actor, cart=cart, product_id=_product(w).pk, quantity="3")
        checkout = Checkout(
            cart_id=cart.pk,
            legal_entity_id=w.entity_a1.pk,
            contract_id=w.contract_a1.pk,
            address_id=w.address_a1.pk,
        )
        w.extra["order"] = order_place(actor=actor, checkout=checkout)
    return w.extra["order"]


def _cart_kwargs(w):
    return {"pk": _cart(w).pk}


def _line_kwargs(w):
    _cart(w)
    return {"pk": w.extra["cart"].pk, "line_id": w.extra["cart_line"].pk}


def _order_kwargs(w):
    return {"pk": _order(w).pk}


POST = ("POST",)

CASES = [
    AccessCase("orders:cart_detail", _cart_kwargs),
    AccessCase("orders:cart_line", _line_kwargs, methods=POST, data={"quantity": "3"}),
    AccessCase("orders:cart_line_remove", _line_kwargs, methods=POST),
    AccessCase("orders:cart_clear", _cart_kwargs, methods=POST),
    AccessCase("orders:checkout", _cart_kwargs, methods=("GET", "POST")),
    AccessCase("orders:cart_rename", _cart_kwargs, methods=POST, data={"name": "Другая"}),
    AccessCase("orders:cart_share", _cart_kwargs, methods=POST, data={"shared": "1"}),
    AccessCase("orders:cart_activate", _cart_kwargs, methods=POST),
    AccessCase("orders:cart_delete", _cart_kwargs, methods=POST),
    AccessCase("orders:order", _order_kwargs),
    AccessCase("orders:order", _order_kwargs, owner="manager_a"),
    AccessCase("orders:order_cancel", _order_kwargs, methods=POST, data={"reason": "тест"}),
    AccessCase("orders:order_approve", _order_kwargs, methods=POST),
    AccessCase("orders:order_reject", _order_kwargs, methods=POST, data={"reason": "тест"}),
    AccessCase(
        "orders:order_verify", _order_kwargs, owner="manager_a", methods=POST, data={"reason": ""}
    ),
]
