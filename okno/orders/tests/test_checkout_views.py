from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from okno.orders.models import Order, OrderStatus

pytestmark = pytest.mark.django_db
D = Decimal


def _form(store, **fields):
    data = {
        "legal_entity": store.entity.pk,
        "contract": store.contract.pk,
        "delivery": "delivery",
        "address": store.address.pk,
        "warehouse": store.shop.kazan.pk,
        "desired_date": "",
        "comment": "Позвонить за час",
    }
    data.update(fields)
    return data


def test_the_checkout_offers_the_entity_contract_address_and_warehouses(client, store):
    cart = store.cart((store.product(), "2"))
    client.force_login(store.buyer)
    page = client.get(reverse("orders:checkout", args=[cart.pk])).content.decode()
    assert escape(store.entity.name) in page
    assert str(store.contract) in page
    assert store.address.address in page
    assert "Склад Казань" in page


def test_placing_an_order_goes_to_its_page(client, store):
    bolt = store.product(price="100.00")
    cart = store.cart((bolt, "2"))
    client.force_login(store.buyer)
    answer = client.post(reverse("orders:checkout", args=[cart.pk]), _form(store), follow=True)
    order = Order.objects.get()
    assert answer.redirect_chain[-1][0] == reverse("orders:order", args=[order.pk])
    page = answer.content.decode()
    assert f"Заказ {order.number} отправлен менеджеру" in page
    assert "Позвонить за час" in page
    assert "180,00" in page
    assert order.status == OrderStatus.SUBMITTED
    assert not cart.lines.exists()


def test_a_missing_address_is_named_and_nothing_is_placed(client, store):
    cart = store.cart((store.product(), "2"))
    client.force_login(store.buyer)
    answer = client.post(reverse("orders:checkout", args=[cart.pk]), _form(store, address=""))
    assert answer.status_code == 422
    assert "Выберите адрес доставки" in answer.content.decode()
    assert not Order.objects.exists()
    assert cart.lines.count() == 1


def test_pickup_needs_no_address(client, store):
    cart = store.cart((store.product(), "2"))
    client.force_login(store.buyer)
    client.post(reverse("orders:checkout", args=[cart.pk]), _form(store, delivery="pickup"))
    order = Order.objects.get()
    assert (order.delivery, order.address_id) == ("pickup", None)


def test_a_credit_warning_asks_to_confirm_then_places(client, store):
    store.contract.credit_limit = D("100")
    store.contract.credit_mode = "warn"
    store.contract.save()
    cart = store.cart((store.product(price="100.00"), "5"))
    client.force_login(store.buyer)
    url = reverse("orders:checkout", args=[cart.pk])
    warned = client.post(url, _form(store)).content.decode()
    assert "превышает кредитный лимит" in warned
    assert 'name="confirm_credit"' in warned
    assert not Order.objects.exists()
    client.post(url, _form(store, confirm_credit="on"))
    assert Order.objects.get().credit_warning


def test_a_past_date_is_refused_on_its_field(client, store):
    cart = store.cart((store.product(), "2"))
    client.force_login(store.buyer)
    answer = client.post(
        reverse("orders:checkout", args=[cart.pk]), _form(store, desired_date="2020-01-01")
    )
    assert "Желаемая дата уже прошла" in answer.content.decode()
    assert not Order.objects.exists()
