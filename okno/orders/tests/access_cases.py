"""Cross-client cases for every route of the orders app that takes an object id.

Client A's objects are made through the real services: a product priced on contract A1's
price type with stock at its warehouse, a cart of A's admin shared with A's buyer (who may
read and fill it, not rename or delete it — so the owner's DELETE does not remove the
object the other methods are checked on), a submitted order, and a shipped order.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from okno.catalog.tests.factories import (
    PriceFactory,
    ProductFactory,
    StockFactory,
    WarehouseFactory,
)
from okno.core.actor import actor_for_user
from okno.core.testing.access import AccessCase, ExemptRoute
from okno.core.testing.world import World
from okno.orders.models import Cart, Order, Shipment
from okno.orders.services.carts import cart_create, cart_line_add, cart_share
from okno.orders.services.checkout import Checkout, order_place
from okno.orders.services.lifecycle import order_verify
from okno.orders.services.shipments import shipment_create

D = Decimal


def orders_of_a(w: World) -> dict[str, Any]:
    """Client A's cart, order and shipment, made once per world."""
    if "orders" in w.extra:
        return w.extra["orders"]
    warehouse = WarehouseFactory(is_default=True)
    contract = w.contract_a1
    contract.warehouse = warehouse
    contract.save(update_fields=["warehouse"])
    product = ProductFactory()
    PriceFactory(product=product, price_type=contract.price_type, price=D("100.00"))
    StockFactory(product=product, warehouse=warehouse, free=D("100"))
    admin = actor_for_user(w.a_admin)
    shared = _cart(w, product, name="Общая")
    cart_share(actor=admin, cart=shared, shared=True)
    order = _order(w, product)
    shipped = _order(w, product)
    manager = actor_for_user(w.manager_a)
    order_verify(actor=manager, order=shipped)
    shipment = shipment_create(
        actor=manager,
        order=shipped,
        lines=[(shipped.lines.get().pk, D("1"))],
        date=datetime.date(2026, 3, 2),
    )
    w.extra["orders"] = {
        "cart": shared,
        "order": order,
        "shipment": shipment,
    }
    return w.extra["orders"]


def _cart(w: World, product, *, name: str) -> Cart:
    admin = actor_for_user(w.a_admin)
    cart = cart_create(actor=admin, name=name, legal_entity_id=w.entity_a1.pk)
    cart_line_add(actor=admin, cart=cart, product_id=product.pk, quantity="2")
    return cart


def _order(w: World, product) -> Order:
    cart = _cart(w, product, name="Для заказа")
    checkout = Checkout(
        cart_id=cart.pk,
        legal_entity_id=w.entity_a1.pk,
        contract_id=w.contract_a1.pk,
        address_id=w.address_a1.pk,
    )
    return order_place(actor=actor_for_user(w.a_admin), checkout=checkout)


def _cart_id(w: World) -> dict:
    return {"cart_id": orders_of_a(w)["cart"].pk}


def _cart_line(w: World) -> dict:
    cart: Cart = orders_of_a(w)["cart"]
    return {"cart_id": cart.pk, "line_id": cart.lines.get().pk}


def _order_id(w: World) -> dict:
    return {"order_id": orders_of_a(w)["order"].pk}


def _order_line(w: World) -> dict:
    order: Order = orders_of_a(w)["order"]
    return {"order_id": order.pk, "line_id": order.lines.get().pk}


def _shipment_id(w: World) -> dict:
    shipment: Shipment = orders_of_a(w)["shipment"]
    return {"shipment_id": shipment.pk}


def api_cases() -> list[AccessCase]:
    """The JSON API's routes (methods are read from the operations)."""
    line = {"quantity": "3"}
    shipment = {"lines": [{"order_line_id": 1, "quantity_base": "1"}], "date": "2026-03-02"}
    return [
        # Carts: A's buyer reads and fills the cart A's admin shared with them.
        AccessCase("api:cart_detail", _cart_id, owner="a_buyer", data={"name": "Другая"}),
        AccessCase("api:cart_update", _cart_id, owner="a_buyer", data={"name": "Другая"}),
        AccessCase("api:cart_delete", _cart_id, owner="a_buyer", data={"name": "Другая"}),
        AccessCase("api:cart_line_add", _cart_id, owner="a_buyer", data={"product_id": 1, **line}),
        AccessCase("api:cart_line_update", _cart_line, owner="a_buyer", data=line),
        AccessCase("api:cart_line_delete", _cart_line, owner="a_buyer", data=line),
        # Orders: A's admin placed the order; A's manager checks and ships it.
        AccessCase("api:order_detail", _order_id),
        AccessCase("api:order_cancel", _order_id, data={"reason": "Передумали"}),
        AccessCase("api:order_approve", _order_id),
        AccessCase("api:order_reject", _order_id, data={"reason": "Дорого"}),
        AccessCase("api:order_verify", _order_id, owner="manager_a", data={"note": ""}),
        AccessCase("api:order_repeat", _order_id),
        AccessCase("api:order_split", _order_id, data={"by": "warehouse"}),
        AccessCase(
            "api:order_line_add", _order_id, owner="manager_a", data={"product_id": 1, **line}
        ),
        AccessCase("api:order_line_update", _order_line, owner="manager_a", data=line),
        AccessCase("api:order_shipment_create", _order_id, owner="manager_a", data=shipment),
        AccessCase(
            "api:shipment_detail", _shipment_id, owner="manager_a", data={"status": "picking"}
        ),
        AccessCase(
            "api:shipment_update", _shipment_id, owner="manager_a", data={"status": "picking"}
        ),
    ]


def _page_cart(w: World) -> dict:
    return {"pk": orders_of_a(w)["cart"].pk}


def _page_cart_line(w: World) -> dict:
    cart: Cart = orders_of_a(w)["cart"]
    return {"pk": cart.pk, "line_id": cart.lines.get().pk}


def _page_order(w: World) -> dict:
    return {"pk": orders_of_a(w)["order"].pk}


def page_cases() -> list[AccessCase]:
    """The pages: the cart A's admin owns, the order A's admin placed."""
    post = ("POST",)
    return [
        AccessCase("orders:cart_detail", _page_cart),
        AccessCase("orders:cart_line", _page_cart_line, methods=post, data={"quantity": "3"}),
        AccessCase("orders:cart_line_remove", _page_cart_line, methods=post),
        AccessCase("orders:cart_clear", _page_cart, methods=post),
        AccessCase("orders:checkout", _page_cart, methods=("GET", "POST")),
        AccessCase("orders:cart_rename", _page_cart, methods=post, data={"name": "Другая"}),
        AccessCase("orders:cart_share", _page_cart, methods=post, data={"shared": "1"}),
        AccessCase("orders:cart_activate", _page_cart, methods=post),
        AccessCase("orders:cart_delete", _page_cart, methods=post),
        AccessCase("orders:order", _page_order),
        AccessCase("orders:order", _page_order, owner="manager_a"),
        AccessCase("orders:order_cancel", _page_order, methods=post, data={"reason": "тест"}),
        AccessCase("orders:order_approve", _page_order, methods=post),
        AccessCase("orders:order_reject", _page_order, methods=post, data={"reason": "тест"}),
        AccessCase("orders:order_verify", _page_order, owner="manager_a", methods=post),
        AccessCase("orders:order_repeat", _page_order, methods=post),
        AccessCase("orders:order_split", _page_order, methods=post, data={"by": "warehouse"}),
        AccessCase(
            "orders:order_line", _page_order_line, owner="manager_a", methods=post, data=_QTY
        ),
        AccessCase(
            "orders:order_line_add",
            _page_order,
            owner="manager_a",
            methods=post,
            data={"article": "нет", **_QTY},
        ),
        AccessCase(
            "orders:shipment_new",
            _page_order,
            owner="manager_a",
            methods=post,
            data={"date": "2026-03-02"},
        ),
        AccessCase(
            "orders:shipment_status",
            _page_shipment,
            owner="manager_a",
            methods=post,
            data={"status": "picking"},
        ),
    ]


_QTY = {"quantity": "3"}


def _page_order_line(w: World) -> dict:
    order: Order = orders_of_a(w)["order"]
    return {"pk": order.pk, "line_id": order.lines.get().pk}


def _page_shipment(w: World) -> dict:
    return {"pk": orders_of_a(w)["shipment"].pk}


CASES: list[AccessCase] = [*api_cases(), *page_cases()]
EXEMPT: list[ExemptRoute] = []
