"""The dealer's part of the API: customers and retail documents."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from okno.core.testing.queries import assert_queries_flat
from okno.dealers.models import DealerCustomer, RetailDocument
from okno.dealers.tests.factories import build_dealer

pytestmark = pytest.mark.django_db
D = Decimal


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def _put(client, url, body):
    return client.put(url, json.dumps(body), content_type="application/json")


def test_a_dealer_keeps_customers_through_the_api(dealer, client):
    client.force_login(dealer.admin)
    created = _post(
        client,
        reverse("api:dealer_customer_create"),
        {"name": "Орлова Нина", "phone": "89161112233", "default_markup": "15.5"},
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["phone"], body["default_markup"], body["is_active"]) == (
        "+79161112233",
        "15.50",
        True,
    )
    detail = reverse("api:dealer_customer_detail", kwargs={"customer_id": body["id"]})
    changed = _put(client, detail, {"name": "Орлова Нина Петровна", "is_active": False})
    assert changed.status_code == 200
    assert (changed.json()["name"], changed.json()["is_active"]) == ("Орлова Нина Петровна", False)
    listed = client.get(reverse("api:dealer_customer_list")).json()
    assert listed == {"items": [], "count": 0}
    everyone = client.get(
        reverse("api:dealer_customer_list"), {"include_inactive": "true", "search": "орлова"}
    ).json()
    assert [item["id"] for item in everyone["items"]] == [body["id"]]
    # PUT replaces the whole customer: what it leaves out is cleared
    assert (client.get(detail).json()["phone"], client.get(detail).json()["default_markup"]) == (
        "",
        "0.00",
    )


def test_bad_customer_input_is_a_422_naming_the_field(dealer, client):
    client.force_login(dealer.admin)
    url = reverse("api:dealer_customer_create")
    answer = _post(client, url, {"name": "  ", "phone": "12"})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "name"]
    answer = _post(client, url, {"name": "Кто-то", "default_markup": "1000"})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "default_markup"]
    assert not DealerCustomer.objects.exists()


def test_a_document_is_made_and_read_through_the_api(dealer, client):
    customer = dealer.customer(default_markup=D("20"))
    window = dealer.product(price="10000.00")
    handle = dealer.product(price="500.00")
    client.force_login(dealer.buyer)
    created = _post(
        client,
        reverse("api:dealer_document_create"),
        {
            "customer_id": customer.pk,
            "kind": "sale_slip",
            "date": "2026-03-02",
            "lines": [
                {"product_id": window.pk, "quantity": "1"},
                {"product_id": handle.pk, "quantity": "4", "markup_percent": "50"},
            ],
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["number"], body["kind"], body["markup_percent"]) == (1, "sale_slip", "20.00")
    first, second = body["lines"]
    assert (first["dealer_price"], first["retail_price"], first["amount"]) == (
        "9000.00",
        "10800.00",
        "10800.00",
    )
    assert (second["markup_percent"], second["retail_price"], second["amount"]) == (
        "50.00",
        "675.00",
        "2700.00",
    )
    assert (body["amount"], body["dealer_amount"]) == ("13500.00", "10800.00")
    detail = client.get(reverse("api:dealer_document_detail", kwargs={"document_id": body["id"]}))
    assert detail.json() == body
    listed = client.get(reverse("api:dealer_document_list"), {"customer_id": customer.pk}).json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]


def test_bad_document_input_is_refused_and_nothing_is_stored(dealer, client):
    customer = dealer.customer()
    product = dealer.product()
    other = build_dealer("Двери Мира")
    foreign = other.customer()
    client.force_login(dealer.admin)
    url = reverse("api:dealer_document_create")
    line = {"product_id": product.pk, "quantity": "1"}
    assert _post(client, url, {"customer_id": customer.pk, "lines": []}).status_code == 422
    zero = {"customer_id": customer.pk, "lines": [{**line, "quantity": "0"}]}
    assert _post(client, url, zero).status_code == 422
    missing = {"customer_id": customer.pk, "lines": [{**line, "product_id": 10**9}]}
    answer = _post(client, url, missing)
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "lines"]
    assert _post(client, url, {"customer_id": foreign.pk, "lines": [line]}).status_code == 404
    assert not RetailDocument.objects.exists()


def test_pricing_takes_as_many_queries_for_many_lines(dealer, client):
    """The dealer's prices are read in one batch, never a query per line."""
    customer = dealer.customer()
    products = [dealer.product() for _ in range(8)]
    client.force_login(dealer.admin)
    url = reverse("api:dealer_document_create")

    def make(count):
        lines = [{"product_id": p.pk, "quantity": "1"} for p in products[:count]]
        with CaptureQueriesContext(connection) as queries:
            answer = _post(client, url, {"customer_id": customer.pk, "lines": lines})
        assert answer.status_code == 201
        return len(queries)

    make(1)
    assert make(2) == make(8)


def test_the_dealers_manager_reads_but_does_not_write(dealer, client):
    customer = dealer.customer(name="Петров Сергей")
    dealer.document(customer, [(dealer.product(), "1")])
    client.force_login(dealer.client.manager)
    assert client.get(reverse("api:dealer_customer_list")).json()["count"] == 1
    assert client.get(reverse("api:dealer_document_list")).json()["count"] == 1
    answer = _post(client, reverse("api:dealer_customer_create"), {"name": "Новый"})
    assert answer.status_code == 403
    detail = reverse("api:dealer_customer_detail", kwargs={"customer_id": customer.pk})
    assert _put(client, detail, {"name": "Другое имя"}).status_code == 403
    customer.refresh_from_db()
    assert customer.name == "Петров Сергей"


def test_people_who_are_not_a_dealers_are_refused(dealer, world, client):
    for outsider in (dealer.accountant, world.a_admin):
        client.force_login(outsider)
        assert client.get(reverse("api:dealer_customer_list")).status_code == 403
        assert client.get(reverse("api:dealer_document_list")).status_code == 403
        answer = _post(client, reverse("api:dealer_customer_create"), {"name": "Новый"})
        assert answer.status_code == 403
    assert not DealerCustomer.objects.filter(name="Новый").exists()


@pytest.mark.parametrize("route", ["api:dealer_customer_list", "api:dealer_document_list"])
def test_the_api_lists_take_as_many_queries_for_many_rows(
    route, dealer, client, django_assert_max_num_queries
):
    product = dealer.product()
    client.force_login(dealer.admin)

    def grow(count):
        for _ in range(count):
            dealer.document(dealer.customer(), [(product, "1")])

    grow(3)
    answer = assert_queries_flat(
        lambda: client.get(reverse(route)),
        grow=lambda: grow(9),
        ceiling=8,
        assert_max_num_queries=django_assert_max_num_queries,
    )
    assert answer.json()["count"] == 12
