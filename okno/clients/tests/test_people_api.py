"""The addresses and contacts API as integrations and the UI call it."""

import pytest
from django.urls import reverse

from okno.accounts.services import api_token_create
from okno.clients.models import DeliveryAddress
from okno.clients.tests.factories import DeliveryAddressFactory

pytestmark = pytest.mark.django_db


def test_lists_answer_items_and_count_with_filters_and_paging(world, client):
    DeliveryAddressFactory.create_batch(3, legal_entity=world.entity_a2)
    DeliveryAddressFactory(legal_entity=world.entity_b)
    client.force_login(world.manager_a)
    url = reverse("api:address_list")
    everything = client.get(url).json()
    assert everything["count"] == 4
    assert set(everything["items"][0]) >= {
        "id",
        "legal_entity_id",
        "legal_entity_name",
        "is_default",
    }
    only_a2 = client.get(url, {"legal_entity_id": world.entity_a2.pk, "limit": 2}).json()
    assert only_a2["count"] == 3
    assert len(only_a2["items"]) == 2
    rest = client.get(url, {"legal_entity_id": world.entity_a2.pk, "limit": 2, "offset": 2}).json()
    assert len(rest["items"]) == 1
    assert client.get(url, {"limit": 0}).status_code == 422


def test_a_buyer_lists_only_the_addresses_of_their_legal_entities(world, client):
    DeliveryAddressFactory(legal_entity=world.entity_a2)
    client.force_login(world.a_buyer)
    body = client.get(reverse("api:address_list")).json()
    assert [item["id"] for item in body["items"]] == [world.address_a1.pk]


def test_patch_changes_the_street_line_and_makes_the_address_default_at_once(world, client):
    other = DeliveryAddressFactory(legal_entity=world.entity_a1)
    client.force_login(world.a_admin)
    url = reverse("api:address_update", kwargs={"address_id": other.pk})
    body = {"address": "ул. Садовая, д. 3", "contact_phone": "9161234567", "is_default": True}
    response = client.patch(url, body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["address"] == "ул. Садовая, д. 3"
    assert response.json()["contact_phone"] == "+79161234567"
    assert response.json()["is_default"] is True
    world.address_a1.refresh_from_db()
    assert not world.address_a1.is_default


def test_a_refused_patch_stores_nothing(world, client):
    client.force_login(world.a_admin)
    url = reverse("api:address_update", kwargs={"address_id": world.address_a1.pk})
    body = {"city": "Тверь", "is_default": False}
    response = client.patch(url, body, content_type="application/json")
    assert response.status_code == 422
    world.address_a1.refresh_from_db()
    assert world.address_a1.city == "Мытищи"


def test_staff_name_the_legal_entity_when_adding_an_address(world, client):
    client.force_login(world.manager_a)
    url = reverse("api:address_create")
    body = {"city": "Тула", "address": "ул. Мира, 1"}
    missing = client.post(url, body, content_type="application/json")
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "legal_entity_id"]
    foreign = client.post(
        url, {**body, "legal_entity_id": world.entity_b.pk}, content_type="application/json"
    )
    assert foreign.status_code == 404
    created = client.post(
        url, {**body, "legal_entity_id": world.entity_a2.pk}, content_type="application/json"
    )
    assert created.status_code == 201
    assert created.json()["is_default"] is True


def test_a_supervisor_reads_but_does_not_write(world, client):
    from okno.accounts.tests.factories import StaffFactory
    from okno.core.roles import StaffRole

    client.force_login(StaffFactory(staff_role=StaffRole.SUPERVISOR, manager_code=None))
    assert client.get(reverse("api:address_list")).json()["count"] == 1
    url = reverse("api:address_update", kwargs={"address_id": world.address_a1.pk})
    response = client.patch(url, {"city": "Тверь"}, content_type="application/json")
    assert response.status_code == 403
    assert DeliveryAddress.objects.get(pk=world.address_a1.pk).city == "Мытищи"


def test_an_integration_calls_with_a_bearer_token(world, client):
    _token, raw = api_token_create(user=world.a_admin, name="1С")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    response = client.get(reverse("api:contact_list"), **auth)
    assert response.status_code == 200
    assert response.json()["items"][0]["id"] == world.contact_a.pk
    assert client.get(reverse("api:contact_list")).status_code == 401


def test_refusals_speak_the_language_the_person_chose(world, client):
    client.force_login(world.a_admin)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    url = reverse("api:address_create")
    no_city = client.post(url, {"address": "Main St, 1"}, content_type="application/json")
    assert no_city.status_code == 422
    assert no_city.json()["detail"][0]["msg"] == "Enter the city."
    not_a_number = {"legal_entity_id": "first", "city": "Tver", "address": "Main St, 1"}
    response = client.post(url, not_a_number, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "legal_entity_id"],
            "msg": "Must be a whole number.",
            "type": "int_parsing",
        }
    ]
    assert DeliveryAddress.objects.filter(city="Tver").count() == 0
