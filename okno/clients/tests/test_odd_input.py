"""Odd input — a NUL character, an id no database column can hold, a runaway offset — is
refused naming the field (API 422, a form error) or ignored as a filter, never a 500."""

import json

import pytest
from django.urls import reverse

from okno.audit.models import AuditEvent
from okno.clients.models import ClientMembership, Contact, Contract, DeliveryAddress, LegalEntity
from okno.core.roles import ClientRole

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
HUGE = 2**64
NUL = "a\x00b"


def _assert_refused(response, location: list) -> None:
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"] == location
    assert problem["msg"]


def _stored() -> tuple:
    """What a request could change, to show that a refused one changed nothing."""
    return (
        list(DeliveryAddress.objects.values().order_by("pk")),
        list(Contact.objects.values().order_by("pk")),
        list(LegalEntity.objects.values().order_by("pk")),
        list(Contract.objects.values().order_by("pk")),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize(
    ("route", "param", "value"),
    [
        ("address_list", "legal_entity_id", HUGE),
        ("address_list", "client_id", HUGE),
        ("address_list", "offset", HUGE),
        ("contact_list", "client_id", HUGE),
        ("contact_list", "search", NUL),
        ("client_list", "manager_id", HUGE),
        ("client_list", "search", NUL),
        ("client_list", "limit", HUGE),
        ("legal_entity_list", "client_id", HUGE),
        ("legal_entity_list", "search", NUL),
        ("contract_list", "legal_entity_id", HUGE),
        ("contract_list", "client_id", HUGE),
        ("contract_list", "offset", -1),
    ],
)
def test_list_filters_refuse_odd_values_naming_the_parameter(world, client, route, param, value):
    client.force_login(world.manager_a)
    response = client.get(reverse(f"api:{route}"), {param: value})
    _assert_refused(response, ["query", param])


@pytest.mark.parametrize(
    ("method", "route", "param"),
    [
        ("get", "address_detail", "address_id"),
        ("patch", "address_update", "address_id"),
        ("get", "contact_detail", "contact_id"),
        ("patch", "contact_update", "contact_id"),
        ("get", "client_detail", "client_id"),
        ("get", "legal_entity_detail", "legal_entity_id"),
        ("patch", "legal_entity_update", "legal_entity_id"),
        ("get", "contract_detail", "contract_id"),
        ("patch", "contract_update", "contract_id"),
    ],
)
def test_an_id_no_column_holds_is_refused_in_the_path(world, client, method, route, param):
    client.force_login(world.manager_a)
    url = reverse(f"api:{route}", kwargs={param: HUGE})
    response = getattr(client, method)(url, {}, content_type="application/json")
    _assert_refused(response, ["path", param])


ADDRESS = {"city": "Тула", "address": "ул. Мира, 1"}
CONTRACT = {"number": "Д-1", "date": "2026-02-01"}
UPDATED = {  # an update route → the world's object it changes
    "address_update": "address_a1",
    "contact_update": "contact_a",
    "legal_entity_update": "entity_a1",
    "contract_update": "contract_a1",
}


@pytest.mark.parametrize(
    ("route", "body", "field"),
    [
        ("address_create", lambda w: {"legal_entity_id": HUGE, **ADDRESS}, "legal_entity_id"),
        ("address_create", lambda w: {"legal_entity_id": w.entity_a1.pk, "city": NUL}, "city"),
        ("address_update", lambda w: {"comment": NUL}, "comment"),
        ("contact_create", lambda w: {"client_id": HUGE, "full_name": "Орлов Олег"}, "client_id"),
        ("contact_create", lambda w: {"client_id": w.client_a.pk, "full_name": NUL}, "full_name"),
        ("contact_update", lambda w: {"power_of_attorney": NUL}, "power_of_attorney"),
        ("legal_entity_create", lambda w: {"client_id": HUGE, "name": "ООО «Лира»"}, "client_id"),
        ("legal_entity_create", lambda w: {"client_id": w.client_a.pk, "name": NUL}, "name"),
        ("legal_entity_update", lambda w: {"director": NUL}, "director"),
        ("contract_create", lambda w: {"legal_entity_id": HUGE, **CONTRACT}, "legal_entity_id"),
        (
            "contract_create",
            lambda w: {"legal_entity_id": w.entity_a1.pk, **CONTRACT, "price_type_id": HUGE},
            "price_type_id",
        ),
        (
            "contract_create",
            lambda w: {"legal_entity_id": w.entity_a1.pk, **CONTRACT, "number": NUL},
            "number",
        ),
        ("contract_update", lambda w: {"price_type_id": HUGE}, "price_type_id"),
        ("contract_update", lambda w: {"currency": "\x00"}, "currency"),
    ],
)
def test_a_body_with_odd_values_is_refused_naming_the_field(world, client, route, body, field):
    if route in UPDATED:
        param = route.removesuffix("_update") + "_id"
        url = reverse(f"api:{route}", kwargs={param: getattr(world, UPDATED[route]).pk})
        send = client.patch
    else:
        url, send = reverse(f"api:{route}"), client.post
    before = _stored()
    client.force_login(world.manager_a)
    response = send(url, json.dumps(body(world)), content_type="application/json")
    _assert_refused(response, ["body", field])
    assert _stored() == before


@pytest.mark.parametrize(
    ("route", "path_ids", "body", "field", "limit"),
    [
        ("contact_create", {}, {"full_name": "я" * 201}, "full_name", 200),
        ("contact_update", {"contact_id": "contact"}, {"position": "я" * 201}, "position", 200),
        ("address_update", {"address_id": "address"}, {"city": "я" * 121}, "city", 120),
    ],
)
def test_a_long_text_is_refused_in_characters(world, client, route, path_ids, body, field, limit):
    objects = {"contact": world.contact_a, "address": world.address_a1}
    kwargs = {name: objects[key].pk for name, key in path_ids.items()}
    client.force_login(world.a_admin)
    send = client.post if route.endswith("create") else client.patch
    response = send(reverse(f"api:{route}", kwargs=kwargs), body, content_type="application/json")
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert (problem["loc"], problem["msg"]) == (["body", field], f"Не длиннее {limit} символов.")


@pytest.mark.parametrize("manager", [str(HUGE), "9223372036854775808", "²", "-1", "0", "abc"])
def test_an_odd_manager_filter_on_the_client_list_filters_nothing(world, client, manager):
    client.force_login(world.admin)
    response = client.get(reverse("clients:staff_list"), {"manager": manager})
    assert response.status_code == 200
    assert response.context["manager_id"] is None
    assert "Клиент А" in response.text
    assert "Клиент Б" in response.text


def test_a_nul_in_the_client_search_is_dropped(world, client):
    client.force_login(world.admin)
    response = client.get(reverse("clients:staff_list"), {"q": "Клиент\x00 Б"})
    assert response.status_code == 200
    assert response.context["search"] == "Клиент Б"
    assert "Клиент А" not in response.text


def _connect(world):
    return reverse("clients:card_person_connect", kwargs={"pk": world.client_a.pk})


def _invite(world):
    return reverse("clients:my_colleague_invite")


def _staff_edit(world):
    membership = world.a_buyer.membership
    return reverse(
        "clients:card_person_edit", kwargs={"pk": world.client_a.pk, "membership_id": membership.pk}
    )


def _cabinet_edit(world):
    membership = world.a_buyer.membership
    return reverse("clients:my_colleague_edit", kwargs={"membership_id": membership.pk})


PERSON = {"full_name": "Новикова Нина", "email": "nina@example.ru", "access_allowed": "on"}
FORM_PAGES = {
    "manager connects": ("manager_a", _connect, PERSON),
    "client admin invites": ("a_admin", _invite, PERSON),
    "manager changes access": ("manager_a", _staff_edit, {"access_allowed": "on"}),
    "client admin changes access": ("a_admin", _cabinet_edit, {"access_allowed": "on"}),
}


@pytest.mark.parametrize("page", FORM_PAGES)
@pytest.mark.parametrize("legal_entity_id", [str(HUGE), "9223372036854775808", "0", "-5", "²"])
def test_people_forms_refuse_legal_entity_ids_out_of_range(world, client, page, legal_entity_id):
    who, url_of, fields = FORM_PAGES[page]
    client.force_login(getattr(world, who))
    memberships = list(ClientMembership.objects.values().order_by("pk"))
    form = {**fields, "role": ClientRole.BUYER, "legal_entities": [legal_entity_id]}
    response = client.post(url_of(world), form, **HTMX)
    assert response.status_code == 200
    assert (
        'href="#id_legal_entities">Юрлица</a>: '
        "Можно выбрать только действующие юрлица этого клиента." in response.text
    )
    assert list(ClientMembership.objects.values().order_by("pk")) == memberships
    assert not Contact.objects.filter(full_name="Новикова Нина").exists()
