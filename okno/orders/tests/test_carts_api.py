"""/api/v1/carts: a person's carts and colleagues' shared ones, one cart priced line by line
with stock and rounding advice, and every change a person makes to carts and lines."""

from decimal import Decimal

import pytest

from okno.catalog.tests.factories import ProductUnitFactory, UnitFactory
from okno.clients.tests.factories import LegalEntityFactory, MembershipFactory
from okno.core.roles import ClientRole
from okno.orders.models import Cart, CartLine
from okno.orders.tests.calls import Api, field_of

pytestmark = pytest.mark.django_db
D = Decimal


def test_a_new_cart_becomes_the_current_one(api, store):
    first = store.cart((store.product(), "1"))
    response = api.post("/carts", {"name": "Объект на Ленина"})
    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["is_active"], body["lines"]) == ("Объект на Ленина", True, [])
    assert body["legal_entity_id"] == store.entity.pk
    assert body["contract_id"] == store.contract.pk
    first.refresh_from_db()
    assert first.is_active is False


def test_the_list_has_own_carts_and_colleagues_shared_ones(api, store, client):
    colleague = MembershipFactory(
        client=store.shop.client, role=ClientRole.BUYER, legal_entities=[store.entity]
    ).user
    own = store.cart((store.product(), "2"))
    theirs = store.cart((store.product(), "1"), user=colleague)
    private = Cart.objects.create(
        client=store.shop.client, legal_entity=store.entity, owner=colleague, name="Своя"
    )
    assert api.get("/carts").json()["count"] == 1
    theirs.is_shared = True
    theirs.save()
    body = api.get("/carts").json()
    rows = {row["id"]: row for row in body["items"]}
    assert set(rows) == {own.pk, theirs.pk}
    assert private.pk not in rows
    assert (rows[own.pk]["is_own"], rows[own.pk]["line_count"]) == (True, 1)
    assert rows[theirs.pk]["is_own"] is False
    assert rows[theirs.pk]["owner_name"] == colleague.full_name
    assert api.get(f"/carts/{private.pk}").status_code == 404


def test_the_cart_is_priced_with_stock_advice_and_totals(api, store):
    bolt = store.product(price="100.00", kazan="3", moscow="30", vat_rate="22")
    box = store.product(price="10.00", multiplicity=D("6"))
    nothing = store.product(price=None)
    cart = store.cart((bolt, "5"), (box, "7"), (nothing, "1"))
    body = api.get(f"/carts/{cart.pk}").json()
    lines = {line["product_id"]: line for line in body["lines"]}
    assert lines[bolt.pk] | {"units": None} == {
        "id": cart.lines.get(product=bolt).pk,
        "product_id": bolt.pk,
        "article": bolt.article,
        "name": bolt.name,
        "unit": "шт",
        "unit_id": bolt.base_unit_id,
        "units": None,
        "quantity": "5.000",
        "quantity_base": "5.000",
        "price": "90.00",
        "amount": "450.00",
        "vat_rate": "22",
        "vat_amount": "81.15",
        "total": "450.00",
        "stock": "3.000",
        "stock_total": "33.000",
        "advice": None,
        "stock_warning": "На вашем складе 3 шт, остальное — с других складов",
    }
    assert lines[box.pk]["advice"] == {
        "code": "multiplicity",
        "message": "Кратность — 6",
        "suggested": "12.000",
        "unit": "шт",
    }
    assert lines[nothing.pk]["price"] is None
    totals = body["totals"]
    assert (totals["total"], totals["lines"], totals["lines_to_fix"]) == ("513.00", 3, 1)
    assert totals["lines_without_price"] == 1
    assert body["can_check_out"] is False
    assert body["warehouse_name"] == "Склад Казань"


def test_lines_are_added_in_any_unit_and_summed_per_product(api, store):
    bolt = store.product(price="10.00")
    ProductUnitFactory(product=bolt, unit=UnitFactory(short_name="уп"), coefficient=D("10"))
    cart = store.cart()
    response = api.post(
        f"/carts/{cart.pk}/lines", {"product_id": bolt.pk, "quantity": "2", "unit": "уп"}
    )
    assert response.status_code == 201
    line = response.json()["lines"][0]
    assert (line["unit"], line["quantity"], line["quantity_base"]) == ("уп", "2.000", "20.000")
    assert [u["name"] for u in line["units"]] == ["шт", "уп"]
    api.post(f"/carts/{cart.pk}/lines", {"product_id": bolt.pk, "quantity": 3})
    line = api.get(f"/carts/{cart.pk}").json()["lines"][0]
    # Different units are summed in the base unit.
    assert (line["unit"], line["quantity"]) == ("шт", "23.000")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"product_id": 999999, "quantity": "1"}, "product_id"),
        ({"quantity": "1"}, "product_id"),
        ({"product_id": None}, "quantity"),
        ({"product_id": None, "quantity": "abc"}, "quantity"),
        ({"product_id": None, "quantity": "-1"}, "quantity"),
        ({"product_id": None, "quantity": "1.0001"}, "quantity"),
        ({"product_id": None, "quantity": "1", "unit": "кг"}, "unit"),
        ({"product_id": None, "quantity": "1", "unit": 999999}, "unit"),
        ({"product_id": None, "quantity": "1", "unit": "x" * 21}, "unit"),
    ],
)
def test_a_bad_line_is_a_422_naming_the_field(api, store, body, field):
    """`product_id: None` stands for a real product."""
    bolt = store.product()
    cart = store.cart()
    if "product_id" in body and body["product_id"] is None:
        body = {**body, "product_id": bolt.pk}
    response = api.post(f"/carts/{cart.pk}/lines", body)
    assert response.status_code == 422
    assert field_of(response) == field
    assert not cart.lines.exists()


def test_a_line_is_changed_and_removed(api, store):
    bolt = store.product(multiplicity=D("6"))
    cart = store.cart((bolt, "7"))
    line = cart.lines.get()
    advice = api.get(f"/carts/{cart.pk}").json()["lines"][0]["advice"]
    response = api.patch(f"/carts/{cart.pk}/lines/{line.pk}", {"quantity": advice["suggested"]})
    assert response.status_code == 200
    assert response.json()["lines"][0]["advice"] is None
    assert response.json()["can_check_out"] is True
    assert api.patch(f"/carts/{cart.pk}/lines/{line.pk}", {"quantity": "0"}).status_code == 422
    assert api.delete(f"/carts/{cart.pk}/lines/{line.pk}").status_code == 204
    assert not CartLine.objects.filter(pk=line.pk).exists()
    missing = api.patch(f"/carts/{cart.pk}/lines/{line.pk}", {"quantity": "1"})
    assert (missing.status_code, field_of(missing)) == (422, "line_id")


def test_the_owner_renames_shares_activates_and_deletes(api, store):
    older = store.cart((store.product(), "1"))
    newer = Cart.objects.get(pk=api.post("/carts", {"name": "Вторая"}).json()["id"])
    body = api.patch(f"/carts/{older.pk}", {"name": "Первая", "is_shared": True}).json()
    assert (body["name"], body["is_shared"], body["is_active"]) == ("Первая", True, False)
    assert api.patch(f"/carts/{older.pk}", {"is_active": True}).json()["is_active"] is True
    newer.refresh_from_db()
    assert newer.is_active is False
    refused = api.patch(f"/carts/{older.pk}", {"is_active": False})
    assert (refused.status_code, field_of(refused)) == (422, "is_active")
    blank = api.patch(f"/carts/{older.pk}", {"name": " ", "is_shared": False})
    assert (blank.status_code, field_of(blank)) == (422, "name")
    older.refresh_from_db()
    assert older.is_shared is True  # all or nothing
    assert api.delete(f"/carts/{older.pk}").status_code == 204
    newer.refresh_from_db()
    assert newer.is_active is True


def test_a_colleague_fills_a_shared_cart_but_only_the_owner_changes_it(client, store):
    colleague = MembershipFactory(
        client=store.shop.client, role=ClientRole.BUYER, legal_entities=[store.entity]
    ).user
    cart = store.cart((store.product(), "1"))
    cart.is_shared = True
    cart.save()
    api = Api(client).as_(colleague)
    added = api.post(f"/carts/{cart.pk}/lines", {"product_id": store.product().pk, "quantity": 1})
    assert added.status_code == 201
    assert api.patch(f"/carts/{cart.pk}", {"name": "Моя"}).status_code == 403
    assert api.delete(f"/carts/{cart.pk}").status_code == 403
    assert Cart.objects.get(pk=cart.pk).name == cart.name


def test_people_who_may_not_order_keep_no_carts(client, store):
    viewer = MembershipFactory(client=store.shop.client, role=ClientRole.VIEWER).user
    api = Api(client)
    assert api.get("/carts").status_code == 401
    api.as_(viewer)
    assert api.post("/carts", {"name": "Моя"}).status_code == 403
    assert not Cart.objects.exists()


def test_another_clients_legal_entity_is_404(api, store):
    other = LegalEntityFactory()
    response = api.post("/carts", {"name": "Чужая", "legal_entity_id": other.pk})
    assert response.status_code == 404
    assert not Cart.objects.exists()


@pytest.mark.parametrize(
    "body",
    [{"name": ""}, {"name": "x" * 121}, {"name": "a\x00b"}, {"name": "A", "legal_entity_id": 0}],
)
def test_a_bad_cart_is_a_422(api, body):
    assert api.post("/carts", body).status_code == 422
