"""Payments in the API: the list of an order's payments and the staff's refund."""

import pytest
from django.urls import reverse

from okno.core.actor import actor_for_user
from okno.core.testing.queries import assert_queries_flat
from okno.payments.models import Payment, PaymentStatus
from okno.payments.services import payment_callback_handle, payment_start
from okno.payments.tests.factories import build_individual, order_with_lines

pytestmark = pytest.mark.django_db


def _paid(buyer, order=None) -> Payment:
    payment, _started = payment_start(
        actor=actor_for_user(buyer.person), order=order or buyer.order()
    )
    payment_callback_handle(
        provider_name="test", data={"payment_id": payment.provider_payment_id, "status": "paid"}
    )
    payment.refresh_from_db()
    return payment


def test_a_person_lists_the_payments_of_an_order(buyer, client):
    order = buyer.order([("1200.00", "1")])
    paid = _paid(buyer, order)
    other_order = buyer.order()
    _paid(buyer, other_order)
    client.force_login(buyer.person)
    body = client.get(reverse("api:payment_list"), {"order_id": order.pk}).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["uuid"], item["order_number"], item["amount"], item["status"]) == (
        str(paid.uuid),
        order.number,
        "1200.00",
        "paid",
    )
    assert client.get(reverse("api:payment_list")).json()["count"] == 2


def test_another_clients_payments_are_not_listed(buyer, client):
    stranger = build_individual(name="Петров Пётр")
    foreign = _paid(stranger)
    client.force_login(buyer.person)
    body = client.get(reverse("api:payment_list"), {"order_id": foreign.order_id}).json()
    assert body == {"items": [], "count": 0}
    url = reverse("api:payment_refund", kwargs={"payment_uuid": foreign.uuid})
    assert client.post(url).status_code == 404


def test_the_manager_refunds_through_the_api(buyer, client):
    payment = _paid(buyer)
    url = reverse("api:payment_refund", kwargs={"payment_uuid": payment.uuid})
    client.force_login(buyer.person)
    refused = client.post(url)
    assert refused.status_code == 403
    client.force_login(buyer.client.manager)
    answer = client.post(url)
    assert answer.status_code == 200
    assert answer.json()["status"] == "refunded"
    again = client.post(url)
    assert again.status_code == 409
    assert again.json()["detail"][0]["msg"] == "Вернуть можно только оплаченный платёж."
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED


def test_the_list_takes_as_many_queries_for_many_payments(
    buyer, client, django_assert_max_num_queries
):
    client.force_login(buyer.client.manager)

    def grow(count):
        for _ in range(count):
            _paid(buyer)

    grow(3)
    answer = assert_queries_flat(
        lambda: client.get(reverse("api:payment_list")),
        grow=lambda: grow(9),
        ceiling=6,
        assert_max_num_queries=django_assert_max_num_queries,
    )
    assert answer.json()["count"] == 12


def test_a_company_starts_paying_an_order_through_the_api(world, client):
    order = order_with_lines(
        [("700.00", "1")], legal_entity=world.entity_a1, contract=world.contract_a1
    )
    client.force_login(world.a_buyer)
    url = reverse("api:payment_start", kwargs={"order_id": order.pk})
    answer = client.post(url, {"method": "sbp"}, content_type="application/json")
    assert answer.status_code == 201
    body = answer.json()
    payment = Payment.objects.get()
    assert (body["payment"]["uuid"], body["payment"]["method"]) == (str(payment.uuid), "sbp")
    assert body["payment"]["amount"] == "700.00"
    assert body["redirect_url"] == reverse("payments:test_bank", args=[payment.uuid])
    wrong = client.post(url, {"method": "cash"}, content_type="application/json")
    assert wrong.status_code == 422
    assert wrong.json()["detail"][0]["loc"][-1] == "method"
    client.force_login(world.manager_a)
    assert client.post(url, {}, content_type="application/json").status_code == 403
