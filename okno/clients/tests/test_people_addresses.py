"""Delivery addresses through the pages and the API: one default per legal entity,
validation messages, legal entities a person does not act for, query counts."""

import re
import threading
import time

import pytest
from django.db import OperationalError, close_old_connections, connection
from django.urls import reverse
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from okno.accounts.tests.factories import StaffFactory
from okno.audit.models import AuditEvent
from okno.clients.models import DeliveryAddress
from okno.clients.services.people import address_set_default
from okno.clients.services.people.addresses import check_postal_code
from okno.clients.tests.factories import DeliveryAddressFactory, LegalEntityFactory
from okno.core.actor import actor_for_user
from okno.core.errors import InvalidInput
from okno.core.roles import StaffRole

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
FORM = {
    "title": "Склад на Ленина",
    "postal_code": "141009",
    "city": "Мытищи",
    "address": "ул. Ленина, д. 5, стр. 2",
    "contact_name": "Кладовщик Иван",
    "contact_phone": "8 (916) 123-45-67",
    "comment": "Въезд со двора",
}


def defaults_of(legal_entity) -> list[int]:
    rows = DeliveryAddress.objects.filter(legal_entity=legal_entity, is_default=True)
    return list(rows.values_list("pk", flat=True))


def test_first_address_of_a_legal_entity_becomes_its_default(world, client):
    client.force_login(world.a_admin)
    response = client.post(
        reverse("clients:my_address_create"), {**FORM, "legal_entity": world.entity_a2.pk}
    )
    assert response.status_code == 302
    address = DeliveryAddress.objects.get(legal_entity=world.entity_a2)
    assert address.is_default
    assert address.contact_phone == "+79161234567"
    assert address.client_id == world.client_a.pk
    assert AuditEvent.objects.filter(action="address.created", object_id=str(address.pk)).exists()


def test_a_further_address_is_default_only_when_asked(world, client):
    client.force_login(world.a_admin)
    url = reverse("clients:my_address_create")
    client.post(url, {**FORM, "legal_entity": world.entity_a1.pk})
    assert defaults_of(world.entity_a1) == [world.address_a1.pk]
    client.post(
        url,
        {**FORM, "address": "ул. Мира, 1", "legal_entity": world.entity_a1.pk, "is_default": "on"},
    )
    newest = DeliveryAddress.objects.get(address="ул. Мира, 1")
    assert defaults_of(world.entity_a1) == [newest.pk]


def test_making_an_address_default_unsets_the_previous_one(world, client):
    other = DeliveryAddressFactory(legal_entity=world.entity_a1)
    client.force_login(world.a_buyer)
    response = client.post(
        reverse("clients:my_address_default", kwargs={"address_id": other.pk}), **HTMX
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#addresses-panel"
    assert response["HX-Reswap"] == "outerHTML"
    assert "теперь адрес по умолчанию" in response.content.decode()
    assert defaults_of(world.entity_a1) == [other.pk]


def test_switching_off_the_default_promotes_the_oldest_remaining_address(world, client):
    second = DeliveryAddressFactory(legal_entity=world.entity_a1)
    DeliveryAddressFactory(legal_entity=world.entity_a1)
    client.force_login(world.manager_a)
    url = reverse(
        "clients:card_address_deactivate",
        kwargs={"pk": world.client_a.pk, "address_id": world.address_a1.pk},
    )
    assert client.post(url).status_code == 302
    world.address_a1.refresh_from_db()
    assert not world.address_a1.is_active
    assert defaults_of(world.entity_a1) == [second.pk]


def test_a_switched_off_address_cannot_become_the_default(world, client):
    client.force_login(world.a_admin)
    other = DeliveryAddressFactory(legal_entity=world.entity_a1)
    url = reverse("api:address_update", kwargs={"address_id": other.pk})
    client.patch(url, {"is_active": False}, content_type="application/json")
    response = client.patch(url, {"is_default": True}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "is_default"]
    assert defaults_of(world.entity_a1) == [world.address_a1.pk]


def test_the_form_names_every_field_at_fault_and_stores_nothing(world, client):
    client.force_login(world.a_admin)
    bad = {
        **FORM,
        "legal_entity": world.entity_a1.pk,
        "postal_code": "1410",
        "city": "",
        "contact_phone": "12-34",
    }
    response = client.post(reverse("clients:my_address_create"), bad, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Индекс должен состоять из 6 цифр" in page
    assert "Номер телефона должен состоять из 10 цифр" in page
    assert 'href="#id_city">Город</a>: Укажите город.' in page
    assert 'aria-invalid="true"' in page
    assert DeliveryAddress.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"city": "", "address": "ул. Мира, 1"}, "city", "Укажите город."),
        ({"city": "Тула", "address": " "}, "address", "Укажите адрес"),
        (
            {"city": "Тула", "address": "ул. Мира, 1", "postal_code": "30000A"},
            "postal_code",
            "6 цифр",
        ),
        (
            {"city": "Тула", "address": "ул. Мира, 1", "contact_phone": "123"},
            "contact_phone",
            "10 цифр",
        ),
        ({"city": "Т" * 121, "address": "ул. Мира, 1"}, "city", "длиннее 120"),
    ],
)
def test_the_api_answers_422_naming_the_field(world, client, payload, field, message):
    client.force_login(world.a_admin)
    body = {"legal_entity_id": world.entity_a1.pk, **payload}
    response = client.post(reverse("api:address_create"), body, content_type="application/json")
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["body", field]
    assert message in detail["msg"]
    assert DeliveryAddress.objects.count() == 1


def test_a_buyer_uses_only_the_legal_entity_they_act_for(world, client):
    foreign = DeliveryAddressFactory(legal_entity=world.entity_a2)
    client.force_login(world.a_buyer)
    edit = reverse("clients:my_address_edit", kwargs={"address_id": foreign.pk})
    assert client.get(edit).status_code == 404
    assert client.post(edit, FORM).status_code == 404
    default = reverse("clients:my_address_default", kwargs={"address_id": foreign.pk})
    assert client.post(default).status_code == 404
    api = reverse("api:address_detail", kwargs={"address_id": foreign.pk})
    assert client.get(api).status_code == 404
    created = client.post(
        reverse("api:address_create"),
        {"legal_entity_id": world.entity_a2.pk, "city": "Тула", "address": "ул. Мира, 1"},
        content_type="application/json",
    )
    assert created.status_code == 404
    form = client.post(
        reverse("clients:my_address_create"), {**FORM, "legal_entity": world.entity_a2.pk}
    )
    assert form.status_code == 200
    assert "вы действуете только от имени этих юрлиц" in form.content.decode()
    page = client.get(reverse("clients:my_addresses")).content.decode()
    assert escape(world.entity_a1.name) in page
    assert escape(world.entity_a2.name) not in page
    assert DeliveryAddress.objects.filter(legal_entity=world.entity_a2).count() == 1


def test_a_buyer_adds_an_address_to_the_current_legal_entity_through_the_api(world, client):
    client.force_login(world.a_buyer)
    response = client.post(
        reverse("api:address_create"),
        {"city": "Тула", "address": "ул. Мира, 1", "postal_code": "300000"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["legal_entity_id"] == world.entity_a1.pk
    assert response.json()["is_default"] is False


def test_a_supervisor_sees_the_tab_but_cannot_change_addresses(world, client):
    supervisor = StaffFactory(staff_role=StaffRole.SUPERVISOR, manager_code=None)
    client.force_login(supervisor)
    tab = client.get(reverse("clients:card_addresses", kwargs={"pk": world.client_a.pk}), **HTMX)
    assert tab.status_code == 200
    assert str(world.address_a1.address) in tab.content.decode()
    assert "Добавить адрес" not in tab.content.decode()
    create = reverse("clients:card_address_create", kwargs={"pk": world.client_a.pk})
    assert client.post(create, {**FORM, "legal_entity": world.entity_a1.pk}).status_code == 403
    assert DeliveryAddress.objects.count() == 1


def test_a_client_person_gets_no_staff_tab(world, client):
    client.force_login(world.a_admin)
    url = reverse("clients:card_addresses", kwargs={"pk": world.client_a.pk})
    assert client.get(url).status_code == 403


def test_the_manager_edits_an_address_inline_and_gets_the_panel_back(world, client):
    client.force_login(world.manager_a)
    url = reverse(
        "clients:card_address_edit",
        kwargs={"pk": world.client_a.pk, "address_id": world.address_a1.pk},
    )
    form = client.get(url, **HTMX)
    assert form.status_code == 200
    assert b"<html" not in form.content
    assert b'hx-post="' + url.encode() in form.content
    response = client.post(url, {**FORM, "city": "Королёв"}, **HTMX)
    assert response["HX-Retarget"] == "#addresses-panel"
    assert 'id="addresses-panel"' in response.content.decode()
    world.address_a1.refresh_from_db()
    assert world.address_a1.city == "Королёв"
    event = AuditEvent.objects.get(action="address.changed")
    assert event.changes["city"][1] == "Королёв"


def test_the_address_list_pages_keep_their_query_count(
    world, client, django_assert_max_num_queries
):
    for entity in (world.entity_a1, world.entity_a2):
        DeliveryAddressFactory.create_batch(15, legal_entity=entity)
    LegalEntityFactory.create_batch(3, client=world.client_a)
    client.force_login(world.a_admin)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("clients:my_addresses")).status_code == 200
    client.force_login(world.manager_a)
    url = reverse("clients:card_addresses", kwargs={"pk": world.client_a.pk})
    with django_assert_max_num_queries(6):
        assert client.get(url, **HTMX).status_code == 200
    with django_assert_max_num_queries(6):
        response = client.get(reverse("api:address_list"), {"limit": 10})
    assert response.json()["count"] == 31
    assert len(response.json()["items"]) == 10


def _waiting_for_locks(call):
    """PostgreSQL makes a second writer wait for the legal entity's row lock; SQLite's
    shared in-memory test database refuses it at once ("table is locked"), so retry."""
    for _attempt in range(500):
        try:
            return call()
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.005)
    raise AssertionError("the database stayed locked")


@pytest.mark.django_db(transaction=True)
def test_concurrent_choices_of_the_default_leave_exactly_one():
    from okno.core.testing.world import build_world

    world = build_world()
    addresses = DeliveryAddressFactory.create_batch(6, legal_entity=world.entity_a1)
    actor = actor_for_user(world.manager_a)
    start = threading.Barrier(len(addresses))
    failures: list[BaseException] = []

    def choose(address):
        try:
            start.wait()
            _waiting_for_locks(lambda: address_set_default(actor=actor, address=address))
        except BaseException as error:
            failures.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=choose, args=(a,)) for a in addresses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(defaults_of(world.entity_a1)) == 1


@given(st.from_regex(r"\d{6}", fullmatch=True))
def test_any_six_digits_are_a_postal_code(code):
    assert check_postal_code(f" {code} ") == code


@given(st.text(max_size=12).filter(lambda s: not re.fullmatch(r"\s*\d{6}\s*", s) and s.strip()))
def test_anything_else_is_refused_naming_the_postal_code(raw):
    with pytest.raises(InvalidInput) as refused:
        check_postal_code(raw)
    assert refused.value.field == "postal_code"
