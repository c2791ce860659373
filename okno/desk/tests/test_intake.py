"""`POST /api/v1/intake`, the call centres' way in: the client found by ИНН, phone or
e-mail, the order named by its number, a person no client is known by taken as «не
клиент» with what the caller told, a retried call making no second appeal, and only desk
staff may call it."""

import pytest

from okno.clients.tests.factories import ContactFactory
from okno.desk.models import Appeal, Channel, EventKind
from okno.orders.tests.calls import field_of

pytestmark = pytest.mark.django_db
URL = "/intake"


def _call(api, world, **body):
    payload = {
        "external_id": "call-1",
        "subject": "Вопрос по поставке",
        "text": "Когда будет машина?",
        **body,
    }
    return api.as_(world.operator).post(URL, payload)


def _opening(appeal: Appeal) -> str:
    return appeal.events.get(kind=EventKind.CREATED).body


def test_the_client_is_found_by_inn_and_kpp(api, world):
    entity = world.entity_a1
    answer = _call(api, world, inn=entity.inn, kpp=entity.kpp, caller_name="Иван")
    assert answer.status_code == 201, answer.content
    appeal = Appeal.objects.get(pk=answer.json()["id"])
    assert (appeal.client, appeal.legal_entity) == (world.client_a, entity)
    assert appeal.channel == Channel.PHONE
    assert "Звонящий: Иван" in _opening(appeal)
    assert "не найден" not in _opening(appeal)


def test_the_client_is_found_by_a_phone_in_any_spelling_with_its_contact(api, world):
    contact = ContactFactory(client=world.client_b, phone="+79161234567")
    answer = _call(api, world, phone="8 (916) 123-45-67", order_number="")
    assert answer.status_code == 201, answer.content
    appeal = Appeal.objects.get(pk=answer.json()["id"])
    assert (appeal.client, appeal.contact) == (world.client_b, contact)
    assert "Телефон: +7 916 123-45-67" in _opening(appeal)


def test_a_phone_of_two_clients_names_neither(api, world):
    ContactFactory(client=world.client_a, phone="+79160000001")
    ContactFactory(client=world.client_b, phone="+79160000001")
    answer = _call(api, world, phone="+7 916 000-00-01")
    appeal = Appeal.objects.get(pk=answer.json()["id"])
    assert appeal.client is None
    assert appeal.not_client


def test_the_order_named_by_its_number_is_linked(api, world, delivered):
    order, _shipment = delivered
    entity = world.entity_a1
    answer = _call(api, world, inn=entity.inn, kpp=entity.kpp, order_number=order.number)
    appeal = Appeal.objects.get(pk=answer.json()["id"])
    assert appeal.order == order
    assert appeal.legal_entity == order.legal_entity


def test_an_unknown_person_gets_an_appeal_of_no_client_with_what_was_told(api, world, client):
    answer = _call(
        api, world, phone="+7 999 111-22-33", email="new@example.org", caller_name="Пётр"
    )
    assert answer.status_code == 201, answer.content
    appeal = Appeal.objects.get(pk=answer.json()["id"])
    assert appeal.client is None
    text = _opening(appeal)
    for told in ("Пётр", "+7 999 111-22-33", "new@example.org", "Клиент по этим данным не найден."):
        assert told in text
    assert appeal.sla.first_response_due is not None


def test_a_retried_call_answers_the_same_appeal(api, world):
    first = _call(api, world, inn=world.entity_a1.inn)
    again = _call(api, world, inn=world.entity_a1.inn, text="Повтор")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Appeal.objects.count() == 1


def test_bad_input_names_the_field_and_makes_nothing(api, world):
    answer = _call(api, world, phone="12345")
    assert answer.status_code == 422
    assert field_of(answer) == "phone"
    answer = _call(api, world, kind="claim")
    assert answer.status_code == 422
    assert field_of(answer) == "kind"
    answer = _call(api, world, external_id="  ")
    assert answer.status_code == 422
    assert field_of(answer) == "external_id"
    assert not Appeal.objects.exists()


def test_only_desk_staff_may_call(api, world):
    payload = {"external_id": "x", "subject": "Тема", "text": "Текст"}
    assert api.as_(world.a_admin).post(URL, payload).status_code == 403
    assert api.as_(world.manager_a).post(URL, payload).status_code == 403
    assert not Appeal.objects.exists()
