"""The records API as an integration calls it: scoping, refusals and 422 messages."""

import json

import pytest
from django.urls import reverse

from okno.clients.models import Contract, LegalEntity
from okno.clients.tests.factories import PriceTypeFactory

SBER = {
    "kind": "ooo",
    "name": 'ПАО "Сбербанк"',
    "inn": "7707083893",
    "kpp": "773601001",
    "ogrn": "1027700132195",
}


def call(client, user, method, url, body=None):
    client.force_login(user)
    send = getattr(client, method)
    if body is None:
        return send(url)
    return send(url, data=json.dumps(body), content_type="application/json")


def detail_of(response):
    (problem,) = response.json()["detail"]
    return problem["loc"][-1], problem["msg"]


# --- clients ---------------------------------------------------------------------------------


def test_a_manager_lists_only_their_clients_with_counts(world, client):
    response = call(client, world.manager_a, "get", reverse("api:client_list"))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert item["id"] == world.client_a.pk
    assert item["legal_entity_count"] == 2
    assert item["contract_count"] == 1
    assert item["people_count"] == 2
    assert item["manager_name"] == world.manager_a.full_name


def test_clients_filter_search_and_page(world, client):
    url = reverse("api:client_list")
    client.force_login(world.admin)
    assert client.get(url, {"manager_id": world.manager_b.pk}).json()["count"] == 1
    found = client.get(url, {"search": world.entity_b.inn}).json()
    assert [c["id"] for c in found["items"]] == [world.client_b.pk]
    paged = client.get(url, {"limit": 1, "offset": 1}).json()
    assert paged["count"] == 2
    assert len(paged["items"]) == 1
    assert client.get(url, {"limit": 0}).status_code == 422


def test_a_client_detail_carries_what_is_missing(world, client):
    url = reverse("api:client_detail", kwargs={"client_id": world.client_b.pk})
    body = call(client, world.admin, "get", url).json()
    assert body["id"] == world.client_b.pk
    assert "Нет действующего договора" in body["missing_fields"]


@pytest.mark.parametrize("who", ["a_admin", "operator"])
def test_the_client_list_is_for_staff_only(world, client, who):
    response = call(client, getattr(world, who), "get", reverse("api:client_list"))
    assert response.status_code == 403
    assert "сотрудникам" in response.json()["detail"][0]["msg"]


def test_a_client_person_gets_404_for_another_client_and_403_for_their_own(world, client):
    own = reverse("api:client_detail", kwargs={"client_id": world.client_a.pk})
    other = reverse("api:client_detail", kwargs={"client_id": world.client_b.pk})
    assert call(client, world.a_admin, "get", other).status_code == 404
    assert call(client, world.a_admin, "get", own).status_code == 403


# --- legal entities ----------------------------------------------------------------------------


def test_a_buyer_reads_only_the_legal_entities_they_act_for(world, client):
    body = call(client, world.a_buyer, "get", reverse("api:legal_entity_list")).json()
    assert [e["id"] for e in body["items"]] == [world.entity_a1.pk]
    assert body["items"][0]["bank_accounts"][0]["bik"] == "044525225"
    other = reverse("api:legal_entity_detail", kwargs={"legal_entity_id": world.entity_a2.pk})
    assert client.get(other).status_code == 404


@pytest.mark.parametrize("term", ["вектор", "ВЕКТОР", "вЕКТОр"])
def test_legal_entities_are_found_by_a_cyrillic_name_in_any_case(world, client, term):
    LegalEntity.objects.filter(pk=world.entity_a2.pk).update(name="ООО «Вектор»")
    url = reverse("api:legal_entity_list")
    found = call(client, world.manager_a, "get", f"{url}?search={term}").json()
    assert [item["id"] for item in found["items"]] == [world.entity_a2.pk]


def test_client_people_may_read_but_not_write_legal_entities(world, client):
    url = reverse("api:legal_entity_detail", kwargs={"legal_entity_id": world.entity_a1.pk})
    assert call(client, world.a_admin, "get", url).status_code == 200
    response = call(client, world.a_admin, "patch", url, {"name": "Другое"})
    assert response.status_code == 403
    assert "менеджер" in response.json()["detail"][0]["msg"]
    created = call(client, world.a_admin, "post", reverse("api:legal_entity_list"), SBER)
    assert created.status_code == 403
    assert not LegalEntity.objects.filter(inn=SBER["inn"]).exists()


def test_staff_add_a_legal_entity_naming_the_client(world, client):
    url = reverse("api:legal_entity_create")
    missing = call(client, world.manager_a, "post", url, SBER)
    assert missing.status_code == 422
    assert detail_of(missing)[0] == "client_id"
    created = call(client, world.manager_a, "post", url, {**SBER, "client_id": world.client_a.pk})
    assert created.status_code == 201
    assert created.json()["inn"] == "7707083893"
    foreign = call(client, world.manager_a, "post", url, {**SBER, "client_id": world.client_b.pk})
    assert foreign.status_code == 404


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"inn": "1234567895"}, "inn", "контрольных"),
        ({"kpp": ""}, "kpp", "КПП"),
        ({"kind": "ip"}, "inn", "12"),
        ({"kind": "llc"}, "kind", "Выберите"),
        ({"name": ""}, "name", "Заполните"),
    ],
)
def test_wrong_requisites_answer_422_naming_the_field(world, client, change, field, words):
    body = {**SBER, "client_id": world.client_a.pk, **change}
    response = call(client, world.manager_a, "post", reverse("api:legal_entity_create"), body)
    assert response.status_code == 422
    name, message = detail_of(response)
    assert name == field
    assert words in message


def test_a_duplicate_inn_kpp_answers_409(world, client):
    url = reverse("api:legal_entity_create")
    body = {**SBER, "client_id": world.client_a.pk}
    call(client, world.manager_a, "post", url, body)
    response = call(client, world.manager_a, "post", url, body)
    assert response.status_code == 409
    assert detail_of(response)[0] == "inn"


def test_pydantic_type_errors_are_422_too(world, client):
    url = reverse("api:legal_entity_update", kwargs={"legal_entity_id": world.entity_a1.pk})
    response = call(client, world.manager_a, "patch", url, {"is_active": "maybe"})
    assert response.status_code == 422


def test_staff_patch_changes_only_the_given_fields(world, client):
    url = reverse("api:legal_entity_update", kwargs={"legal_entity_id": world.entity_a1.pk})
    response = call(client, world.manager_a, "patch", url, {"director": "Иванов И. И."})
    assert response.status_code == 200
    assert response.json()["director"] == "Иванов И. И."
    assert response.json()["inn"] == world.entity_a1.inn


# --- contracts -------------------------------------------------------------------------------


def test_contracts_are_filtered_by_legal_entity_and_scoped(world, client):
    url = reverse("api:contract_list")
    mine = call(client, world.a_buyer, "get", url).json()
    assert [c["id"] for c in mine["items"]] == [world.contract_a1.pk]
    assert mine["items"][0]["price_type_name"] == world.contract_a1.price_type.name
    client.force_login(world.manager_a)
    assert client.get(url, {"legal_entity_id": world.entity_a2.pk}).json()["count"] == 0
    assert call(client, world.b_admin, "get", url).json()["count"] == 0


def test_staff_add_and_change_a_contract(world, client):
    price_type = PriceTypeFactory()
    body = {
        "legal_entity_id": world.entity_a2.pk,
        "number": "API-1",
        "date": "2026-02-01",
        "price_type_id": price_type.pk,
        "discount_percent": "12.5",
        "payment_deferral_days": 20,
        "credit_limit": "300000",
        "credit_mode": "warn",
    }
    created = call(client, world.manager_a, "post", reverse("api:contract_create"), body)
    assert created.status_code == 201
    contract_id = created.json()["id"]
    assert created.json()["discount_percent"] in ("12.50", 12.5)
    url = reverse("api:contract_update", kwargs={"contract_id": contract_id})
    changed = call(client, world.manager_a, "patch", url, {"valid_until": "2027-01-31"})
    assert changed.status_code == 200
    assert Contract.objects.get(pk=contract_id).valid_until.isoformat() == "2027-01-31"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"discount_percent": "100"}, "discount_percent"),
        ({"payment_deferral_days": -5}, "payment_deferral_days"),
        ({"credit_limit": "-1"}, "credit_limit"),
        ({"price_type_id": 999999}, "price_type_id"),
        ({"valid_until": "2025-01-01"}, "valid_until"),
        ({"credit_mode": "never"}, "credit_mode"),
    ],
)
def test_wrong_contract_terms_answer_422_naming_the_field(world, client, change, field):
    url = reverse("api:contract_update", kwargs={"contract_id": world.contract_a1.pk})
    response = call(client, world.manager_a, "patch", url, change)
    assert response.status_code == 422
    assert detail_of(response)[0] == field


def test_a_client_person_may_not_change_a_contract(world, client):
    url = reverse("api:contract_update", kwargs={"contract_id": world.contract_a1.pk})
    assert call(client, world.a_admin, "patch", url, {"number": "X"}).status_code == 403
    body = {"legal_entity_id": world.entity_a1.pk, "number": "X", "date": "2026-01-01"}
    assert (
        call(client, world.a_admin, "post", reverse("api:contract_create"), body).status_code == 403
    )
    assert not Contract.objects.filter(number="X").exists()


def test_an_anonymous_caller_is_refused(client):
    assert client.get(reverse("api:contract_list")).status_code == 401
