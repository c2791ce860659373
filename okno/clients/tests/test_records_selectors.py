"""Selectors of client records: the list, what a card lacks, who has gaps, the history."""

import datetime

import pytest

from okno.audit.models import AuditEvent
from okno.clients.models import Client, ClientMembership, Contact, Contract, DeliveryAddress
from okno.clients.selectors.history import describe, recent_history
from okno.clients.selectors.records import (
    client_list,
    client_missing_fields,
    client_missing_hints,
    clients_with_gaps,
)
from okno.clients.services.records import client_update, legal_entity_update
from okno.clients.tests.factories import ClientFactory, LegalEntityFactory
from okno.core.actor import actor_for_user


def test_a_complete_client_has_no_hints(world):
    world.entity_a2.bank_accounts.create(
        bank_name="Банк",
        bik="044525225",
        corr_account="30101810400000000225",
        account="40702810938000000001",
    )
    assert client_missing_fields(client=world.client_a) == []
    count, _first = clients_with_gaps(actor=actor_for_user(world.manager_a))
    assert count == 0


def test_an_empty_client_lacks_everything_and_says_where_to_fix_it(world):
    client = ClientFactory(name="Пустой", manager=None)
    hints = client_missing_hints(client=client)
    assert [(h.text, h.tab) for h in hints] == [
        ("Не назначен ответственный менеджер", "overview"),
        ("Нет ни одного юрлица", "legal_entities"),
        ("Нет адреса доставки", "addresses"),
        ("Нет контакта с e-mail или телефоном", "contacts"),
        ("Никто из сотрудников клиента не подключён к порталу", "people"),
    ]


def test_per_legal_entity_hints_follow_its_kind(world):
    client = ClientFactory(manager=world.manager_a)
    LegalEntityFactory(client=client, name="ООО Без всего", kpp="", ogrn="", legal_address="")
    LegalEntityFactory(client=client, kind="ip", name="ИП Без КПП", kpp="", inn="", ogrn="")
    LegalEntityFactory(client=client, kind="person", name="Физлицо", kpp="", inn="", ogrn="")
    texts = client_missing_fields(client=client)
    assert "ООО Без всего: не указан КПП" in texts
    assert "ООО Без всего: не указан ОГРН" in texts
    assert "ООО Без всего: не указан юридический адрес" in texts
    assert "ООО Без всего: нет банковского счёта" in texts
    assert "ИП Без КПП: не указан ИНН" in texts
    assert "ИП Без КПП: не указан ОГРНИП" in texts
    assert not any(t.startswith("ИП Без КПП: не указан КПП") for t in texts)
    assert not any(t.startswith("Физлицо") for t in texts)
    assert "Нет действующего договора" in texts


def test_contract_hints(world):
    contract = world.contract_a1
    Contract.objects.filter(pk=contract.pk).update(price_type=None)
    contract.refresh_from_db()
    assert f"Договор {contract}: не указан тип цен" in client_missing_fields(client=world.client_a)
    expired = {"date": datetime.date(2020, 1, 1), "valid_until": datetime.date(2020, 12, 31)}
    Contract.objects.filter(pk=contract.pk).update(**expired)
    assert "Нет действующего договора" in client_missing_fields(client=world.client_a)


def test_hints_take_a_fixed_number_of_queries(world, django_assert_num_queries):
    for _ in range(5):
        LegalEntityFactory(client=world.client_a)
    with django_assert_num_queries(5):
        client_missing_hints(client=world.client_a)


def test_gap_flags_agree_with_the_hints(world):
    admin = actor_for_user(world.admin)
    Contact.objects.filter(client=world.client_a).update(email="", phone="")
    DeliveryAddress.objects.filter(client=world.client_b).delete()
    count, first = clients_with_gaps(actor=admin)
    by_client = {item.client.pk: item.gaps for item in first}
    assert count == 2
    assert by_client[world.client_a.pk] == ["неполные реквизиты", "нет контакта"]
    assert "нет действующего договора" in by_client[world.client_b.pk]
    ClientMembership.objects.filter(client=world.client_b).delete()
    _count, first = clients_with_gaps(actor=admin)
    gaps_b = next(item.gaps for item in first if item.client.pk == world.client_b.pk)
    assert "никто не подключён" in gaps_b


def test_gaps_of_a_manager_are_only_their_clients(world):
    count, first = clients_with_gaps(actor=actor_for_user(world.manager_b))
    assert count == 1
    assert [item.client for item in first] == [world.client_b]


def test_client_list_counts_and_searches(world):
    admin = actor_for_user(world.admin)
    rows = {c.pk: c for c in client_list(actor=admin)}
    a = rows[world.client_a.pk]
    assert (a.legal_entity_count, a.contract_count, a.people_count) == (2, 1, 2)
    legal_entity_update(actor=admin, legal_entity=world.entity_a2, is_active=False)
    a = client_list(actor=admin).get(pk=world.client_a.pk)
    assert a.legal_entity_count == 1
    assert list(client_list(actor=admin, search=world.entity_a1.inn)) == [world.client_a]
    assert list(client_list(actor=admin, search="клиент б")) == [world.client_b]
    assert list(client_list(actor=admin, search="КЛИЕНТ Б")) == [world.client_b]
    assert list(client_list(actor=admin, search="%")) == []
    assert list(client_list(actor=actor_for_user(world.operator))) == []


@pytest.mark.parametrize("term", ["василёк", "ВАСИЛЁК", "вАСИЛЁк"])
def test_client_list_finds_cyrillic_names_typed_in_any_case(world, term):
    by_name = ClientFactory(name="Василёк", manager=world.manager_a)
    by_entity = ClientFactory(name="Лесторг", manager=world.manager_a)
    LegalEntityFactory(client=by_entity, name="ООО «Василёк-Опт»")
    admin = actor_for_user(world.admin)
    assert list(client_list(actor=admin, search=term)) == [by_name, by_entity]
    assert list(client_list(actor=admin, search=f"ооо «{term}")) == [by_entity]


def test_client_list_for_a_client_person_is_their_own_client(world):
    assert list(client_list(actor=actor_for_user(world.a_buyer))) == [world.client_a]


def test_history_in_words(world):
    manager = actor_for_user(world.manager_a)
    client_update(actor=manager, client=world.client_a, kind=Client.Kind.HOLDING, is_dealer=True)
    (entry,) = describe(AuditEvent.objects.filter(action="client.updated"))
    assert entry.action == "Карточка клиента изменена"
    rows = {row.field: (row.old, row.new) for row in entry.changes}
    assert rows["вид"] == ("Компания", "Холдинг")
    assert rows["дилер"] == ("нет", "да")
    (recent,) = recent_history(actor=manager)
    assert recent.event.client_id == world.client_a.pk
    assert recent_history(actor=actor_for_user(world.manager_b)) == []


def test_history_survives_unknown_actions_and_fields():
    event = AuditEvent(action="something.else", object_type="no.such", changes={"x": "y"})
    (entry,) = describe([event])
    assert entry.action == "something.else"
    assert [(r.field, r.old, r.new) for r in entry.changes] == [("x", "—", "y")]
