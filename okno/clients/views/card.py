"""The staff client card's shell, shared by every tab page.

Each tab has its own URL. With HTMX a tab's page answers with the tab's content alone,
swapped into the card's pane; without JavaScript it answers with the whole card
(`clients/staff/card/card.html`) with that tab open. Tab pages of other modules use the
same shell by extending that template and filling its `panel` block.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_htmx.http import push_url

from okno.clients.models import Client
from okno.core.actor import Actor
from okno.core.errors import DomainError, NotAllowed
from okno.core.roles import Perm
from okno.core.scoping import get_visible_and_allowed
from okno.core.views import form_error_from

# key, label, URL name of the tab's page, how the URL names of its pages and forms begin
CARD_TABS = (
    ("overview", gettext_lazy("Обзор"), "clients:card_overview", ("card_overview",)),
    (
        "legal_entities",
        gettext_lazy("Юрлица"),
        "clients:card_legal_entities",
        ("card_legal_entities", "legal_entity_", "bank_account_"),
    ),
    (
        "contracts",
        gettext_lazy("Договоры"),
        "clients:card_contracts",
        ("card_contract", "contract_"),
    ),
    ("addresses", gettext_lazy("Адреса"), "clients:card_addresses", ("card_address",)),
    ("contacts", gettext_lazy("Контакты"), "clients:card_contacts", ("card_contact",)),
    (
        "people",
        gettext_lazy("Люди и доступ"),
        "clients:card_people",
        ("card_people", "card_person"),
    ),
    ("audit", gettext_lazy("История"), "clients:card_audit", ("card_audit",)),
)
TAB_URL_NAMES = {key: url_name for key, _label, url_name, _prefixes in CARD_TABS}


def require_clients_view(actor: Actor) -> None:
    """Staff who work with clients (managers, supervisors, administrators); else 403."""
    if not actor.is_staff or not (
        actor.can(Perm.CLIENTS_MANAGE) or actor.can(Perm.CLIENTS_VIEW_ALL)
    ):
        raise PermissionDenied(_("Раздел клиентов недоступен для вашей роли."))


def require_clients_manage(actor: Actor) -> None:
    """Staff who may change client records (`clients.manage`); else 403."""
    require_clients_view(actor)
    if not actor.can(Perm.CLIENTS_MANAGE):
        raise PermissionDenied(_("Изменять данные клиентов ваша роль не может."))


def card_object(request, rows, pk, *, manage: bool = False):
    """An object of the card (from `rows`) if the actor sees it, else 404; only then the
    role check: working with clients, or changing them when `manage` (403)."""
    require = require_clients_manage if manage else require_clients_view
    return get_visible_and_allowed(rows, request.actor, require=require, pk=pk)


def card_client(request, pk, *, manage: bool = False) -> Client:
    """The card's client with its manager; see `card_object`."""
    return card_object(request, Client.objects.select_related("manager"), pk, manage=manage)


def card_tabs(client: Client) -> list[dict]:
    """The card's tabs with their URLs."""
    return [
        {"key": key, "label": label, "url": reverse(url_name, kwargs={"pk": client.pk})}
        for key, label, url_name, _prefixes in CARD_TABS
    ]


def tab_of(url_name: str | None) -> str:
    """Which tab a page of the card belongs to, by its URL name."""
    for key, _label, _url_name, prefixes in CARD_TABS:
        if url_name and url_name.startswith(prefixes):
            return key
    return "overview"


def tab_url(client: Client, tab: str) -> str:
    """The URL of one tab of the client's card."""
    return reverse(TAB_URL_NAMES[tab], kwargs={"pk": client.pk})


def card_response(request, *, client: Client, tab: str, template_name: str, context=None):
    """One tab of the card: its content alone for HTMX, else the whole card with it open."""
    context = {
        "client": client,
        "tab": tab,
        "can_manage": request.actor.can(Perm.CLIENTS_MANAGE),
        **(context or {}),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, template_name, context)
    return render(
        request, "clients/staff/card/card.html", {**context, "tab_template": template_name}
    )


def tab_saved(request, *, client: Client, tab: str, message: str, show_tab):
    """After a change, back to the tab: a redirect to its page without JS (the message
    shown there), or with HTMX the tab itself, `show_tab(notice=...)`, at the tab's URL."""
    url = tab_url(client, tab)
    if not request.htmx:
        messages.success(request, message)
        return redirect(url)
    return push_url(show_tab(notice=message), url)


def save_form(request, form, service, **target):
    """Run a service with the form's values; a refusal lands on the field it names, and a
    refusal of the action as a whole is a 403."""
    try:
        return service(actor=request.actor, request=request, **target, **form.cleaned_data)
    except NotAllowed as error:
        if not error.field:
            raise PermissionDenied(error.message) from error
        form_error_from(form, error)
    except DomainError as error:
        form_error_from(form, error)
    return None
