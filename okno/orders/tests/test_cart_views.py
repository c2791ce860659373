from decimal import Decimal

import pytest
from django.urls import reverse

from okno.accounts.tests.factories import StaffFactory
from okno.catalog.tests.factories import ProductUnitFactory, UnitFactory
from okno.clients.tests.factories import MembershipFactory
from okno.core.roles import ClientRole
from okno.core.testing.queries import assert_queries_flat
from okno.orders.models import Cart, CartLine

pytestmark = pytest.mark.django_db
D = Decimal


def test_adding_from_the_catalog_puts_the_line_in_the_active_cart(client, store):
    bolt = store.product(price="100.00")
    client.force_login(store.buyer)
    answer = client.post(reverse("orders:cart_add"), {"product": bolt.pk, "quantity": "3"})
    assert answer.status_code == 200
    assert answer.json()["lines"] == 1
    answer = client.post(reverse("orders:cart_add"), {"product": bolt.pk, "quantity": "2,5"})
    line = CartLine.objects.get(cart__owner=store.buyer)
    assert (line.quantity, line.quantity_base) == (D("5.5"), D("5.5"))


def test_adding_a_bad_quantity_says_what_is_wrong(client, store):
    bolt = store.product()
    client.force_login(store.buyer)
    answer = client.post(reverse("orders:cart_add"), {"product": bolt.pk, "quantity": "abc"})
    assert answer.status_code == 422
    assert "не число" in answer.json()["error"]
    answer = client.post(reverse("orders:cart_add"), {"product": 0, "quantity": "1"})
    assert answer.status_code == 422
    assert not CartLine.objects.exists()


def test_a_packaging_unit_converts_to_base_units(client, store):
    box = store.product(price="10.00")
    ProductUnitFactory(product=box, unit=UnitFactory(short_name="уп"), coefficient=D("12"))
    client.force_login(store.buyer)
    client.post(reverse("orders:cart_add"), {"product": box.pk, "quantity": "2", "unit": "уп"})
    line = CartLine.objects.get()
    assert (line.quantity, line.quantity_base, line.unit_coefficient) == (D("2"), D("24"), D("12"))
    page = client.get(reverse("orders:cart"))
    # 24 pieces at 10 ₽ less the contract's 10 %: 216 ₽.
    assert "216,00" in page.content.decode()


def test_the_cart_page_shows_the_rounding_and_accepts_it(client, store):
    box = store.product(price="10.00", multiplicity=D("6"))
    cart = store.cart((box, "7"))
    client.force_login(store.buyer)
    page = client.get(reverse("orders:cart_detail", args=[cart.pk])).content.decode()
    assert "Кратность" in page
    assert "Округлить до 12" in page
    line = cart.lines.get()
    answer = client.post(
        reverse("orders:cart_line", args=[cart.pk, line.pk]),
        {"quantity": "12"},
        HTTP_HX_REQUEST="true",
    )
    body = answer.content.decode()
    assert answer.status_code == 200
    assert 'id="cart-totals"' in body
    assert f'id="line-{line.pk}"' in body
    line.refresh_from_db()
    assert line.quantity == D("12")


def test_a_live_change_with_a_bad_quantity_keeps_the_line_and_shows_why(client, store):
    bolt = store.product()
    cart = store.cart((bolt, "2"))
    line = cart.lines.get()
    client.force_login(store.buyer)
    answer = client.post(
        reverse("orders:cart_line", args=[cart.pk, line.pk]),
        {"quantity": "-1"},
        HTTP_HX_REQUEST="true",
    )
    assert "больше нуля" in answer.content.decode()
    line.refresh_from_db()
    assert line.quantity == D("2")


def test_removing_a_line_answers_its_deletion(client, store):
    bolt = store.product()
    cart = store.cart((bolt, "2"))
    line = cart.lines.get()
    client.force_login(store.buyer)
    answer = client.post(
        reverse("orders:cart_line_remove", args=[cart.pk, line.pk]), HTTP_HX_REQUEST="true"
    )
    assert 'hx-swap-oob="delete"' in answer.content.decode()
    assert not CartLine.objects.exists()


def test_several_named_carts_one_active(client, store):
    client.force_login(store.buyer)
    first = store.cart()
    client.post(reverse("orders:cart_create"), {"name": "Объект на Ленина"})
    second = Cart.objects.get(name="Объект на Ленина")
    first.refresh_from_db()
    assert second.is_active
    assert not first.is_active
    client.post(reverse("orders:cart_activate", args=[first.pk]))
    second.refresh_from_db()
    first.refresh_from_db()
    assert first.is_active
    assert not second.is_active
    client.post(reverse("orders:cart_rename", args=[second.pk]), {"name": "Ленина, 5"})
    second.refresh_from_db()
    assert second.name == "Ленина, 5"
    listing = client.get(reverse("orders:cart_list")).content.decode()
    assert "Ленина, 5" in listing
    assert "Основная корзина" in listing


def test_a_shared_cart_is_seen_by_colleagues_and_only_the_owner_changes_it(client, store):
    bolt = store.product()
    cart = store.cart((bolt, "1"))
    colleague = MembershipFactory(
        client=store.shop.client, role=ClientRole.BUYER, legal_entities=[store.entity]
    ).user
    client.force_login(colleague)
    assert client.get(reverse("orders:cart_detail", args=[cart.pk])).status_code == 404
    client.force_login(store.buyer)
    client.post(reverse("orders:cart_share", args=[cart.pk]), {"shared": "1"})
    client.force_login(colleague)
    assert client.get(reverse("orders:cart_detail", args=[cart.pk])).status_code == 200
    answer = client.post(reverse("orders:cart_rename", args=[cart.pk]), {"name": "Моя"})
    assert answer.status_code == 403
    cart.refresh_from_db()
    assert cart.name == "Основная корзина"


def test_people_who_may_not_order_and_staff_have_no_cart(client, store):
    viewer = MembershipFactory(client=store.shop.client, role=ClientRole.VIEWER).user
    client.force_login(viewer)
    assert client.get(reverse("orders:cart")).status_code == 403
    client.force_login(StaffFactory())
    assert client.get(reverse("orders:cart")).status_code == 302


def test_the_cart_page_runs_the_same_queries_for_3_and_30_lines(
    client, store, django_assert_max_num_queries
):
    client.force_login(store.buyer)
    products = [store.product() for _ in range(30)]
    cart = store.cart(*[(product, "1") for product in products[:3]])
    answer = assert_queries_flat(
        lambda: client.get(reverse("orders:cart_detail", args=[cart.pk])),
        grow=lambda: store.cart(*[(product, "1") for product in products[3:]]),
        ceiling=25,
        assert_max_num_queries=django_assert_max_num_queries,
    )
    assert products[-1].article in answer.content.decode()
