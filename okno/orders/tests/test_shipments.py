"""Shipments: the client's manager records them with POST /api/v1/orders/{id}/shipments
and moves them on with PATCH /api/v1/shipments/{id}; the client reads them. Quantities come
out of the reserve, the money is shared pro rata, the order follows."""

import datetime
from decimal import Decimal

import pytest

from okno.accounts.tests.factories import StaffFactory
from okno.catalog.models import Stock, StockMovement
from okno.catalog.tests.factories import ProductUnitFactory, UnitFactory
from okno.core.actor import actor_for_user
from okno.core.roles import StaffRole
from okno.orders.models import OrderLine, OrderStatus, Shipment
from okno.orders.services.carts import cart_line_add
from okno.orders.services.checkout import order_place
from okno.orders.services.editing import order_line_change
from okno.orders.services.lifecycle import order_cancel, order_verify
from okno.orders.services.merge import order_merge
from okno.orders.services.shipments import shipment_create
from okno.orders.tests.calls import Api, field_of

pytestmark = pytest.mark.django_db
D = Decimal
DAY = "2026-03-02"


@pytest.fixture
def api(client, store):
    return Api(client).as_(store.manager)


def verified(store, *lines, **fields):
    order = store.order(*lines, **fields)
    return order_verify(actor=store.actor(store.manager), order=order)


def ship(api, order, *lines, **fields):
    body = {
        "lines": [{"order_line_id": line.pk, "quantity_base": str(q)} for line, q in lines],
        "date": DAY,
        **fields,
    }
    return api.post(f"/orders/{order.pk}/shipments", body)


def stock(store, product) -> tuple[Decimal, Decimal]:
    row = Stock.objects.get(product=product, warehouse=store.shop.kazan)
    return row.free, row.reserved


def test_a_shipment_confirms_a_verified_order_and_ships_from_the_reserve(api, store):
    bolt = store.product(price="100.00", kazan="50")
    nut = store.product(price="10.00", kazan="50")
    order = verified(store, (bolt, "10"), (nut, "3"))
    line = order.lines.get(product=bolt)
    response = ship(api, order, (line, 4), carrier="ПЭК", tracking_number="PK-1")
    assert response.status_code == 201
    body = response.json()
    assert body | {"id": None} == {
        "id": None,
        "number": f"{order.number}-1",
        "order_id": order.pk,
        "order_number": order.number,
        "date": DAY,
        "status": "planned",
        "status_name": "Запланирована",
        "warehouse_id": store.shop.kazan.pk,
        "warehouse_name": "Склад Казань",
        "carrier": "ПЭК",
        "tracking_number": "PK-1",
        "amount": "360.00",
        "lines": [
            {
                "id": body["lines"][0]["id"],
                "order_line_id": line.pk,
                "article": bolt.article,
                "name": bolt.name,
                "quantity_base": "4.000",
                "amount": "360.00",
            }
        ],
    }
    line.refresh_from_db()
    assert (line.shipped, line.reserved) == (D("4"), D("6"))
    assert stock(store, bolt) == (D("40"), D("6"))
    assert StockMovement.objects.filter(product=bolt, reason="shipment").get().reserved_change == (
        D("-4")
    )
    detail = api.get(f"/orders/{order.pk}").json()
    assert detail["status"] == "partly_shipped"
    assert [(h["to_status"], h["note"]) for h in detail["history"][-2:]] == [
        ("confirmed", "Подтверждён при отгрузке"),
        ("partly_shipped", ""),
    ]
    assert [s["id"] for s in detail["shipments"]] == [body["id"]]


def test_a_lines_shipments_add_up_to_its_total_and_the_order_is_shipped(api, store):
    bolt = store.product(price="9.26", kazan="50")
    ProductUnitFactory(product=bolt, unit=UnitFactory(short_name="кор"), coefficient=D("12"))
    cart = store.cart()
    cart_line_add(actor=store.actor(), cart=cart, product_id=bolt.pk, quantity="1", unit="кор")
    order = order_place(actor=store.actor(), checkout=store.checkout(cart))
    order = order_verify(actor=store.actor(store.manager), order=order)
    line = order.lines.get()
    assert (line.price, line.total) == (D("100.01"), D("100.01"))  # 9.26 less 10 %, × 12
    amounts = [ship(api, order, (line, q)).json()["amount"] for q in (1, 1, 10)]
    # Pro rata 8.33 for a piece; the last shipment takes the rest, not its own 83.34.
    assert amounts == ["8.33", "8.33", "83.35"]
    assert sum(D(a) for a in amounts) == line.total
    assert api.get(f"/orders/{order.pk}").json()["status"] == "shipped"
    more = ship(api, order, (line, 1))
    assert (more.status_code, field_of(more)) == (409, "status")


@pytest.mark.parametrize(
    ("lines", "field", "code"),
    [
        ([("bolt", "11")], "lines.0.quantity_base", "too_much"),
        ([("bolt", "0")], "lines.0.quantity_base", "invalid"),
        ([("bolt", "1.0001")], "lines.0.quantity_base", "invalid"),
        ([("nut", "1")], "lines.0.order_line_id", "unknown"),
        ([("bolt", "1"), ("bolt", "1")], "lines.1.order_line_id", "unknown"),
        ([("removed", "1")], "lines.0.quantity_base", "too_much"),
    ],
)
def test_what_cannot_ship_is_refused_naming_the_item(api, store, lines, field, code):
    bolt = store.product(kazan="50")
    washer = store.product(kazan="50")
    order = store.order((bolt, "10"), (washer, "1"))
    removed = order.lines.get(product=washer)
    order_line_change(actor=store.actor(store.manager), order=order, line_id=removed.pk, quantity=0)
    order = order_verify(actor=store.actor(store.manager), order=order)
    other = store.order((store.product(kazan="50"), "1"))
    known = {"bolt": order.lines.get(product=bolt), "nut": other.lines.get(), "removed": removed}
    response = ship(api, order, *[(known[name], q) for name, q in lines])
    assert response.status_code == 422
    assert (field_of(response), response.json()["detail"][0]["type"]) == (field, code)
    if code == "too_much":
        assert known[lines[0][0]].article in response.json()["detail"][0]["msg"]
    assert not Shipment.objects.exists()
    assert api.get(f"/orders/{order.pk}").json()["status"] == "verified"


def test_a_line_ships_no_more_than_its_reserve(api, store):
    bolt = store.product(kazan="50")
    order = verified(store, (bolt, "10"))
    line = order.lines.get()
    OrderLine.objects.filter(pk=line.pk).update(reserved=D("3"))
    response = ship(api, order, (line, 4))
    assert (response.status_code, field_of(response)) == (409, "lines.0.quantity_base")
    assert response.json()["detail"][0]["type"] == "beyond_reserve"
    assert stock(store, bolt) == (D("40"), D("10"))


def test_one_shipment_ships_from_one_warehouse(api, store):
    bolt = store.product(kazan="50", moscow="50")
    kazan = store.order((bolt, "1"))
    moscow = store.order((bolt, "1"), warehouse_id=store.shop.moscow.pk)
    order = order_merge(actor=store.actor(), order_ids=[kazan.pk, moscow.pk])
    order = order_verify(actor=store.actor(store.manager), order=order)
    response = ship(api, order, *[(line, 1) for line in order.lines.all()])
    assert (response.status_code, field_of(response)) == (422, "lines")


def test_orders_not_checked_or_cancelled_do_not_ship(api, store):
    bolt = store.product(kazan="50")
    submitted = store.order((bolt, "1"))
    response = ship(api, submitted, (submitted.lines.get(), 1))
    assert (response.status_code, field_of(response)) == (409, "status")
    order_cancel(actor=store.actor(), order=submitted)
    assert ship(api, submitted, (submitted.lines.get(), 1)).status_code == 409


def test_only_the_clients_manager_ships(client, store):
    order = verified(store, (store.product(kazan="50"), "2"))
    line = order.lines.get()
    assert ship(Api(client).as_(store.buyer), order, (line, 1)).status_code == 403
    assert ship(Api(client).as_(StaffFactory()), order, (line, 1)).status_code == 404
    assert not Shipment.objects.exists()


def test_1c_records_a_shipment_with_its_own_number_once(api, store):
    order = verified(store, (store.product(kazan="50"), "5"))
    line = order.lines.get()
    integration = actor_for_user(StaffFactory(staff_role=StaffRole.INTEGRATION))
    shipment = shipment_create(
        actor=integration,
        order=order,
        lines=[(line.pk, "2")],
        date=datetime.date(2026, 3, 3),
        number="РТ-00012",
        external_id="b6f1-12",
    )
    assert (shipment.number, shipment.external_id) == ("РТ-00012", "b6f1-12")
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTLY_SHIPPED
    again = ship(api, order, (line, 1), external_id="b6f1-12")
    assert (again.status_code, field_of(again)) == (409, "external_id")
    long = ship(api, order, (line, 1), number="N" * 41)
    assert (long.status_code, field_of(long)) == (422, "number")


def test_a_shipment_moves_on_and_the_order_is_delivered_when_all_are(api, store):
    bolt = store.product(kazan="50")
    order = verified(store, (bolt, "4"))
    line = order.lines.get()
    first = ship(api, order, (line, 1)).json()["id"]
    for status in ("picking", "shipped", "in_transit", "delivered"):
        response = api.patch(f"/shipments/{first}", {"status": status})
        assert response.json()["status"] == status
    assert api.get(f"/orders/{order.pk}").json()["status"] == "partly_shipped"
    second = ship(api, order, (line, 3)).json()["id"]
    assert api.get(f"/orders/{order.pk}").json()["status"] == "shipped"
    api.patch(f"/shipments/{second}", {"status": "delivered"})
    body = api.get(f"/orders/{order.pk}").json()
    assert (body["status"], body["history"][-1]["to_status"]) == ("delivered", "delivered")
    back = api.patch(f"/shipments/{second}", {"status": "picking"})
    assert (back.status_code, field_of(back)) == (409, "status")
    same = api.patch(f"/shipments/{second}", {"status": "delivered"})
    assert same.status_code == 200


def test_a_cancelled_shipment_goes_back_into_the_reserve(api, store):
    bolt = store.product(kazan="50")
    order = verified(store, (bolt, "4"))
    line = order.lines.get()
    shipment = ship(api, order, (line, 4)).json()["id"]
    assert stock(store, bolt) == (D("46"), D("0"))
    response = api.patch(f"/shipments/{shipment}", {"status": "cancelled"})
    assert response.json()["status"] == "cancelled"
    line.refresh_from_db()
    assert (line.shipped, line.reserved) == (D("0"), D("4"))
    assert stock(store, bolt) == (D("46"), D("4"))
    body = api.get(f"/orders/{order.pk}").json()
    assert body["status"] == "confirmed"
    assert body["history"][-1] | {"at": None, "user_name": None} == {
        "from_status": "shipped",
        "to_status": "confirmed",
        "user_name": None,
        "note": f"Отгрузка {order.number}-1 отменена",
        "at": None,
    }
    # Shipped again, the line's money is whole again.
    again = ship(api, order, (line, 4)).json()
    assert again["amount"] == str(line.total)


def test_a_shipment_whose_stock_row_is_gone_is_not_cancelled_silently(api, store):
    bolt = store.product(kazan="50")
    order = verified(store, (bolt, "4"))
    shipment = ship(api, order, (order.lines.get(), 4)).json()["id"]
    Stock.objects.filter(product=bolt).delete()
    refused = api.patch(f"/shipments/{shipment}", {"status": "cancelled"})
    assert (refused.status_code, refused.json()["detail"][0]["type"]) == (409, "reserve_mismatch")
    assert Shipment.objects.get(pk=shipment).status == "planned"
    assert order.lines.get().shipped == D("4")


def test_a_partial_cancel_keeps_the_order_partly_shipped(api, store):
    order = verified(store, (store.product(kazan="50"), "4"))
    line = order.lines.get()
    ship(api, order, (line, 1))
    second = ship(api, order, (line, 3)).json()["id"]
    api.patch(f"/shipments/{second}", {"status": "cancelled"})
    assert api.get(f"/orders/{order.pk}").json()["status"] == "partly_shipped"


def test_a_shipment_on_its_way_is_not_cancelled(api, store):
    order = verified(store, (store.product(kazan="50"), "4"))
    shipment = ship(api, order, (order.lines.get(), 4)).json()["id"]
    api.patch(f"/shipments/{shipment}", {"status": "shipped"})
    refused = api.patch(f"/shipments/{shipment}", {"status": "cancelled"})
    assert (refused.status_code, field_of(refused)) == (409, "status")
    assert api.patch(f"/shipments/{shipment}", {"status": "lost"}).status_code == 422


def test_the_client_reads_shipments_and_filters_them(client, api, store):
    order = verified(store, (store.product(kazan="50"), "4"))
    other = verified(store, (store.product(kazan="50"), "4"))
    first = ship(api, order, (order.lines.get(), 1)).json()["id"]
    second = ship(api, other, (other.lines.get(), 1)).json()["id"]
    api.patch(f"/shipments/{second}", {"status": "picking"})
    buyer = Api(client).as_(store.buyer)
    assert buyer.get("/shipments").json()["count"] == 2
    assert [s["id"] for s in buyer.get("/shipments", {"order_id": order.pk}).json()["items"]] == [
        first
    ]
    assert [s["id"] for s in buyer.get("/shipments", {"status": "picking"}).json()["items"]] == [
        second
    ]
    assert buyer.get(f"/shipments/{first}").json()["lines"][0]["quantity_base"] == "1.000"
    assert buyer.patch(f"/shipments/{first}", {"status": "picking"}).status_code == 403
    stranger = Api(client).as_(StaffFactory())
    assert stranger.get("/shipments").json()["count"] == 0
    assert stranger.get(f"/shipments/{first}").status_code == 404
