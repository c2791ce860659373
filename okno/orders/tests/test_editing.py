"""The client's manager changes an order while checking it, through
PATCH /api/v1/orders/{id}/lines/{line_id} and POST /api/v1/orders/{id}/lines: the client's
quantity is kept, the money follows the snapshot price, the reserve follows the quantity."""

from decimal import Decimal

import pytest

from okno.accounts.tests.factories import StaffFactory
from okno.catalog.models import Stock, StockMovement
from okno.catalog.tests.factories import DiscountRuleFactory, ProductUnitFactory, UnitFactory
from okno.orders.models import Order, OrderStatus
from okno.orders.services.lifecycle import order_confirm, order_verify
from okno.orders.tests.calls import Api, field_of

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def api(client, store):
    return Api(client).as_(store.manager)


def stock(store, product) -> tuple[Decimal, Decimal]:
    row = Stock.objects.get(product=product, warehouse=store.shop.kazan)
    return row.free, row.reserved


def test_a_smaller_quantity_keeps_the_clients_and_releases_the_rest(api, store):
    bolt = store.product(price="100.00", kazan="20", vat_rate="22")
    nut = store.product(price="10.00", kazan="20")
    order = store.order((bolt, "10"), (nut, "1"))
    line = order.lines.get(product=bolt)
    response = api.patch(f"/orders/{order.pk}/lines/{line.pk}", {"quantity": "6"})
    assert response.status_code == 200
    body = response.json()
    changed = body["lines"][0]
    assert (changed["quantity"], changed["ordered_quantity"], changed["change"]) == (
        "6.000",
        "10.000",
        "quantity",
    )
    assert (changed["amount"], changed["vat_amount"], changed["total"]) == (
        "540.00",
        "97.38",
        "540.00",
    )
    assert changed["reserved"] == "6.000"
    assert (body["total"], body["changed_by_manager"]) == ("549.00", True)
    assert body["status"] == "submitted"
    assert body["history"][-1]["note"] == f"Строка {bolt.article}: 10 шт → 6 шт"
    assert stock(store, bolt) == (D("14"), D("6"))
    # A second change keeps the client's first quantity.
    again = api.patch(f"/orders/{order.pk}/lines/{line.pk}", {"quantity": "12"}).json()
    assert (again["lines"][0]["ordered_quantity"], again["lines"][0]["reserved"]) == (
        "10.000",
        "12.000",
    )
    assert stock(store, bolt) == (D("8"), D("12"))


def test_back_to_the_clients_quantity_clears_the_mark(api, store):
    bolt = store.product(kazan="20")
    order = store.order((bolt, "10"))
    line = order.lines.get()
    api.patch(f"/orders/{order.pk}/lines/{line.pk}", {"quantity": "4"})
    body = api.patch(f"/orders/{order.pk}/lines/{line.pk}", {"quantity": "10"}).json()
    assert (body["lines"][0]["change"], body["lines"][0]["ordered_quantity"]) == ("", None)


def test_zero_removes_the_line_but_keeps_the_row(api, store):
    bolt = store.product(price="100.00", kazan="20")
    nut = store.product(price="10.00", kazan="20")
    order = store.order((bolt, "5"), (nut, "1"))
    line = order.lines.get(product=bolt)
    body = api.patch(f"/orders/{order.pk}/lines/{line.pk}", {"quantity": 0}).json()
    removed = body["lines"][0]
    assert (removed["change"], removed["quantity"], removed["ordered_quantity"]) == (
        "removed",
        "0.000",
        "5.000",
    )
    assert (removed["total"], removed["reserved"]) == ("0.00", "0.000")
    assert (body["total"], body["lines_count"]) == ("9.00", 1)
    assert body["history"][-1]["note"] == f"Строка {bolt.article} удалена менеджером"
    assert stock(store, bolt) == (D("20"), D("0"))
    restored = api.patch(f"/orders/{order.pk}/lines/{line.pk}", {"quantity": "3"}).json()
    assert (restored["lines"][0]["change"], restored["lines"][0]["reserved"]) == (
        "quantity",
        "3.000",
    )


def test_a_new_unit_tells_the_price_and_the_clients_quantity_in_it(api, store):
    bolt = store.product(price="10.00", kazan="100")
    box = UnitFactory(short_name="кор")
    ProductUnitFactory(product=bolt, unit=box, coefficient=D("12"))
    order = store.order((bolt, "24"))
    line = order.lines.get()
    body = api.patch(f"/orders/{order.pk}/lines/{line.pk}", {"quantity": 3, "unit": "кор"}).json()
    changed = body["lines"][0]
    assert (changed["unit"], changed["quantity"], changed["quantity_base"]) == (
        "кор",
        "3.000",
        "36.000",
    )
    assert (changed["ordered_quantity"], changed["price"], changed["total"]) == (
        "2.000",
        "108.00",
        "324.00",
    )
    assert changed["reserved"] == "36.000"


def test_a_clients_quantity_that_does_not_fit_the_new_unit_keeps_both_in_base_units(api, store):
    bolt = store.product(price="10.00", kazan="100")
    ProductUnitFactory(product=bolt, unit=UnitFactory(short_name="кор"), coefficient=D("12"))
    order = store.order((bolt, "5"))
    line = order.lines.get()
    body = api.patch(f"/orders/{order.pk}/lines/{line.pk}", {"quantity": 1, "unit": "кор"}).json()
    changed = body["lines"][0]
    assert (changed["unit"], changed["quantity"], changed["ordered_quantity"]) == (
        "шт",
        "12.000",
        "5.000",
    )
    assert changed["total"] == "108.00"


def test_a_product_is_added_on_the_contracts_price_and_reserved(api, store):
    bolt = store.product(price="100.00", kazan="20")
    drill = store.product(price="1000.00", kazan="3")
    DiscountRuleFactory(client=store.shop.client, product=drill, percent=D("5"))
    order = store.order((bolt, "1"))
    response = api.post(f"/orders/{order.pk}/lines", {"product_id": drill.pk, "quantity": "2"})
    assert response.status_code == 201
    body = response.json()
    added = body["lines"][-1]
    # 1000 less the contract's 10 % less the rule's 5 %.
    assert (added["position"], added["price"], added["total"]) == (2, "855.00", "1710.00")
    assert (added["change"], added["ordered_quantity"], added["reserved"]) == (
        "added",
        None,
        "2.000",
    )
    assert (body["total"], body["lines_count"]) == ("1800.00", 2)
    assert stock(store, drill) == (D("1"), D("2"))
    # A line the manager added is still "added" when its quantity changes, and has no
    # client quantity to keep.
    line_id = added["id"]
    changed = api.patch(f"/orders/{order.pk}/lines/{line_id}", {"quantity": "1"}).json()
    assert (changed["lines"][-1]["change"], changed["lines"][-1]["ordered_quantity"]) == (
        "added",
        None,
    )
    removed = api.patch(f"/orders/{order.pk}/lines/{line_id}", {"quantity": "0"}).json()
    assert removed["lines"][-1]["change"] == "removed"
    back = api.patch(f"/orders/{order.pk}/lines/{line_id}", {"quantity": "1"}).json()
    assert back["lines"][-1]["change"] == "added"


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"product_id": 999999, "quantity": "1"}, "product_id", "unknown"),
        ({"product_id": "bolt", "quantity": "1"}, "product_id", "duplicate"),
        ({"product_id": "no_price", "quantity": "1"}, "product_id", "no_price"),
        ({"product_id": "boxed", "quantity": "5"}, "quantity", "multiplicity"),
        ({"product_id": "boxed", "quantity": "6", "unit": "кг"}, "unit", "unknown_unit"),
        ({"product_id": "boxed", "quantity": "0"}, "quantity", "invalid"),
    ],
)
def test_a_product_that_cannot_be_added_is_refused_naming_the_field(api, store, body, field, code):
    products = {
        "bolt": store.product(kazan="20"),
        "no_price": store.product(price=None),
        "boxed": store.product(multiplicity=D("6"), kazan="20"),
    }
    order = store.order((products["bolt"], "1"))
    body = {**body, "product_id": getattr(products.get(body["product_id"]), "pk", 999999)}
    response = api.post(f"/orders/{order.pk}/lines", body)
    assert (response.status_code, field_of(response)) == (422, field)
    assert response.json()["detail"][0]["type"] == code
    assert order.lines.count() == 1


def test_a_shortage_refuses_the_change_and_keeps_the_order(api, store):
    bolt = store.product(kazan="5")
    order = store.order((bolt, "2"))
    line = order.lines.get()
    movements = StockMovement.objects.count()
    response = api.patch(f"/orders/{order.pk}/lines/{line.pk}", {"quantity": "6"})
    assert (response.status_code, field_of(response)) == (409, "quantity")
    assert bolt.article in response.json()["detail"][0]["msg"]
    line.refresh_from_db()
    assert (line.quantity, line.ordered_quantity, line.reserved) == (D("2"), None, D("2"))
    assert StockMovement.objects.count() == movements
    assert not Order.objects.get(pk=order.pk).changed_by_manager


def test_a_quantity_off_the_multiplicity_is_refused_with_the_suggestion(api, store):
    boxed = store.product(multiplicity=D("6"), kazan="50")
    order = store.order((boxed, "12"))
    line = order.lines.get()
    response = api.patch(f"/orders/{order.pk}/lines/{line.pk}", {"quantity": "7"})
    assert (response.status_code, field_of(response)) == (422, "quantity")
    assert response.json()["detail"][0]["msg"] == "Кратность — 6; подойдёт 12 шт."


def test_a_line_of_another_order_is_refused(api, store):
    bolt = store.product(kazan="20")
    order = store.order((bolt, "1"))
    other = store.order((bolt, "1"))
    response = api.patch(f"/orders/{order.pk}/lines/{other.lines.get().pk}", {"quantity": "2"})
    assert (response.status_code, field_of(response)) == (422, "line_id")


def test_lines_change_only_while_the_manager_checks_the_order(api, store):
    bolt = store.product(kazan="20")
    order = store.order((bolt, "1"))
    line = order.lines.get()
    order_verify(actor=store.actor(store.manager), order=order)
    assert api.patch(f"/orders/{order.pk}/lines/{line.pk}", {"quantity": "2"}).status_code == 200
    order_confirm(actor=store.actor(store.manager), order=order)
    refused = api.patch(f"/orders/{order.pk}/lines/{line.pk}", {"quantity": "3"})
    assert (refused.status_code, field_of(refused)) == (409, "status")
    refused = api.post(f"/orders/{order.pk}/lines", {"product_id": bolt.pk, "quantity": "1"})
    assert refused.status_code == 409
    assert Order.objects.get(pk=order.pk).status == OrderStatus.CONFIRMED


def test_only_the_clients_manager_edits(client, store):
    bolt = store.product(kazan="20")
    order = store.order((bolt, "1"))
    line = order.lines.get()
    buyer = Api(client).as_(store.buyer)
    assert buyer.patch(f"/orders/{order.pk}/lines/{line.pk}", {"quantity": "2"}).status_code == 403
    stranger = Api(client).as_(StaffFactory())
    assert stranger.patch(f"/orders/{order.pk}/lines/{line.pk}", {"quantity": 2}).status_code == 404
    line.refresh_from_db()
    assert line.quantity == D("1")
