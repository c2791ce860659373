"""Staff pages of client records: the client list, a new client, the client card and its
overview and history tabs, and the staff workspace home.

Every page with an id looks the object up with `get_visible_or_404` before any role
check, so another manager's client is a 404, exactly like a missing one.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from okno.accounts.models import User
from okno.clients.forms.records import ClientForm
from okno.clients.models import Client
from okno.clients.selectors.dashboards import admin_dashboard, manager_dashboard
from okno.clients.selectors.history import client_history, describe
from okno.clients.selectors.records import client_list
from okno.clients.services.records import client_create, client_update
from okno.clients.services.records.clients import MANAGER_ROLES
from okno.clients.templatetags.client_card import hint_links
from okno.clients.views.card import (
    TAB_URL_NAMES,
    card_client,
    card_response,
    card_tabs,
    require_clients_manage,
    require_clients_view,
    save_form,
    tab_saved,
)
from okno.core.actor import Actor
from okno.core.phone import format_phone
from okno.core.roles import Perm, StaffRole
from okno.core.schemas import MAX_ID, search_term

LIST_PAGE_SIZE = 50
HISTORY_PAGE_SIZE = 25


# --- the list and a new client -------------------------------------------------------------


def _manager_id(raw: str | None) -> int | None:
    """The manager filter as an id; anything a stored id cannot be means no filter."""
    # isdigit() alone lets through «²» and other digits int() refuses
    if not raw or not raw.isascii() or not raw.isdigit():
        return None
    manager_id = int(raw)
    return manager_id if 1 <= manager_id <= MAX_ID else None


@login_required
def staff_list(request):
    """Clients the actor sees, searchable by name, ИНН, legal entity and manager; 50 a page."""
    actor = request.actor
    require_clients_view(actor)
    search = search_term(request.GET.get("q"))
    manager_id = (
        _manager_id(request.GET.get("manager")) if actor.can(Perm.CLIENTS_VIEW_ALL) else None
    )
    clients = client_list(actor=actor, search=search, manager_id=manager_id)
    page = Paginator(clients, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "search": search,
        "manager_id": manager_id,
        "managers": _manager_choices(actor),
        "show_manager": actor.can(Perm.CLIENTS_VIEW_ALL),
        "can_manage": actor.can(Perm.CLIENTS_MANAGE),
        "query": _query_without_page(request),
    }
    if request.htmx and request.htmx.target == "client-table":
        return render(request, "clients/staff/_list_table.html", context)
    return render(request, "clients/staff/list.html", context)


def _manager_choices(actor: Actor) -> list[User]:
    if not actor.can(Perm.CLIENTS_VIEW_ALL):
        return []
    return list(User.objects.filter(staff_role__in=MANAGER_ROLES).order_by("full_name"))


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_http_methods(["GET", "POST"])
def client_new(request):
    """A new client; the card opens on it once created."""
    actor = request.actor
    require_clients_manage(actor)
    chooses = actor.can(Perm.CLIENTS_VIEW_ALL)
    initial = {"kind": Client.Kind.COMPANY, "is_active": True}
    if actor.staff_role == StaffRole.MANAGER:
        initial["manager"] = actor.user
    form = ClientForm(request.POST or None, initial=initial, may_choose_manager=chooses)
    if request.method == "POST" and form.is_valid():
        client = save_form(request, form, client_create)
        if client is not None:
            messages.success(request, _("Клиент «%(name)s» создан.") % {"name": client.name})
            return redirect("clients:card", pk=client.pk)
    return render(request, "clients/staff/client_new.html", {"form": form})


# --- the card and its overview and history tabs -----------------------------------------


@login_required
def card(request, pk):
    """The client card; `?tab=` opens a tab (so the card works without JavaScript too)."""
    client = card_client(request, pk)
    tab = request.GET.get("tab", "overview")
    if tab == "overview":
        return _overview(request, client)
    if tab in TAB_URL_NAMES:
        return redirect(TAB_URL_NAMES[tab], pk=client.pk)
    return redirect("clients:card", pk=client.pk)


def _client_form(request, client: Client, data) -> ClientForm:
    initial = {name: getattr(client, name) for name in ClientForm.base_fields}
    initial["phone"] = format_phone(client.phone)
    return ClientForm(
        data,
        initial=initial,
        may_choose_manager=request.actor.can(Perm.CLIENTS_VIEW_ALL),
        from_1c=bool(client.external_id),
    )


def _overview(request, client: Client, form: ClientForm | None = None, notice: str = ""):
    return card_response(
        request,
        client=client,
        tab="overview",
        template_name="clients/staff/card/overview.html",
        context={"form": form or _client_form(request, client, data=None), "notice": notice},
    )


@login_required
@require_http_methods(["GET", "POST"])
def card_overview(request, pk):
    """The overview tab: the client's card, editable by those who manage clients."""
    client = card_client(request, pk)
    if request.method == "GET":
        return _overview(request, client)
    require_clients_manage(request.actor)
    form = _client_form(request, client, data=request.POST)
    if form.is_valid() and save_form(request, form, client_update, client=client):
        return tab_saved(
            request,
            client=client,
            tab="overview",
            message=_("Карточка клиента сохранена."),
            show_tab=lambda notice: _overview(request, client, notice=notice),
        )
    return _overview(request, client, form)


@login_required
def card_audit(request, pk):
    """The history tab: who changed what and when, newest first, 25 a page."""
    client = card_client(request, pk)
    events = client_history(actor=request.actor, client=client)
    page = Paginator(events, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return card_response(
        request,
        client=client,
        tab="audit",
        template_name="clients/staff/card/audit.html",
        context={"page": page, "entries": describe(page.object_list)},
    )


# --- the staff workspace home ---------------------------------------------------------------


@login_required
def staff_home(request):
    """The workspace by role: a manager's clients, an administrator's overview, the claims
    desk's place for operators and supervisors. The 1C exchange account has no workspace:
    its page says so plainly."""
    actor = request.actor
    if not actor.is_staff:
        raise PermissionDenied(_("Рабочий стол сотрудника доступен только сотрудникам."))
    context: dict = {"role": actor.staff_role}
    if actor.staff_role == StaffRole.ADMIN:
        context["admin"] = admin_dashboard(actor=actor)
    elif actor.staff_role == StaffRole.MANAGER:
        context["manager"] = manager_dashboard(actor=actor)
    return render(request, "clients/staff/home.html", context)


@login_required
def card_hints(request, pk):
    """The card's missing-fields hint alone, refreshed after a change in any tab."""
    client = card_client(request, pk)
    hints = hint_links(client, card_tabs(client))
    return render(request, "clients/staff/card/_hints.html", {"client": client, "hints": hints})
