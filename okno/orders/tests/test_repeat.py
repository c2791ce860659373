"""POST /api/v1/orders/{id}/repeat: the order's lines in a new current cart, in their units;
what cannot be ordered today is listed, not added."""

from decimal import Decimal

import pytest

from okno.catalog.models import Price, ProductUnit
from okno.catalog.tests.factories import ProductUnitFactory, UnitFactory
from okno.clients.tests.factories import MembershipFactory
from okno.core.roles import ClientRole
from okno.orders.models import Cart
from okno.orders.services.carts import cart_line_add
from okno.orders.services.checkout import order_place
from okno.orders.services.editing import order_line_change
from okno.orders.tests.calls import Api, field_of

pytestmark = pytest.mark.django_db
D = Decimal


def order_with_a_pack(store, bolt, nut):
    """An order of 3 bolts and 2 packs (of 10) of nuts."""
    ProductUnitFactory(product=nut, unit=UnitFactory(short_name="уп"), coefficient=D("10"))
    cart = store.cart((bolt, "3"))
    cart_line_add(actor=store.actor(), cart=cart, product_id=nut.pk, quantity="2", unit="уп")
    return order_place(actor=store.actor(), checkout=store.checkout(cart))


def test_the_lines_go_into_a_new_current_cart_at_todays_prices(api, store):
    bolt = store.product(price="100.00", kazan="50")
    nut = store.product(price="10.00", kazan="50")
    order = order_with_a_pack(store, bolt, nut)
    collecting = store.cart((store.product(), "1"))
    Price.objects.filter(product=bolt).update(price=D("200.00"))
    response = api.post(f"/orders/{order.pk}/repeat")
    assert response.status_code == 201
    body = response.json()
    assert (body["cart_name"], body["added"], body["skipped"]) == (
        f"Повтор заказа {order.number}",
        2,
        [],
    )
    cart = api.get(f"/carts/{body['cart_id']}").json()
    assert cart["is_active"] is True
    assert [(line["unit"], line["quantity"]) for line in cart["lines"]] == [
        ("шт", "3.000"),
        ("уп", "2.000"),
    ]
    assert cart["lines"][0]["price"] == "180.00"  # today's price, not the order's
    collecting.refresh_from_db()
    assert (collecting.is_active, collecting.lines.count()) == (False, 1)


def test_products_off_sale_are_listed_not_added(api, store):
    bolt = store.product(kazan="50")
    gone = store.product(kazan="50")
    order = store.order((bolt, "1"), (gone, "2"))
    gone.is_active = False
    gone.save()
    body = api.post(f"/orders/{order.pk}/repeat").json()
    assert body["added"] == 1
    assert body["skipped"] == [
        {
            "line_id": order.lines.get(product=gone).pk,
            "article": gone.article,
            "name": gone.name,
            "reason": "Товар снят с продажи.",
        }
    ]
    cart = Cart.objects.get(pk=body["cart_id"])
    assert list(cart.lines.values_list("product_id", flat=True)) == [bolt.pk]


def test_a_unit_no_longer_sold_is_listed(api, store):
    bolt = store.product(kazan="50")
    nut = store.product(kazan="50")
    order = order_with_a_pack(store, bolt, nut)
    ProductUnit.objects.filter(product=nut).delete()
    body = api.post(f"/orders/{order.pk}/repeat").json()
    assert body["added"] == 1
    assert [(row["article"], row["reason"]) for row in body["skipped"]] == [
        (nut.article, "Товар больше не продаётся в «уп».")
    ]


def test_lines_the_manager_removed_are_not_repeated(api, store):
    bolt, nut = store.product(kazan="50"), store.product(kazan="50")
    order = store.order((bolt, "1"), (nut, "4"))
    line = order.lines.get(product=bolt)
    order_line_change(actor=store.actor(store.manager), order=order, line_id=line.pk, quantity=0)
    body = api.post(f"/orders/{order.pk}/repeat").json()
    cart = Cart.objects.get(pk=body["cart_id"])
    assert list(cart.lines.values_list("product_id", "quantity")) == [(nut.pk, D("4"))]


def test_nothing_to_repeat_makes_no_cart(api, store):
    bolt = store.product(kazan="50")
    order = store.order((bolt, "1"))
    bolt.is_active = False
    bolt.save()
    carts = Cart.objects.count()
    response = api.post(f"/orders/{order.pk}/repeat")
    assert (response.status_code, field_of(response)) == (409, "order_id")
    assert Cart.objects.count() == carts


def test_only_people_who_may_order_repeat_their_own_orders(client, store):
    order = store.order((store.product(), "1"))
    carts = Cart.objects.count()
    viewer = MembershipFactory(
        client=store.shop.client, role=ClientRole.VIEWER, legal_entities=[store.entity]
    ).user
    assert Api(client).as_(viewer).post(f"/orders/{order.pk}/repeat").status_code == 403
    stranger = MembershipFactory(role=ClientRole.ADMIN).user
    assert Api(client).as_(stranger).post(f"/orders/{order.pk}/repeat").status_code == 404
    assert Api(client).as_(store.manager).post(f"/orders/{order.pk}/repeat").status_code == 403
    assert Cart.objects.count() == carts
