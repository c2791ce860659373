import json
from decimal import Decimal

import pytest

from okno.orders.services.carts import cart_active
from okno.orders.tests.store import build_store

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def store(client):
    store = build_store()
    client.force_login(store.buyer)
    return store


def _post(client, cart, body):
    return client.post(
        f"/api/v1/carts/{cart.pk}/quick-order",
        data=json.dumps(body),
        content_type="application/json",
    )


def test_text_is_previewed_line_by_line(store, client):
    bolt = store.product(article="БТ-1", price="100.00")
    first = store.product(article="AB-1")
    store.product(article="ab 1")
    cart = cart_active(actor=store.actor())
    response = _post(client, cart, {"text": "БТ-1;3\n\nAB1;1\nНЕТ;1\nБТ-1;x"})
    assert response.status_code == 200
    body = response.json()
    assert [(line["line"], line["status"]) for line in body["lines"]] == [
        (1, "found"),
        (3, "ambiguous"),
        (4, "unknown"),
        (5, "bad_quantity"),
    ]
    found = body["lines"][0]
    assert (found["product_id"], found["price"], found["total"]) == (bolt.pk, "90.00", "270.00")
    assert found["text"] == "БТ-1;3"
    assert first.pk in {c["product_id"] for c in body["lines"][1]["candidates"]}
    assert body["counts"]["unknown"] == 1
    assert body["empty_lines"] == 1
    assert not body["applied"]
    assert not cart.lines.exists()


def test_rows_with_choices_are_applied_and_the_rest_returned(store, client):
    store.product(article="AB-1")
    second = store.product(article="ab 1")
    box = store.product(article="КОР-6", multiplicity=D("6"))
    cart = cart_active(actor=store.actor())
    rows = [
        {"article": "AB1", "quantity": "2", "product_id": second.pk},
        {"article": "КОР-6", "quantity": "7шт", "round_up": True},
        {"article": "НЕТ", "quantity": "1", "unit": "уп"},
    ]
    body = _post(client, cart, {"rows": rows, "apply": True}).json()
    assert body["applied"]
    assert body["added"] == [1, 2]
    assert body["lines"][1]["order_quantity"] == "12.000"
    assert body["remaining_text"] == "НЕТ;1;уп"
    lines = {line.product_id: line.quantity for line in cart.lines.all()}
    assert lines == {second.pk: D("2"), box.pk: D("12")}


def test_text_and_rows_together_or_neither_are_refused(store, client):
    cart = cart_active(actor=store.actor())
    assert _post(client, cart, {}).status_code == 422
    both = _post(client, cart, {"text": "A;1", "rows": []})
    assert both.status_code == 422
    assert both.json()["detail"][0]["loc"] == ["body", "text"]


def test_the_route_is_in_the_schema(client, store):
    schema = client.get("/api/v1/openapi.json").json()
    assert "post" in schema["paths"]["/api/v1/carts/{cart_id}/quick-order"]
