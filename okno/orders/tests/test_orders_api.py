"""/api/v1/orders: placing an order from a cart, the list with its filters, one order with
lines, history and shipments, and the lifecycle's actions — cancel, approve, reject, verify."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from okno.accounts.tests.factories import StaffFactory
from okno.catalog.models import Stock
from okno.clients.tests.factories import ContractFactory, LegalEntityFactory, MembershipFactory
from okno.core.roles import ClientRole
from okno.orders.models import Order, OrderStatus
from okno.orders.tests.calls import Api, field_of

pytestmark = pytest.mark.django_db
D = Decimal


def checkout(store, cart, **fields):
    body = {
        "cart_id": cart.pk,
        "legal_entity_id": store.entity.pk,
        "contract_id": store.contract.pk,
        "address_id": store.address.pk,
    }
    return body | fields


def test_an_order_is_placed_from_a_cart(api, store):
    bolt = store.product(price="100.00", kazan="50", vat_rate="22")
    cart = store.cart((bolt, "5"))
    wanted = timezone.localdate() + datetime.timedelta(days=3)
    body = checkout(store, cart, desired_date=wanted.isoformat(), comment="К 10 утра")
    response = api.post("/orders", body)
    assert response.status_code == 201
    order = response.json()
    assert order["number"].startswith("ОК-")
    assert (order["status"], order["status_name"]) == ("submitted", "Отправлен")
    assert (order["amount"], order["vat_amount"], order["total"]) == ("450.00", "81.15", "450.00")
    assert (order["desired_date"], order["comment"]) == (wanted.isoformat(), "К 10 утра")
    assert (order["warehouse_name"], order["delivery"]) == ("Склад Казань", "delivery")
    assert order["contract_number"] == store.contract.number
    [line] = order["lines"]
    assert line | {"id": None, "warehouse_id": None} == {
        "id": None,
        "position": 1,
        "product_id": bolt.pk,
        "article": bolt.article,
        "name": bolt.name,
        "unit": "шт",
        "unit_coefficient": "1.000",
        "quantity": "5.000",
        "quantity_base": "5.000",
        "ordered_quantity": None,
        "change": "",
        "warehouse_id": None,
        "desired_date": wanted.isoformat(),
        "price": "90.00",
        "discount_percent": "10.00",
        "amount": "450.00",
        "vat_rate": "22",
        "vat_amount": "81.15",
        "total": "450.00",
        "reserved": "5.000",
        "shipped": "0.000",
    }
    assert [(h["from_status"], h["to_status"]) for h in order["history"]] == [
        ("draft", "submitted")
    ]
    assert order["history"][0]["user_name"] == store.buyer.full_name
    assert order["shipments"] == []
    assert not cart.lines.exists()


def test_a_draft_is_saved_without_reserving(api, store):
    bolt = store.product(kazan="5")
    response = api.post("/orders", checkout(store, store.cart((bolt, "2")), submit=False))
    assert response.json()["status"] == "draft"
    assert Stock.objects.get(product=bolt, warehouse=store.shop.kazan).reserved == 0


@pytest.mark.parametrize(
    ("fields", "status", "field"),
    [
        ({"address_id": None}, 422, "address_id"),
        ({"delivery": "teleport"}, 422, "delivery"),
        ({"desired_date": "2020-01-01"}, 422, "desired_date"),
        ({"desired_date": "01.02.2026"}, 422, "desired_date"),
        ({"comment": "x" * 2001}, 422, "comment"),
        ({"contract_id": "abc"}, 422, "contract_id"),
    ],
)
def test_bad_checkout_input_is_refused_naming_the_field(api, store, fields, status, field):
    cart = store.cart((store.product(), "1"))
    response = api.post("/orders", checkout(store, cart, **fields))
    assert (response.status_code, field_of(response)) == (status, field)
    assert not Order.objects.exists()
    assert cart.lines.count() == 1


def test_an_empty_cart_or_a_shortage_is_refused(api, store):
    empty = store.cart()
    response = api.post("/orders", checkout(store, empty))
    assert (response.status_code, field_of(response)) == (422, "cart_id")
    bolt = store.product(kazan="1")
    response = api.post("/orders", checkout(store, store.cart((bolt, "2"))))
    assert (response.status_code, field_of(response)) == (409, "lines")
    assert bolt.article in response.json()["detail"][0]["msg"]


def test_another_clients_cart_contract_or_address_is_404(api, store):
    cart = store.cart((store.product(), "1"))
    stranger = ContractFactory(legal_entity=LegalEntityFactory())
    assert api.post("/orders", checkout(store, cart, contract_id=stranger.pk)).status_code == 404
    assert not Order.objects.exists()


def test_a_credit_warning_needs_confirming(api, store):
    store.contract.credit_limit = D("100")
    store.contract.credit_mode = "warn"
    store.contract.save()
    cart = store.cart((store.product(price="100.00"), "2"))
    warned = api.post("/orders", checkout(store, cart))
    assert (warned.status_code, field_of(warned)) == (409, "confirm_credit")
    placed = api.post("/orders", checkout(store, cart, confirm_credit=True)).json()
    assert "лимит" in placed["credit_warning"]


def test_the_list_filters_by_status_entity_dates_and_number(api, store):
    bolt = store.product(kazan="100")
    first = store.order((bolt, "1"))
    second = store.order((bolt, "1"), submit=False)
    Order.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=10)
    )

    def ids(**params):
        return [row["id"] for row in api.get("/orders", params).json()["items"]]

    assert ids() == [second.pk, first.pk]
    assert ids(status="draft") == [second.pk]
    assert ids(legal_entity_id=store.entity.pk) == [second.pk, first.pk]
    today = timezone.localdate()
    assert ids(date_from=(today - datetime.timedelta(days=1)).isoformat()) == [second.pk]
    assert ids(date_to=(today - datetime.timedelta(days=5)).isoformat()) == [first.pk]
    assert ids(search=first.number[-6:]) == [first.pk]
    page = api.get("/orders", {"limit": 1, "offset": 1}).json()
    assert (page["count"], [row["id"] for row in page["items"]]) == (2, [first.pk])
    row = api.get("/orders", {"status": "submitted"}).json()["items"][0]
    assert row["legal_entity_name"] == store.entity.name
    assert row["lines_count"] == 1


@pytest.mark.parametrize(
    "params",
    [
        {"status": "lost"},
        {"date_from": "вчера"},
        {"legal_entity_id": 0},
        {"search": "x" * 101},
        {"amount_min": "-1"},
    ],
)
def test_bad_filters_are_a_422(api, params):
    assert api.get("/orders", params).status_code == 422


def test_other_clients_orders_are_not_listed_and_are_404(client, store):
    order = store.order((store.product(), "1"))
    stranger = MembershipFactory(role=ClientRole.ADMIN).user
    api = Api(client).as_(stranger)
    assert api.get("/orders").json() == {"items": [], "count": 0}
    assert api.get(f"/orders/{order.pk}").status_code == 404
    assert api.post(f"/orders/{order.pk}/cancel", {"reason": "чужой"}).status_code == 404
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED


def test_the_client_cancels_and_the_stock_is_released(api, store):
    bolt = store.product(kazan="10")
    order = store.order((bolt, "4"))
    response = api.post(f"/orders/{order.pk}/cancel", {"reason": "передумали"})
    body = response.json()
    assert (body["status"], body["cancel_reason"]) == ("cancelled", "передумали")
    assert body["history"][-1]["note"] == "передумали"
    assert Stock.objects.get(product=bolt, warehouse=store.shop.kazan).free == D("10")
    again = api.post(f"/orders/{order.pk}/cancel", {})
    assert (again.status_code, field_of(again)) == (409, "status")


def test_staff_cancel_with_a_reason(client, store):
    order = store.order((store.product(), "1"))
    api = Api(client).as_(store.manager)
    refused = api.post(f"/orders/{order.pk}/cancel", {"reason": "  "})
    assert (refused.status_code, field_of(refused)) == (422, "reason")
    assert api.post(f"/orders/{order.pk}/cancel", {"reason": "нет товара"}).status_code == 200


def test_the_client_admin_approves_or_rejects(client, api, store):
    store.shop.client.order_approval_threshold = D("100")
    store.shop.client.save()
    bolt = store.product(price="100.00")
    waiting = store.order((bolt, "3"))
    other = store.order((bolt, "2"))
    assert waiting.status == OrderStatus.AWAITING_APPROVAL
    assert api.post(f"/orders/{waiting.pk}/approve").status_code == 403
    admin = Api(client).as_(store.client_admin)
    approved = admin.post(f"/orders/{waiting.pk}/approve").json()
    assert approved["status"] == "submitted"
    assert approved["lines"][0]["reserved"] == "3.000"
    no_reason = admin.post(f"/orders/{other.pk}/reject", {})
    assert (no_reason.status_code, field_of(no_reason)) == (422, "reason")
    rejected = admin.post(f"/orders/{other.pk}/reject", {"reason": "Дорого"}).json()
    assert (rejected["status"], rejected["cancel_reason"]) == ("cancelled", "Не согласован: Дорого")
    assert admin.post(f"/orders/{waiting.pk}/approve").status_code == 409


def test_the_manager_verifies(client, api, store):
    order = store.order((store.product(), "1"))
    assert api.post(f"/orders/{order.pk}/verify", {}).status_code == 403
    manager = Api(client).as_(store.manager)
    body = manager.post(f"/orders/{order.pk}/verify", {"note": "Проверено"}).json()
    assert body["status"] == "verified"
    assert body["history"][-1] | {"at": None} == {
        "from_status": "submitted",
        "to_status": "verified",
        "user_name": store.manager.full_name,
        "note": "Проверено",
        "at": None,
    }
    other_manager = Api(client).as_(StaffFactory())
    assert other_manager.get(f"/orders/{order.pk}").status_code == 404


def test_the_api_document_describes_carts_orders_and_shipments(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    roots = {"carts", "orders", "shipments"}
    ours = {path: sorted(paths[path]) for path in paths if path.split("/")[3] in roots}
    assert ours == {
        "/api/v1/carts": ["get", "post"],
        "/api/v1/carts/{cart_id}": ["delete", "get", "patch"],
        "/api/v1/carts/{cart_id}/lines": ["post"],
        "/api/v1/carts/{cart_id}/quick-order": ["post"],
        "/api/v1/carts/{cart_id}/lines/{line_id}": ["delete", "patch"],
        "/api/v1/orders": ["get", "post"],
        "/api/v1/orders/merge": ["post"],
        "/api/v1/orders/{order_id}": ["get"],
        "/api/v1/orders/{order_id}/invoice": ["get"],
        "/api/v1/orders/{order_id}/approve": ["post"],
        "/api/v1/orders/{order_id}/cancel": ["post"],
        "/api/v1/orders/{order_id}/lines": ["post"],
        "/api/v1/orders/{order_id}/lines/{line_id}": ["patch"],
        "/api/v1/orders/{order_id}/payments": ["post"],
        "/api/v1/orders/{order_id}/reject": ["post"],
        "/api/v1/orders/{order_id}/repeat": ["post"],
        "/api/v1/orders/{order_id}/shipments": ["post"],
        "/api/v1/orders/{order_id}/split": ["post"],
        "/api/v1/orders/{order_id}/verify": ["post"],
        "/api/v1/shipments": ["get"],
        "/api/v1/shipments/{shipment_id}": ["get", "patch"],
    }
