"""Changing orders from their pages: repeat, split, merge, the manager's edits, shipments."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from okno.orders.models import Cart, Order, OrderStatus, Shipment
from okno.orders.services.lifecycle import order_verify

pytestmark = pytest.mark.django_db
D = Decimal


def test_repeating_an_order_fills_a_new_cart(client, store):
    bolt, nut = store.product(), store.product()
    order = store.order((bolt, "2"), (nut, "3"))
    client.force_login(store.buyer)
    answer = client.post(reverse("orders:order_repeat", args=[order.pk]))
    cart = Cart.objects.get(is_active=True, owner=store.buyer)
    assert answer["Location"] == reverse("orders:cart_detail", args=[cart.pk])
    assert sorted(cart.lines.values_list("quantity", flat=True)) == [D("2"), D("3")]
    assert order.number in cart.name


def test_the_buyer_splits_chosen_lines_into_a_new_order(client, store):
    bolt, nut = store.product(price="100.00"), store.product(price="50.00")
    order = store.order((bolt, "2"), (nut, "2"))
    client.force_login(store.buyer)
    nut_line = order.lines.get(product=nut)
    answer = client.post(
        reverse("orders:order_split", args=[order.pk]), {"by": "lines", "line": [nut_line.pk]}
    )
    assert answer.status_code == 302
    order.refresh_from_db()
    part = Order.objects.exclude(pk=order.pk).get()
    assert (order.total, part.total) == (D("180.00"), D("90.00"))
    assert part.split_from == order


def test_splitting_by_one_warehouse_says_why_not(client, store):
    order = store.order((store.product(), "1"), (store.product(), "1"))
    client.force_login(store.buyer)
    answer = client.post(
        reverse("orders:order_split", args=[order.pk]), {"by": "warehouse"}, follow=True
    )
    assert "делить нечего" in answer.content.decode()
    assert Order.objects.count() == 1


def test_merging_two_orders_from_the_list(client, store):
    first = store.order((store.product(price="100.00"), "1"))
    second = store.order((store.product(price="100.00"), "2"))
    client.force_login(store.buyer)
    listing = client.get(reverse("orders:orders")).content.decode()
    assert "Объединить выбранные" in listing
    client.post(reverse("orders:order_merge"), {"order": [first.pk, second.pk]})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.total == D("270.00")
    assert second.merged_into == first
    assert second.status == OrderStatus.CANCELLED


def test_the_manager_changes_a_line_and_the_client_sees_what_they_ordered(client, store):
    bolt = store.product(price="100.00", name="Болт")
    order = store.order((bolt, "5"))
    line = order.lines.get()
    client.force_login(store.manager)
    client.post(reverse("orders:order_line", args=[order.pk, line.pk]), {"quantity": "3"})
    order.refresh_from_db()
    assert order.total == D("270.00")
    assert order.changed_by_manager
    client.force_login(store.buyer)
    page = client.get(reverse("orders:order", args=[order.pk])).content.decode()
    assert "Менеджер изменил заказ" in page
    assert "вы заказывали 5" in page


def test_the_manager_adds_a_product_by_article(client, store):
    order = store.order((store.product(), "1"))
    extra = store.product(article="ДОП-1", price="10.00")
    client.force_login(store.manager)
    client.post(
        reverse("orders:order_line_add", args=[order.pk]), {"article": "доп1", "quantity": "2"}
    )
    assert order.lines.filter(product=extra, change="added").exists()
    answer = client.post(
        reverse("orders:order_line_add", args=[order.pk]),
        {"article": "НЕТ-ТАКОГО", "quantity": "2"},
        follow=True,
    )
    assert "не найден" in answer.content.decode()


def test_the_buyer_cannot_edit_lines(client, store):
    order = store.order((store.product(), "5"))
    line = order.lines.get()
    client.force_login(store.buyer)
    answer = client.post(reverse("orders:order_line", args=[order.pk, line.pk]), {"quantity": "1"})
    assert answer.status_code == 403
    line.refresh_from_db()
    assert line.quantity == D("5")


def test_the_manager_ships_and_delivers(client, store):
    bolt = store.product(kazan="20")
    order = store.order((bolt, "4"))
    order_verify(actor=store.actor(store.manager), order=order)
    line = order.lines.get()
    client.force_login(store.manager)
    page = client.get(reverse("orders:order", args=[order.pk])).content.decode()
    assert "Новая отгрузка" in page
    client.post(
        reverse("orders:shipment_new", args=[order.pk]),
        {
            f"ship_{line.pk}": "4",
            "date": timezone.localdate().isoformat(),
            "carrier": "ПЭК",
            "tracking_number": "TRK-1",
        },
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED
    shipment = Shipment.objects.get()
    client.post(reverse("orders:shipment_status", args=[shipment.pk]), {"status": "delivered"})
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED
    client.force_login(store.buyer)
    page = client.get(reverse("orders:order", args=[order.pk])).content.decode()
    assert "TRK-1" in page
    assert "Доставлена" in page
