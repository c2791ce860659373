"""Every list page and list API of clients takes as many queries for twelve rows as for
three, and no more than its ceiling.

Each row is made with its own related rows (its own manager, legal entity, price type,
bank accounts, invitation), so a query per row would show as a count that grows.
"""

import itertools

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils.html import escape

from okno.accounts.tests.factories import StaffFactory
from okno.audit.services import audit_record
from okno.clients.models import LegalEntity
from okno.clients.services.people import person_connect
from okno.clients.tests.factories import (
    BankAccountFactory,
    ClientFactory,
    ContactFactory,
    ContractFactory,
    DeliveryAddressFactory,
    LegalEntityFactory,
    MembershipFactory,
)
from okno.core.actor import actor_for_user
from okno.core.roles import ClientRole
from okno.core.testing.queries import assert_queries_flat

HTMX = {"HTTP_HX_REQUEST": "true"}
FEW, MANY = 3, 12
# What the whole card adds around a tab: the checks behind its missing-fields hints.
CARD_SHELL = 5
_numbers = itertools.count(1)


@pytest.fixture
def flat(client, django_assert_max_num_queries):
    """`flat(user, url, grow=, ceiling=)`: `grow(FEW)` rows, count the page's queries,
    `grow(MANY - FEW)` more, count again; the same count, at most `ceiling`."""

    def measure(user, url, *, grow, ceiling, params=None, **headers):
        client.force_login(user)
        grow(FEW)
        return assert_queries_flat(
            lambda: client.get(url, params, **headers),
            grow=lambda: grow(MANY - FEW),
            ceiling=ceiling,
            assert_max_num_queries=django_assert_max_num_queries,
        )

    return measure


@pytest.fixture(params=["htmx", "page"])
def card_tab(request, world, flat):
    """`card_tab(url_name, grow=, ceiling=)`: a tab of client A's card opened by manager A,
    as HTMX asks for it (the tab alone) and as a plain page (the whole card around it)."""
    alone = request.param == "htmx"

    def measure(url_name, *, grow, ceiling):
        url = reverse(url_name, kwargs={"pk": world.client_a.pk})
        headers = HTMX if alone else {}
        shell = 0 if alone else CARD_SHELL
        response = flat(world.manager_a, url, grow=grow, ceiling=ceiling + shell, **headers)
        assert ("<html" in response.text) is not alone
        return response

    return measure


# --- the rows --------------------------------------------------------------------------------


def add_clients(world, count):
    """Clients of manager A and as many of other managers, each with a legal entity, a
    contract, a person, a change in the history and gaps (no address, no contact)."""
    for _ in range(count):
        n = next(_numbers)
        for manager in (world.manager_a, StaffFactory()):
            other = ClientFactory(name=f"Клиент {n:03d}", manager=manager)
            contract = ContractFactory(legal_entity=LegalEntityFactory(client=other))
            MembershipFactory(client=other)
            audit_record(action="contract.updated", user=StaffFactory(), obj=contract)


def add_legal_entities(world, count):
    for _ in range(count):
        entity = LegalEntityFactory(client=world.client_a)
        BankAccountFactory.create_batch(2, legal_entity=entity)
        ContractFactory(legal_entity=entity)


def add_contracts(world, count):
    for _ in range(count):
        ContractFactory(legal_entity=LegalEntityFactory(client=world.client_a))


def add_addresses(world, count):
    for _ in range(count):
        entity = LegalEntityFactory(client=world.client_a)
        DeliveryAddressFactory(legal_entity=entity, is_default=True)
        DeliveryAddressFactory(legal_entity=world.entity_a1)


def add_contacts(world, count):
    for _ in range(count):
        ContactFactory(client=world.client_a, is_representative=next(_numbers) % 2 == 0)


def add_people(world, count):
    """People connected by the manager (invited, each for two legal entities) and people
    who already have a password."""
    actor = actor_for_user(world.manager_a)
    for _ in range(count):
        n = next(_numbers)
        entity = LegalEntityFactory(client=world.client_a)
        person_connect(
            actor=actor,
            client=world.client_a,
            full_name=f"Сотрудник {n:03d}",
            email=f"person{n}@example.ru",
            role=ClientRole.BUYER,
            legal_entity_ids=[entity.pk, world.entity_a1.pk],
        )
        MembershipFactory(client=world.client_a, legal_entities=[entity])


def add_history(world, count):
    for _ in range(count):
        contract = ContractFactory(legal_entity=LegalEntityFactory(client=world.client_a))
        audit_record(
            action="contract.updated",
            user=StaffFactory(),
            obj=contract,
            changes={"credit_limit": ["0.00", "1000.00"], "credit_mode": ["block", "warn"]},
        )
        audit_record(action="legal_entity.updated", user=world.admin, obj=contract.legal_entity)


# --- staff pages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "params", "shown"),
    [
        ("manager_a", {}, MANY + 1),
        ("admin", {}, 2 * MANY + 2),
        ("admin", {"q": "Клиент 0"}, 2 * MANY),
    ],
)
def test_staff_client_list(world, flat, who, params, shown):
    response = flat(
        getattr(world, who),
        reverse("clients:staff_list"),
        grow=lambda count: add_clients(world, count),
        ceiling=6,
        params=params,
    )
    assert len(response.context["page"].object_list) == shown


def test_staff_client_list_table_for_htmx(world, flat):
    response = flat(
        world.admin,
        reverse("clients:staff_list"),
        grow=lambda count: add_clients(world, count),
        ceiling=6,
        HTTP_HX_TARGET="client-table",
        **HTMX,
    )
    assert "<html" not in response.text
    assert response.text.count('href="/staff/clients/') == 2 * MANY + 2


def test_staff_home_of_a_manager(world, flat):
    response = flat(
        world.manager_a,
        reverse("clients:staff_home"),
        grow=lambda count: add_clients(world, count),
        ceiling=7,
    )
    dashboard = response.context["manager"]
    assert dashboard.client_count == MANY + 1
    assert len(dashboard.gaps) == len(dashboard.history) == 10


def test_staff_home_of_an_administrator(world, flat):
    response = flat(
        world.admin,
        reverse("clients:staff_home"),
        grow=lambda count: add_clients(world, count),
        ceiling=8,
    )
    assert response.context["admin"].client_count == 2 * MANY + 2


def test_card_overview_with_its_missing_fields(world, flat):
    def grow(count):
        add_legal_entities(world, count)
        LegalEntityFactory.create_batch(count, client=world.client_a, inn="")
        ContractFactory.create_batch(count, legal_entity=world.entity_a1, price_type=None)

    url = reverse("clients:card", kwargs={"pk": world.client_a.pk})
    response = flat(world.manager_a, url, grow=grow, ceiling=10)
    assert response.text.count("не указан ИНН") == MANY
    assert response.text.count("не указан тип цен") == MANY


def test_card_legal_entities_tab(world, card_tab):
    response = card_tab(
        "clients:card_legal_entities",
        grow=lambda count: add_legal_entities(world, count),
        ceiling=6,
    )
    entities = response.context["legal_entities"]
    assert len(entities) == MANY + 2
    assert sum(len(entity.bank_accounts.all()) for entity in entities) == 2 * MANY + 1


def test_card_contracts_tab(world, card_tab):
    response = card_tab(
        "clients:card_contracts", grow=lambda count: add_contracts(world, count), ceiling=5
    )
    assert len(response.context["contracts"]) == MANY + 1


def test_card_addresses_tab(world, card_tab):
    response = card_tab(
        "clients:card_addresses", grow=lambda count: add_addresses(world, count), ceiling=6
    )
    assert sum(len(group["rows"]) for group in response.context["groups"]) == 2 * MANY + 1


def test_card_contacts_tab(world, card_tab):
    response = card_tab(
        "clients:card_contacts", grow=lambda count: add_contacts(world, count), ceiling=5
    )
    assert len(response.context["rows"]) == MANY + 1


def test_card_people_tab(world, card_tab):
    response = card_tab(
        "clients:card_people", grow=lambda count: add_people(world, count), ceiling=6
    )
    rows = response.context["rows"]
    assert len(rows) == 2 * MANY + 2
    assert sum(row["membership"].invitation_state == "sent" for row in rows) == MANY


def test_card_history_tab(world, card_tab):
    response = card_tab(
        "clients:card_audit", grow=lambda count: add_history(world, count), ceiling=6
    )
    assert len(response.context["entries"]) == 2 * MANY
    assert response.text.count("Договор изменён") == MANY


# --- the client's cabinet and "My data" ------------------------------------------------------


def test_cabinet_home(world, flat):
    response = flat(
        world.a_buyer,
        reverse("clients:cabinet"),
        grow=lambda count: ContractFactory.create_batch(count, legal_entity=world.entity_a1),
        ceiling=8,
    )
    assert len(response.context["home"].contracts) == MANY + 1


def test_legal_entity_switch_menu(world, flat):
    response = flat(
        world.a_admin,
        reverse("clients:cabinet"),
        grow=lambda count: LegalEntityFactory.create_batch(count, client=world.client_a),
        ceiling=8,
    )
    menu = response.text.split('aria-labelledby="legal-entity-switch"')[1].split("</form>")[0]
    entities = LegalEntity.objects.filter(client=world.client_a)
    assert entities.count() == MANY + 2
    for entity in entities:
        assert escape(entity.name) in menu


def test_my_data_overview(world, flat):
    def grow(count):
        add_contacts(world, count)
        add_addresses(world, count)
        MembershipFactory.create_batch(count, client=world.client_a)

    response = flat(world.a_admin, reverse("clients:my_data"), grow=grow, ceiling=9)
    summary = response.context["summary"]
    assert (summary.contacts, summary.addresses, summary.colleagues) == (
        MANY + 1,
        2 * MANY + 1,
        MANY + 2,
    )


def test_my_contacts(world, flat):
    response = flat(
        world.a_buyer,
        reverse("clients:my_contacts"),
        grow=lambda count: add_contacts(world, count),
        ceiling=7,
    )
    assert len(response.context["rows"]) == MANY + 1


def test_my_addresses(world, flat):
    response = flat(
        world.a_admin,
        reverse("clients:my_addresses"),
        grow=lambda count: add_addresses(world, count),
        ceiling=8,
    )
    assert sum(len(group["rows"]) for group in response.context["groups"]) == 2 * MANY + 1


def test_my_legal_entities_and_contracts(world, flat):
    response = flat(
        world.a_admin,
        reverse("clients:legal_entities"),
        grow=lambda count: add_legal_entities(world, count),
        ceiling=9,
    )
    entities = response.context["legal_entities"]
    assert len(entities) == MANY + 2
    assert sum(len(entity.contracts_in_force) for entity in entities) == MANY + 1
    assert sum(len(entity.bank_accounts.all()) for entity in entities) == 2 * MANY + 1


def test_my_colleagues_for_a_client_admin(world, flat):
    response = flat(
        world.a_admin,
        reverse("clients:my_colleagues"),
        grow=lambda count: add_people(world, count),
        ceiling=8,
    )
    rows = response.context["rows"]
    assert len(rows) == 2 * MANY + 2
    assert sum(row["membership"].invitation_state == "sent" for row in rows) == MANY


# --- the API ---------------------------------------------------------------------------------


def test_api_clients(world, flat):
    response = flat(
        world.admin,
        reverse("api:client_list"),
        grow=lambda count: add_clients(world, count),
        ceiling=5,
    )
    body = response.json()
    assert body["count"] == len(body["items"]) == 2 * MANY + 2
    assert all(item["manager_name"] for item in body["items"])


@pytest.mark.parametrize("who", ["a_admin", "manager_a"])
def test_api_legal_entities(world, flat, who):
    response = flat(
        getattr(world, who),
        reverse("api:legal_entity_list"),
        grow=lambda count: add_legal_entities(world, count),
        ceiling=7,
    )
    items = response.json()["items"]
    assert len(items) == MANY + 2
    assert sum(len(item["bank_accounts"]) for item in items) == 2 * MANY + 1


@pytest.mark.parametrize("who", ["a_admin", "manager_a"])
def test_api_contracts(world, flat, who):
    response = flat(
        getattr(world, who),
        reverse("api:contract_list"),
        grow=lambda count: add_contracts(world, count),
        ceiling=6,
    )
    items = response.json()["items"]
    assert len(items) == MANY + 1
    assert all(item["price_type_name"] for item in items)


@pytest.mark.parametrize("who", ["a_admin", "manager_a"])
def test_api_addresses(world, flat, who):
    response = flat(
        getattr(world, who),
        reverse("api:address_list"),
        grow=lambda count: add_addresses(world, count),
        ceiling=6,
    )
    items = response.json()["items"]
    assert len(items) == 2 * MANY + 1
    assert all(item["legal_entity_name"] for item in items)


@pytest.mark.parametrize("who", ["a_buyer", "manager_a"])
def test_api_contacts(world, flat, who):
    response = flat(
        getattr(world, who),
        reverse("api:contact_list"),
        grow=lambda count: add_contacts(world, count),
        ceiling=6,
    )
    body = response.json()
    assert body["count"] == len(body["items"]) == MANY + 1


# --- the back office (Django admin) ----------------------------------------------------------

# each model's changelist: how a row is made (with its own related rows), its ceiling
ADMIN_LISTS = {
    "client": (lambda: ClientFactory(manager=StaffFactory()), 5),
    "legalentity": (LegalEntityFactory, 5),
    "bankaccount": (BankAccountFactory, 6),
    "contract": (ContractFactory, 8),
    "deliveryaddress": (DeliveryAddressFactory, 6),
    "contact": (lambda: ContactFactory(user=MembershipFactory().user), 6),
    "clientmembership": (MembershipFactory, 6),
}


@pytest.mark.parametrize("model", ADMIN_LISTS)
def test_admin_lists(world, flat, model):
    make_row, ceiling = ADMIN_LISTS[model]

    def grow(count):
        for _ in range(count):
            make_row()

    url = reverse(f"admin:clients_{model}_changelist")
    response = flat(world.admin, url, grow=grow, ceiling=ceiling)
    rows = apps.get_model("clients", model).objects.count()
    assert len(response.context["cl"].result_list) == rows >= MANY
