"""Staff pages of client records through HTTP: the list, the card and its tabs, the forms,
the workspace home."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from okno.accounts.tests.factories import StaffFactory
from okno.audit.models import AuditEvent
from okno.clients.models import BankAccount, Client, Contract, LegalEntity
from okno.clients.tests.factories import (
    ClientFactory,
    ContractFactory,
    LegalEntityFactory,
    MembershipFactory,
    PriceTypeFactory,
)
from okno.core.roles import StaffRole

HTMX = {"HTTP_HX_REQUEST": "true"}


def page(client, user, url, **extra):
    client.force_login(user)
    return client.get(url, **extra)


def card_url(world, name="clients:card", **kwargs):
    return reverse(name, kwargs={"pk": world.client_a.pk, **kwargs})


# --- the list --------------------------------------------------------------------------------


def test_a_manager_sees_only_their_clients(world, client):
    response = page(client, world.manager_a, reverse("clients:staff_list"))
    assert response.status_code == 200
    assert "Клиент А" in response.text
    assert "Клиент Б" not in response.text
    assert 'id="client-manager"' not in response.text  # no manager filter for managers


def test_an_administrator_sees_all_and_filters_by_manager(world, client):
    response = page(client, world.admin, reverse("clients:staff_list"))
    assert "Клиент А" in response.text
    assert "Клиент Б" in response.text
    url = reverse("clients:staff_list") + f"?manager={world.manager_b.pk}"
    response = client.get(url)
    assert "Клиент Б" in response.text
    assert "Клиент А" not in response.text


@pytest.mark.parametrize("who", ["operator", "a_admin"])
def test_operators_and_client_people_get_403_on_the_list(world, client, who):
    assert page(client, getattr(world, who), reverse("clients:staff_list")).status_code == 403


def test_search_by_inn_prefix_legal_entity_and_manager_name(world, client):
    client.force_login(world.admin)
    url = reverse("clients:staff_list")
    by_inn = client.get(url, {"q": world.entity_b.inn[:6]})
    assert "Клиент Б" in by_inn.text
    LegalEntity.objects.filter(pk=world.entity_a2.pk).update(name="ООО «Вектор»")
    by_entity = client.get(url, {"q": "вектор"})
    assert "Клиент А" in by_entity.text
    assert "Клиент Б" not in by_entity.text
    by_manager = client.get(url, {"q": "менеджер б"})
    assert "Клиент Б" in by_manager.text
    assert "Клиент А" not in by_manager.text
    nothing = client.get(url, {"q": "нет такого"})
    assert "Никого не нашли" in nothing.text


@pytest.mark.parametrize("term", ["ромашка", "РОМАШКА", "рОМАШКа"])
def test_search_finds_a_cyrillic_client_name_in_any_case(world, client, term):
    ClientFactory(name="«Ромашка»", manager=world.manager_a)
    LegalEntity.objects.update(name="ООО «Вектор»", full_name="")
    client.force_login(world.manager_a)
    response = client.get(reverse("clients:staff_list"), {"q": term})
    assert escape("«Ромашка»") in response.text
    assert "Клиент А" not in response.text


def test_search_with_htmx_answers_the_table_alone(world, client):
    client.force_login(world.manager_a)
    response = client.get(
        reverse("clients:staff_list"), {"q": "Клиент"}, HTTP_HX_TARGET="client-table", **HTMX
    )
    assert "<html" not in response.text
    assert "Клиент А" in response.text


def test_the_list_counts_and_query_count_stay_flat_for_30_clients(
    world, client, django_assert_max_num_queries
):
    for n in range(30):
        other = ClientFactory(name=f"Клиент {n:02d}", manager=world.manager_a)
        entity = LegalEntityFactory(client=other)
        ContractFactory(legal_entity=entity)
        MembershipFactory(client=other)
    client.force_login(world.manager_a)
    url = reverse("clients:staff_list")
    client.get(url)  # warm the session
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
    assert response.text.count('href="/staff/clients/') >= 31
    row = response.text.split("Клиент 00")[1].split("</tr>")[0]
    assert [c.split("<")[0] for c in row.split('class="num">')[1:]] == ["1", "1", "1"]


def test_the_list_pages_by_50(world, client):
    for n in range(55):
        ClientFactory(name=f"Клиент {n:02d}", manager=world.manager_a)
    client.force_login(world.manager_a)
    first = client.get(reverse("clients:staff_list"))
    assert "Страница 1 из 2" in first.text
    second = client.get(reverse("clients:staff_list"), {"page": "2"})
    assert "Клиент А" in second.text or "Клиент 5" in second.text
    assert client.get(reverse("clients:staff_list"), {"page": "x"}).status_code == 200


# --- a new client ------------------------------------------------------------------------------


def test_a_manager_creates_a_client_and_lands_on_its_card(world, client):
    client.force_login(world.manager_a)
    response = client.post(
        reverse("clients:client_new"),
        {"name": "Новый клиент", "kind": "company", "is_active": "on"},
    )
    created = Client.objects.get(name="Новый клиент")
    assert response.status_code == 302
    assert response.url == reverse("clients:card", kwargs={"pk": created.pk})
    assert created.manager == world.manager_a


def test_the_new_client_form_shows_errors_by_field(world, client):
    client.force_login(world.manager_a)
    response = client.post(
        reverse("clients:client_new"), {"name": "", "kind": "company", "phone": "123"}
    )
    assert response.status_code == 200
    assert "Проверьте поля формы" in response.text
    assert "10 цифр после +7" in response.text
    assert "is-invalid" in response.text


# --- the card ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "clients:card",
        "clients:card_overview",
        "clients:card_legal_entities",
        "clients:card_contracts",
        "clients:card_audit",
        "clients:card_hints",
    ],
)
def test_card_tabs_render_whole_and_as_htmx_panes(world, client, name):
    whole = page(client, world.manager_a, card_url(world, name))
    assert whole.status_code == 200
    pane = client.get(card_url(world, name), **HTMX)
    assert pane.status_code == 200
    assert "<html" not in pane.text
    if name != "clients:card_hints":
        assert "<html" in whole.text
        assert 'id="card-tabs"' in whole.text


def test_the_card_opens_a_tab_by_query_without_javascript(world, client):
    response = page(client, world.manager_a, card_url(world) + "?tab=contracts")
    assert response.status_code == 302
    assert response.url == card_url(world, "clients:card_contracts")
    assert client.get(card_url(world) + "?tab=nonsense").status_code == 302


def test_the_card_header_lists_what_is_missing_with_links(world, client):
    response = page(client, world.admin, reverse("clients:card", kwargs={"pk": world.client_b.pk}))
    text = response.text
    assert "В карточке не хватает данных" in text
    assert "нет банковского счёта" in text
    assert "Нет действующего договора" in text
    assert reverse("clients:card_contracts", kwargs={"pk": world.client_b.pk}) in text


def test_the_card_lists_legal_entities_with_bank_accounts_and_contracts(world, client):
    entities = page(client, world.manager_a, card_url(world, "clients:card_legal_entities"))
    assert escape(world.entity_a1.name) in entities.text
    assert world.entity_a1.bank_accounts.get().account in entities.text
    contracts = client.get(card_url(world, "clients:card_contracts"))
    assert world.contract_a1.number in contracts.text


def test_a_supervisor_reads_the_card_but_may_not_edit(world, client):
    supervisor = StaffFactory(staff_role=StaffRole.SUPERVISOR, manager_code=None)
    response = page(client, supervisor, card_url(world, "clients:card_overview"))
    assert response.status_code == 200
    assert "<form" not in response.text.split('id="card-pane"')[1].split("<footer")[0]
    refused = client.post(card_url(world, "clients:card_overview"), {"name": "Взлом"})
    assert refused.status_code == 403
    edit = reverse("clients:legal_entity_edit", kwargs={"pk": world.entity_a1.pk})
    assert client.get(edit).status_code == 403


def test_a_client_person_gets_403_on_their_own_card(world, client):
    assert page(client, world.a_admin, card_url(world)).status_code == 403


# --- forms in the card ------------------------------------------------------------------------


ENTITY = {
    "kind": "ooo",
    "name": 'ПАО "Сбербанк"',
    "inn": "7707083893",
    "kpp": "773601001",
    "ogrn": "1027700132195",
    "is_active": "on",
}


def test_adding_a_legal_entity_without_js_redirects_to_the_tab(world, client):
    client.force_login(world.manager_a)
    response = client.post(card_url(world, "clients:legal_entity_new"), ENTITY)
    assert response.status_code == 302
    assert response.url == card_url(world, "clients:card_legal_entities")
    assert LegalEntity.objects.filter(inn="7707083893", client=world.client_a).exists()
    assert "Юрлицо добавлено" in client.get(response.url).text


def test_adding_a_legal_entity_with_htmx_answers_the_tab_at_its_url(world, client):
    client.force_login(world.manager_a)
    response = client.post(card_url(world, "clients:legal_entity_new"), ENTITY, **HTMX)
    assert response.status_code == 200
    assert response["HX-Push-Url"] == card_url(world, "clients:card_legal_entities")
    assert "Юрлицо добавлено" in response.text
    assert escape('ПАО "Сбербанк"') in response.text


def test_every_wrong_requisite_is_shown_next_to_its_field(world, client):
    client.force_login(world.manager_a)
    bad = {**ENTITY, "inn": "1234567895", "kpp": "12", "ogrn": "1027700132196"}
    response = client.post(card_url(world, "clients:legal_entity_new"), bad, **HTMX)
    assert response.status_code == 200
    text = response.text
    assert "ИНН не прошёл проверку контрольных цифр" in text
    assert "КПП состоит из 9 знаков" in text
    assert "ОГРН не прошёл проверку контрольной цифры" in text
    assert text.count("invalid-feedback") == 3
    assert not LegalEntity.objects.filter(name=ENTITY["name"]).exists()


def test_a_duplicate_inn_is_explained_on_the_inn_field(world, client):
    client.force_login(world.manager_a)
    client.post(card_url(world, "clients:legal_entity_new"), ENTITY)
    response = client.post(card_url(world, "clients:legal_entity_new"), ENTITY, **HTMX)
    assert "уже есть" in response.text
    assert "Клиент А" in response.text


def test_editing_a_1c_legal_entity_marks_the_fields_from_1c(world, client):
    LegalEntity.objects.filter(pk=world.entity_a1.pk).update(external_id="1c-42")
    url = reverse("clients:legal_entity_edit", kwargs={"pk": world.entity_a1.pk})
    response = page(client, world.manager_a, url)
    assert response.text.count("из 1С") >= 5
    data = {
        "kind": "ooo",
        "name": "ООО «Переименовано»",
        "inn": world.entity_a1.inn,
        "kpp": world.entity_a1.kpp,
        "ogrn": world.entity_a1.ogrn,
        "is_active": "on",
    }
    assert client.post(url, data).status_code == 302
    event = AuditEvent.objects.get(action="legal_entity.updated")
    assert event.changes["name"][1] == "ООО «Переименовано»"


def test_bank_accounts_are_added_checked_and_removed(world, client):
    client.force_login(world.manager_a)
    url = reverse("clients:bank_account_new", kwargs={"pk": world.entity_a2.pk})
    wrong = {
        "bank_name": "Сбербанк",
        "bik": "044525225",
        "corr_account": "30101810400000000225",
        "account": "40702810938000000002",
    }
    refused = client.post(url, wrong, **HTMX)
    assert "не соответствует БИК" in refused.text
    right = {**wrong, "account": "40702810938000000001"}
    assert client.post(url, right).status_code == 302
    account = BankAccount.objects.get(legal_entity=world.entity_a2)
    assert account.is_primary
    delete = reverse("clients:bank_account_delete", kwargs={"pk": account.pk})
    assert client.get(delete).status_code == 405
    response = client.post(delete, **HTMX)
    assert response.status_code == 200
    assert "Счёт удалён" in response.text
    assert not BankAccount.objects.filter(pk=account.pk).exists()


def test_contracts_are_added_and_edited_with_errors_by_field(world, client):
    client.force_login(world.manager_a)
    price_type = PriceTypeFactory()
    data = {
        "legal_entity": world.entity_a2.pk,
        "number": "Д-2026/5",
        "date": "2026-03-01",
        "valid_until": "2026-02-01",
        "currency": "RUB",
        "price_type": price_type.pk,
        "discount_percent": "7,5",
        "payment_deferral_days": "30",
        "credit_limit": "250000",
        "credit_mode": "warn",
        "is_active": "on",
    }
    url = card_url(world, "clients:contract_new")
    refused = client.post(url, data, **HTMX)
    assert "не может быть раньше даты договора" in refused.text
    assert client.post(url, {**data, "valid_until": ""}).status_code == 302
    contract = Contract.objects.get(number="Д-2026/5")
    assert str(contract.discount_percent) == "7.50"
    edit = reverse("clients:contract_edit", kwargs={"pk": contract.pk})
    data.pop("legal_entity")
    wrong = client.post(edit, {**data, "valid_until": "", "discount_percent": "100"}, **HTMX)
    assert 'href="#id_discount_percent">Скидка, %</a>:' in wrong.text
    assert "is-invalid" in wrong.text
    assert (
        client.post(edit, {**data, "valid_until": "", "payment_deferral_days": "45"}).status_code
        == 302
    )
    contract.refresh_from_db()
    assert contract.payment_deferral_days == 45


def test_a_contract_of_another_client_cannot_be_chosen(world, client):
    client.force_login(world.manager_a)
    data = {"legal_entity": world.entity_b.pk, "number": "X", "date": "2026-01-01"}
    response = client.post(card_url(world, "clients:contract_new"), data, **HTMX)
    assert response.status_code == 200
    assert not Contract.objects.filter(number="X").exists()


def test_the_history_tab_shows_who_changed_what(world, client):
    client.force_login(world.manager_a)
    client.post(
        card_url(world, "clients:card_overview"),
        {"name": "Клиент А2", "kind": "company", "is_active": "on"},
    )
    response = client.get(card_url(world, "clients:card_audit"))
    assert "Карточка клиента изменена" in response.text
    assert "Клиент А" in response.text
    assert "Клиент А2" in response.text
    assert "→" in response.text
    assert str(world.manager_a) in response.text


def test_the_overview_form_keeps_errors_and_values(world, client):
    client.force_login(world.manager_a)
    response = client.post(
        card_url(world, "clients:card_overview"),
        {"name": "Клиент А", "kind": "company", "email": "плохой"},
        **HTMX,
    )
    assert response.status_code == 200
    assert "is-invalid" in response.text
    world.client_a.refresh_from_db()
    assert world.client_a.email == ""


# --- the workspace home --------------------------------------------------------------------------


def test_a_managers_home_shows_their_code_clients_and_gaps(world, client):
    response = page(client, world.manager_a, reverse("clients:staff_home"))
    assert response.status_code == 200
    assert world.manager_a.manager_code in response.text
    assert "Мои активные клиенты" in response.text
    assert "Клиент А" in response.text  # entity_a2 has no bank account: a gap
    assert "Клиент Б" not in response.text


def test_an_administrators_home_shows_real_counts(world, client):
    response = page(client, world.admin, reverse("clients:staff_home"))
    assert "Клиентов" in response.text
    assert reverse("audit:list") in response.text


@pytest.mark.parametrize("role", [StaffRole.OPERATOR, StaffRole.SUPERVISOR])
def test_the_claims_desk_has_its_place(world, client, role):
    user = StaffFactory(staff_role=role, manager_code=None)
    response = page(client, user, reverse("clients:staff_home"))
    assert "Очередь претензий" in response.text
    has_list_link = reverse("clients:staff_list") + '"' in response.text.split("<main")[1]
    assert has_list_link == (role == StaffRole.SUPERVISOR)


def test_client_people_have_no_staff_home(world, client):
    assert page(client, world.a_buyer, reverse("clients:staff_home")).status_code == 403


def test_the_1c_exchange_account_is_told_it_has_no_workspace(world, client):
    exchange = StaffFactory(staff_role=StaffRole.INTEGRATION, manager_code=None)
    client.force_login(exchange)
    response = client.get(reverse("core:home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("clients:staff_home")
    assert "Эта учётная запись — только для обмена данными с 1С" in response.text
    assert "Рабочего стола у неё нет" in response.text
    # no way into pages it is refused: neither the client list nor anything of the claims desk
    assert reverse("clients:staff_list") not in response.text
    assert "Очередь претензий" not in response.text
    assert page(client, exchange, reverse("clients:staff_list")).status_code == 403


def test_the_1c_exchange_account_reads_it_in_english_too(world, client):
    client.force_login(StaffFactory(staff_role=StaffRole.INTEGRATION, manager_code=None))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get(reverse("clients:staff_home"))
    assert response["Content-Language"] == "en"
    assert "only for the data exchange with 1C" in response.text
    assert "Эта учётная запись" not in response.text
