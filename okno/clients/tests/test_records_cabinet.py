"""The client cabinet home and the read-only legal entities page, through HTTP."""

import datetime

from django.urls import reverse
from django.utils.html import escape

from okno.clients.models import Client, Contract
from okno.clients.templatetags.greetings import greeting_name
from okno.clients.tests.factories import ClientFactory, LegalEntityFactory, MembershipFactory
from okno.core.roles import ClientRole


def open_page(client, user, name):
    client.force_login(user)
    return client.get(reverse(name))


def test_the_cabinet_shows_the_current_legal_entity_its_terms_and_the_manager(world, client):
    response = open_page(client, world.a_admin, "clients:cabinet")
    text = response.text
    assert response.status_code == 200
    assert escape(greeting_name(world.a_admin.full_name)) in text
    assert escape(world.entity_a1.name) in text
    assert world.contract_a1.number in text
    assert escape(world.contract_a1.price_type.name) in text
    assert "14 дн." in text
    assert escape(world.manager_a.full_name) in text
    for place in ("Заказы", "Баланс", "Обращения"):
        assert place in text
    assert reverse("clients:legal_entities") in text


def test_a_buyer_without_finance_sees_no_balance_place(world, client):
    text = open_page(client, world.a_buyer, "clients:cabinet").text
    assert "Заказы" in text
    assert "Баланс" not in text


def test_the_cabinet_follows_the_switched_legal_entity(world, client):
    membership = world.a_admin.membership
    membership.current_legal_entity = world.entity_a2
    membership.save(update_fields=["current_legal_entity"])
    text = open_page(client, world.a_admin, "clients:cabinet").text
    assert "Действующего договора с этим юрлицом нет" in text
    assert world.contract_a1.number not in text


def test_expired_contracts_are_not_shown_as_terms(world, client):
    Contract.objects.filter(pk=world.contract_a1.pk).update(
        valid_until=datetime.date(2020, 1, 1), date=datetime.date(2019, 1, 1)
    )
    text = open_page(client, world.a_admin, "clients:cabinet").text
    assert "Действующего договора с этим юрлицом нет" in text


def test_staff_are_sent_to_their_workspace(world, client):
    response = open_page(client, world.manager_a, "clients:cabinet")
    assert response.status_code == 302
    assert response.url == reverse("core:home")


def test_an_individual_customer_gets_the_reduced_cabinet(world, client):
    person = ClientFactory(kind=Client.Kind.INDIVIDUAL, name="Петров П. П.", manager=None)
    LegalEntityFactory(client=person, kind="person", inn="", kpp="", ogrn="", name="Петров П. П.")
    user = MembershipFactory(client=person, role=ClientRole.ADMIN).user
    text = open_page(client, user, "clients:cabinet").text
    assert "Условия работы" not in text
    assert reverse("clients:legal_entities") not in text.split("<main")[1]
    assert "Менеджер скоро будет назначен" in text
    response = client.get(reverse("clients:legal_entities"))
    assert response.status_code == 302


def test_a_client_admin_reads_all_legal_entities_with_requisites(world, client):
    response = open_page(client, world.a_admin, "clients:legal_entities")
    text = response.text
    assert response.status_code == 200
    assert escape(world.entity_a1.name) in text
    assert escape(world.entity_a2.name) in text
    assert world.entity_a1.inn in text
    assert world.entity_a1.bank_accounts.get().account in text
    assert world.contract_a1.number in text
    assert "нельзя изменить" in text
    assert world.manager_a.email in text
    assert "<form" not in text.split("<main")[1].split("<footer")[0]


def test_a_buyer_reads_only_the_legal_entity_they_act_for(world, client):
    text = open_page(client, world.a_buyer, "clients:legal_entities").text
    assert escape(world.entity_a1.name) in text
    assert escape(world.entity_a2.name) not in text
    assert escape(world.entity_b.name) not in text


def test_a_person_is_greeted_by_first_name_and_patronymic():
    assert greeting_name("Орлова Елена Николаевна") == "Елена Николаевна"
    assert greeting_name("Jane Doe") == "Jane Doe"
    assert greeting_name("") == ""
