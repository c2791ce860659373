"""Cross-client cases for every route of the clients app that takes an object id.

Staff routes are owned by client A's manager, cabinet and API routes by client A's
admin. The forms carry valid data, so a refusal cannot hide behind a form error.
"""

from okno.core.testing.access import AccessCase, ExemptRoute

try:
    from okno.clients.tests.access_cases_people import CASES as PEOPLE_CASES
except ImportError:
    PEOPLE_CASES = []


def _client(w):
    return {"pk": w.client_a.pk}


def _entity(w):
    return {"pk": w.entity_a1.pk}


def _bank_account(w):
    return {"pk": w.entity_a1.bank_accounts.order_by("pk").first().pk}


def _contract(w):
    return {"pk": w.contract_a1.pk}


_CLIENT_FORM = {"name": "Клиент А (переименован)", "kind": "company", "is_active": "on"}
_ENTITY_FORM = {
    "kind": "ooo",
    "name": 'ООО "Сбер"',
    "inn": "7707083893",
    "kpp": "773601001",
    "ogrn": "1027700132195",
}
_BANK_FORM = {
    "bank_name": 'ПАО "Сбербанк"',
    "bik": "044525225",
    "corr_account": "30101810400000000225",
    "account": "40702810938000000001",
}
_CONTRACT_FORM = {
    "number": "Д-77",
    "date": "2026-02-01",
    "currency": "RUB",
    "discount_percent": "5",
    "payment_deferral_days": "10",
    "credit_limit": "100000",
    "credit_mode": "block",
    "is_active": "on",
}
_FORM = ("GET", "POST")

RECORDS_CASES = [
    AccessCase("clients:card", _client, owner="manager_a"),
    AccessCase(
        "clients:card_overview", _client, owner="manager_a", methods=_FORM, data=_CLIENT_FORM
    ),
    AccessCase("clients:card_audit", _client, owner="manager_a"),
    AccessCase("clients:card_hints", _client, owner="manager_a"),
    AccessCase("clients:card_legal_entities", _client, owner="manager_a"),
    AccessCase("clients:card_contracts", _client, owner="manager_a"),
    AccessCase(
        "clients:legal_entity_new", _client, owner="manager_a", methods=_FORM, data=_ENTITY_FORM
    ),
    AccessCase(
        "clients:legal_entity_edit", _entity, owner="manager_a", methods=_FORM, data=_ENTITY_FORM
    ),
    AccessCase(
        "clients:bank_account_new", _entity, owner="manager_a", methods=_FORM, data=_BANK_FORM
    ),
    AccessCase(
        "clients:bank_account_edit",
        _bank_account,
        owner="manager_a",
        methods=_FORM,
        data=_BANK_FORM,
    ),
    AccessCase("clients:bank_account_delete", _bank_account, owner="manager_a", methods=("POST",)),
    AccessCase(
        "clients:contract_new",
        _client,
        owner="manager_a",
        methods=_FORM,
        data={**_CONTRACT_FORM, "legal_entity": ""},
    ),
    AccessCase(
        "clients:contract_edit", _contract, owner="manager_a", methods=_FORM, data=_CONTRACT_FORM
    ),
    AccessCase("api:client_detail", lambda w: {"client_id": w.client_a.pk}, owner="manager_a"),
    AccessCase(
        "api:legal_entity_detail",
        lambda w: {"legal_entity_id": w.entity_a1.pk},
        data={"name": "Другое имя"},
    ),
    AccessCase(
        "api:legal_entity_update",
        lambda w: {"legal_entity_id": w.entity_a1.pk},
        data={"name": "Другое имя"},
    ),
    AccessCase(
        "api:contract_detail", lambda w: {"contract_id": w.contract_a1.pk}, data={"number": "X-1"}
    ),
    AccessCase(
        "api:contract_update", lambda w: {"contract_id": w.contract_a1.pk}, data={"number": "X-1"}
    ),
]

CASES = [*RECORDS_CASES, *PEOPLE_CASES]
EXEMPT: list[ExemptRoute] = []
