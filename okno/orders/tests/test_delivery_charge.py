"""The delivery charge: set by the company's settings, free from a goods total and for
pickup, kept in the order's money snapshot and total, shown on the checkout and order pages
and in the API."""

from decimal import Decimal

import pytest
from django.urls import reverse

from okno.catalog.tests.shop import rub
from okno.orders.models import Order

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def delivery_prices(settings):
    settings.OKNO_DELIVERY_PRICE = D("500")
    settings.OKNO_DELIVERY_FREE_FROM = D("10000")
    settings.OKNO_DELIVERY_VAT_RATE = "22"


def _place(api, store, quantity: str, **fields) -> dict:
    bolt = store.product(price="100.00", kazan="500", vat_rate="22")
    cart = store.cart((bolt, quantity))
    body = {
        "cart_id": cart.pk,
        "legal_entity_id": store.entity.pk,
        "contract_id": store.contract.pk,
        "address_id": store.address.pk,
    }
    response = api.post("/orders", body | fields)
    assert response.status_code == 201, response.content
    return response.json()


def test_a_delivered_order_carries_the_charge_in_its_total(api, store):
    order = _place(api, store, "5")  # 5 × 90,00 = 450,00
    assert order["delivery_charge"] == "500.00"
    assert (order["amount"], order["vat_amount"], order["total"]) == ("950.00", "171.31", "950.00")
    assert api.get(f"/orders/{order['id']}").json()["delivery_charge"] == "500.00"
    listed = api.get("/orders").json()
    assert listed["items"][0]["delivery_charge"] == "500.00"


def test_pickup_and_a_large_order_are_delivered_free(api, store):
    pickup = _place(api, store, "5", delivery="pickup", address_id=None)
    assert (pickup["delivery_charge"], pickup["total"]) == ("0.00", "450.00")
    large = _place(api, store, "120")  # 120 × 90,00 = 10 800,00
    assert (large["delivery_charge"], large["total"]) == ("0.00", "10800.00")


def test_the_charge_stays_when_the_settings_change(api, store, settings):
    placed = _place(api, store, "5")
    settings.OKNO_DELIVERY_PRICE = D("900")
    order = Order.objects.get(pk=placed["id"])
    assert order.delivery_total == D("500.00")
    assert order.total == D("950.00")


def test_the_order_page_shows_the_charge(client, api, store):
    placed = _place(api, store, "5")
    client.force_login(store.buyer)
    page = client.get(reverse("orders:order", args=[placed["id"]])).content.decode()
    assert "Доставка</dt>" in page
    assert rub("500,00") in page
    assert rub("950,00") in page


def test_the_checkout_says_what_delivery_costs(client, store):
    cart = store.cart((store.product(price="100.00"), "5"))
    client.force_login(store.buyer)
    page = client.get(reverse("orders:checkout", args=[cart.pk])).content.decode()
    assert f'<dd class="col-5 text-end money" data-delivery-charge>{rub("500,00")}</dd>' in page
    assert rub("950,00") in page
    assert f"Доставка бесплатна для заказа от {rub('10 000,00')}" in page


def test_no_charge_configured_says_nothing_of_it(client, store, settings):
    settings.OKNO_DELIVERY_PRICE = D("0")
    cart = store.cart((store.product(price="100.00"), "5"))
    client.force_login(store.buyer)
    page = client.get(reverse("orders:checkout", args=[cart.pk])).content.decode()
    assert "data-delivery-charge" not in page


def test_an_order_merged_away_costs_nothing(api, store):
    oldest, newer = _place(api, store, "5"), _place(api, store, "3")
    merged = api.post("/orders/merge", {"order_ids": [oldest["id"], newer["id"]]})
    assert merged.status_code == 200, merged.content
    gone = Order.objects.get(
        pk=newer["id"] if merged.json()["id"] == oldest["id"] else oldest["id"]
    )
    assert (gone.lines_count, gone.total) == (0, D("0"))
