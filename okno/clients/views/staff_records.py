"""The client card's legal entities tab (with bank accounts) and contracts tab, and their forms.

Each form opens in the tab pane (HTMX) or as the card's page (without JS), posts back to
its own URL and shows the tab again once saved; errors stay next to their fields.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from okno.clients.forms.records import (
    BANK_ACCOUNT_FROM_1C,
    CONTRACT_FROM_1C,
    LEGAL_ENTITY_FROM_1C,
    BankAccountForm,
    ContractForm,
    LegalEntityForm,
)
from okno.clients.models import BankAccount, Client, Contract, LegalEntity
from okno.clients.selectors.records import client_card, client_contracts, client_legal_entities
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
    legal_entity_update,
)
from okno.clients.views.card import (
    card_response,
    require_clients_manage,
    require_clients_view,
    save_form,
    tab_saved,
)
from okno.core.errors import NotAllowed
from okno.core.scoping import get_visible_or_404

TEMPLATES = "clients/staff/card/"


def _initial(instance, fields) -> dict:
    return {name: getattr(instance, name) for name in fields}


# --- legal entities and bank accounts -------------------------------------------------------


def _legal_entities_tab(request, client: Client, notice: str = ""):
    return card_response(
        request,
        client=client,
        tab="legal_entities",
        template_name=TEMPLATES + "legal_entities.html",
        context={
            "legal_entities": client_legal_entities(actor=request.actor, client=client),
            "notice": notice,
        },
    )


def _legal_entity_saved(request, client: Client, message: str):
    return tab_saved(
        request,
        client=client,
        tab="legal_entities",
        message=message,
        show_tab=lambda notice: _legal_entities_tab(request, client, notice),
    )


def _form_page(request, client: Client, tab: str, template: str, **context):
    return card_response(
        request, client=client, tab=tab, template_name=TEMPLATES + template, context=context
    )


@login_required
def card_legal_entities(request, pk):
    client = client_card(actor=request.actor, pk=pk)
    require_clients_view(request.actor)
    return _legal_entities_tab(request, client)


@login_required
@require_http_methods(["GET", "POST"])
def legal_entity_new(request, pk):
    client = client_card(actor=request.actor, pk=pk)
    require_clients_manage(request.actor)
    kind = (
        LegalEntity.Kind.PERSON if client.kind == Client.Kind.INDIVIDUAL else LegalEntity.Kind.OOO
    )
    form = LegalEntityForm(request.POST or None, initial={"kind": kind, "is_active": True})
    if (
        request.method == "POST"
        and form.is_valid()
        and save_form(request, form, legal_entity_create, client=client)
    ):
        return _legal_entity_saved(request, client, _("Юрлицо добавлено."))
    return _form_page(request, client, "legal_entities", "legal_entity_form.html", form=form)


@login_required
@require_http_methods(["GET", "POST"])
def legal_entity_edit(request, pk):
    entity = get_visible_or_404(
        LegalEntity.objects.select_related("client__manager"), request.actor, pk=pk
    )
    require_clients_manage(request.actor)
    form = LegalEntityForm(
        request.POST or None,
        initial=_initial(entity, LEGAL_ENTITY_FIELDS),
        from_1c=LEGAL_ENTITY_FROM_1C if entity.external_id else frozenset(),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and save_form(request, form, legal_entity_update, legal_entity=entity)
    ):
        return _legal_entity_saved(request, entity.client, _("Юрлицо сохранено."))
    return _form_page(
        request,
        entity.client,
        "legal_entities",
        "legal_entity_form.html",
        form=form,
        legal_entity=entity,
    )


@login_required
@require_http_methods(["GET", "POST"])
def bank_account_new(request, pk):
    entity = get_visible_or_404(
        LegalEntity.objects.select_related("client__manager"), request.actor, pk=pk
    )
    require_clients_manage(request.actor)
    form = BankAccountForm(
        request.POST or None,
        initial={"is_primary": not entity.bank_accounts.exists()},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and save_form(request, form, bank_account_create, legal_entity=entity)
    ):
        return _legal_entity_saved(request, entity.client, _("Счёт добавлен."))
    return _form_page(
        request,
        entity.client,
        "legal_entities",
        "bank_account_form.html",
        form=form,
        legal_entity=entity,
    )


def _bank_account(request, pk) -> BankAccount:
    return get_visible_or_404(
        BankAccount.objects.select_related("legal_entity__client__manager"), request.actor, pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def bank_account_edit(request, pk):
    account = _bank_account(request, pk)
    require_clients_manage(request.actor)
    entity = account.legal_entity
    form = BankAccountForm(
        request.POST or None,
        initial=_initial(account, BANK_ACCOUNT_FIELDS),
        from_1c=BANK_ACCOUNT_FROM_1C if entity.external_id else frozenset(),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and save_form(request, form, bank_account_update, bank_account=account)
    ):
        return _legal_entity_saved(request, entity.client, _("Счёт сохранён."))
    return _form_page(
        request,
        entity.client,
        "legal_entities",
        "bank_account_form.html",
        form=form,
        legal_entity=entity,
        bank_account=account,
    )


@login_required
@require_POST
def bank_account_remove(request, pk):
    account = _bank_account(request, pk)
    require_clients_manage(request.actor)
    client = account.legal_entity.client
    try:
        bank_account_delete(actor=request.actor, bank_account=account, request=request)
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error
    return _legal_entity_saved(request, client, _("Счёт удалён."))


# --- contracts -----------------------------------------------------------------------------


def _contracts_tab(request, client: Client, notice: str = ""):
    return card_response(
        request,
        client=client,
        tab="contracts",
        template_name=TEMPLATES + "contracts.html",
        context={
            "contracts": client_contracts(actor=request.actor, client=client),
            "notice": notice,
        },
    )


def _contract_saved(request, client: Client, message: str):
    return tab_saved(
        request,
        client=client,
        tab="contracts",
        message=message,
        show_tab=lambda notice: _contracts_tab(request, client, notice),
    )


@login_required
def card_contracts(request, pk):
    client = client_card(actor=request.actor, pk=pk)
    require_clients_view(request.actor)
    return _contracts_tab(request, client)


@login_required
@require_http_methods(["GET", "POST"])
def contract_new(request, pk):
    client = client_card(actor=request.actor, pk=pk)
    require_clients_manage(request.actor)
    entities = LegalEntity.objects.visible_to(request.actor).filter(client=client, is_active=True)
    form = ContractForm(request.POST or None, legal_entities=entities.order_by("name"))
    if request.method == "POST" and form.is_valid():
        legal_entity = form.cleaned_data.pop("legal_entity")
        if save_form(request, form, contract_create, legal_entity=legal_entity):
            return _contract_saved(request, client, _("Договор добавлен."))
    return _form_page(request, client, "contracts", "contract_form.html", form=form)


@login_required
@require_http_methods(["GET", "POST"])
def contract_edit(request, pk):
    contract = get_visible_or_404(
        Contract.objects.select_related("legal_entity__client__manager", "price_type"),
        request.actor,
        pk=pk,
    )
    require_clients_manage(request.actor)
    form = ContractForm(
        request.POST or None,
        initial=_initial(contract, CONTRACT_FIELDS),
        from_1c=CONTRACT_FROM_1C if contract.external_id else frozenset(),
    )
    client = contract.legal_entity.client
    if (
        request.method == "POST"
        and form.is_valid()
        and save_form(request, form, contract_update, contract=contract)
    ):
        return _contract_saved(request, client, _("Договор сохранён."))
    return _form_page(
        request, client, "contracts", "contract_form.html", form=form, contract=contract
    )
