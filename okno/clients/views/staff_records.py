"""The client card's legal entities tab (with bank accounts) and contracts tab, and their forms.

Each form opens in the tab pane (HTMX) or as the card's page (without JS), posts back to
its own URL and shows the tab again once saved; errors stay next to their fields.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from okno.clients.forms.records import BankAccountForm, ContractForm, LegalEntityForm
from okno.clients.models import BankAccount, Client, Contract, LegalEntity
from okno.clients.selectors.records import client_contracts, client_legal_entities
from okno.clients.services.records import (
    BANK_ACCOUNT_FIELDS,
    CONTRACT_FIELDS,
    LEGAL_ENTITY_FIELDS,
    bank_account_create,
    bank_account_delete,
    bank_account_update,
    contract_create,
    contract_update,
    legal_entity_create,
    legal_entity_default_kind,
    legal_entity_update,
)
from okno.clients.views.card import (
    card_client,
    card_object,
    card_response,
    save_form,
    tab_saved,
)
from okno.core.errors import NotAllowed

TEMPLATES = "clients/staff/card/"
# What each tab lists; the template of a tab and its list are both named by its key.
_TAB_ROWS = {"legal_entities": client_legal_entities, "contracts": client_contracts}


def _tab(request, client: Client, tab: str, notice: str = ""):
    rows = _TAB_ROWS[tab](actor=request.actor, client=client)
    return card_response(
        request,
        client=client,
        tab=tab,
        template_name=f"{TEMPLATES}{tab}.html",
        context={tab: rows, "notice": notice},
    )


def _back_to_tab(request, client: Client, tab: str, message: str):
    return tab_saved(
        request,
        client=client,
        tab=tab,
        message=message,
        show_tab=lambda notice: _tab(request, client, tab, notice),
    )


def _saved(request, form, service, **target) -> bool:
    """Whether a valid POST was saved by the service; a refusal lands on the form's fields."""
    if request.method != "POST" or not form.is_valid():
        return False
    return save_form(request, form, service, **target) is not None


def _form_in_tab(request, form, client: Client, tab: str, template: str, **context):
    context = {"form": form, **context}
    return card_response(
        request, client=client, tab=tab, template_name=TEMPLATES + template, context=context
    )


def _initial(instance, fields) -> dict:
    return {name: getattr(instance, name) for name in fields}


def _legal_entity(request, pk) -> LegalEntity:
    rows = LegalEntity.objects.select_related("client__manager")
    return card_object(request, rows, pk, manage=True)


def _bank_account(request, pk) -> BankAccount:
    rows = BankAccount.objects.select_related("legal_entity__client__manager")
    return card_object(request, rows, pk, manage=True)


# --- legal entities and bank accounts -------------------------------------------------------


@login_required
def card_legal_entities(request, pk):
    """The legal entities tab: the client's legal entities with their bank accounts."""
    return _tab(request, card_client(request, pk), "legal_entities")


@login_required
@require_http_methods(["GET", "POST"])
def legal_entity_new(request, pk):
    """A new legal entity of the client; its kind defaults to ООО (a person for an individual)."""
    client = card_client(request, pk, manage=True)
    initial = {"kind": legal_entity_default_kind(client), "is_active": True}
    form = LegalEntityForm(request.POST or None, initial=initial)
    if _saved(request, form, legal_entity_create, client=client):
        return _back_to_tab(request, client, "legal_entities", _("Юрлицо добавлено."))
    return _form_in_tab(request, form, client, "legal_entities", "legal_entity_form.html")


@login_required
@require_http_methods(["GET", "POST"])
def legal_entity_edit(request, pk):
    """Change a legal entity; its requisites are checked again as its kind requires."""
    entity = _legal_entity(request, pk)
    form = LegalEntityForm(
        request.POST or None,
        initial=_initial(entity, LEGAL_ENTITY_FIELDS),
        from_1c=bool(entity.external_id),
    )
    if _saved(request, form, legal_entity_update, legal_entity=entity):
        return _back_to_tab(request, entity.client, "legal_entities", _("Юрлицо сохранено."))
    return _form_in_tab(
        request,
        form,
        entity.client,
        "legal_entities",
        "legal_entity_form.html",
        legal_entity=entity,
    )


@login_required
@require_http_methods(["GET", "POST"])
def bank_account_new(request, pk):
    """A new bank account of a legal entity; the first one is primary."""
    entity = _legal_entity(request, pk)
    initial = {"is_primary": not entity.bank_accounts.exists()}
    form = BankAccountForm(request.POST or None, initial=initial)
    if _saved(request, form, bank_account_create, legal_entity=entity):
        return _back_to_tab(request, entity.client, "legal_entities", _("Счёт добавлен."))
    return _form_in_tab(
        request,
        form,
        entity.client,
        "legal_entities",
        "bank_account_form.html",
        legal_entity=entity,
    )


@login_required
@require_http_methods(["GET", "POST"])
def bank_account_edit(request, pk):
    """Change a bank account; the БИК and both accounts are checked against each other."""
    account = _bank_account(request, pk)
    entity = account.legal_entity
    form = BankAccountForm(
        request.POST or None,
        initial=_initial(account, BANK_ACCOUNT_FIELDS),
        from_1c=bool(entity.external_id),
    )
    if _saved(request, form, bank_account_update, bank_account=account):
        return _back_to_tab(request, entity.client, "legal_entities", _("Счёт сохранён."))
    return _form_in_tab(
        request,
        form,
        entity.client,
        "legal_entities",
        "bank_account_form.html",
        legal_entity=entity,
        bank_account=account,
    )


@login_required
@require_POST
def bank_account_remove(request, pk):
    """Remove a bank account; if it was primary, the oldest remaining one becomes primary."""
    account = _bank_account(request, pk)
    try:
        bank_account_delete(actor=request.actor, bank_account=account, request=request)
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error
    return _back_to_tab(request, account.legal_entity.client, "legal_entities", _("Счёт удалён."))


# --- contracts -----------------------------------------------------------------------------


@login_required
def card_contracts(request, pk):
    """The contracts tab: the client's contracts with their terms."""
    return _tab(request, card_client(request, pk), "contracts")


@login_required
@require_http_methods(["GET", "POST"])
def contract_new(request, pk):
    """A new contract; the form's `legal_entity` goes to the service as the one it is for."""
    client = card_client(request, pk, manage=True)
    entities = LegalEntity.objects.visible_to(request.actor).filter(client=client, is_active=True)
    form = ContractForm(request.POST or None, legal_entities=entities.order_by("name"))
    if _saved(request, form, contract_create):
        return _back_to_tab(request, client, "contracts", _("Договор добавлен."))
    return _form_in_tab(request, form, client, "contracts", "contract_form.html")


@login_required
@require_http_methods(["GET", "POST"])
def contract_edit(request, pk):
    """Change a contract's number, dates or terms."""
    rows = Contract.objects.select_related("legal_entity__client__manager", "price_type")
    contract = card_object(request, rows, pk, manage=True)
    client = contract.legal_entity.client
    form = ContractForm(
        request.POST or None,
        initial=_initial(contract, CONTRACT_FIELDS),
        from_1c=bool(contract.external_id),
    )
    if _saved(request, form, contract_update, contract=contract):
        return _back_to_tab(request, client, "contracts", _("Договор сохранён."))
    return _form_in_tab(request, form, client, "contracts", "contract_form.html", contract=contract)
