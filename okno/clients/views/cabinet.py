"""The client's own "My data": an overview, contacts, delivery addresses of the legal
entities the person acts for, colleagues (client admins only), and switching the
current legal entity.

Pages without an id send staff and people without a client elsewhere; pages with an id
look the object up within the person's client first, so anyone else gets 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from okno.clients.models import Client
from okno.clients.selectors.people import (
    address_of_client,
    contact_of_client,
    membership_of_client,
    my_data_summary,
)
from okno.clients.services.people import legal_entity_switch
from okno.clients.views import people_panels as panels
from okno.core.roles import ClientRole, Perm
from okno.core.scoping import get_visible_or_404
from okno.core.views import client_page, safe_next

_ROUTES = {
    "addresses": "clients:my_addresses",
    "address_create": "clients:my_address_create",
    "address_edit": "clients:my_address_edit",
    "address_default": "clients:my_address_default",
    "address_deactivate": "clients:my_address_deactivate",
    "contacts": "clients:my_contacts",
    "contact_create": "clients:my_contact_create",
    "contact_edit": "clients:my_contact_edit",
    "contact_delete": "clients:my_contact_delete",
    "people": "clients:my_colleagues",
    "person_connect": "clients:my_colleague_invite",
    "person_edit": "clients:my_colleague_edit",
    "person_resend": "clients:my_colleague_resend",
}


def _scope(request) -> panels.PageScope:
    """The person's own client; for anyone without one this is a 404."""
    actor = request.actor
    client = get_visible_or_404(Client, actor, pk=actor.client_id)
    return panels.PageScope(
        client=client,
        routes=_ROUTES,
        route_kwargs={},
        page_template="clients/cabinet/page.html",
        can_edit_places=actor.can(Perm.PROFILE_EDIT),
        can_manage_people=actor.can(Perm.COLLEAGUES_MANAGE),
        is_staff=False,
    )


def _forbidden(request):
    context = {
        "title": _("Коллеги"),
        "reason": _("Управлять доступом коллег может только администратор клиента."),
    }
    return TemplateResponse(request, "clients/cabinet/forbidden.html", context, status=403)


@client_page
def my_data(request):
    """The overview of "My data" with links to its sections."""
    actor = request.actor
    context = {
        "scope": _scope(request),
        "summary": my_data_summary(actor=actor),
        "role_label": ClientRole(actor.client_role).label,
        "can_manage_colleagues": actor.can(Perm.COLLEAGUES_MANAGE),
    }
    return TemplateResponse(request, "clients/cabinet/my_data.html", context)


def _my_panel(action, find=None, *, post_only: bool = False, colleagues: bool = False):
    """The URL view of a panel's `action(request, scope[, object])` in the person's own
    client; `find(actor=, client_id=, **url_kwargs)` looks up the URL's object in it.
    Colleagues' pages are for client admins: anyone else is told why not (403), after
    the object is looked up, so another client's colleague stays a 404."""

    def view(request, **object_id):
        scope = _scope(request)
        found = [find(actor=request.actor, client_id=scope.client.pk, **object_id)] if find else []
        if colleagues and not scope.can_manage_people:
            return _forbidden(request)
        return action(request, scope, *found)

    view = require_POST(view) if post_only else view
    # A page with an id answers 404 to staff (they have no client of their own); a page
    # without one sends them home.
    return client_page(view) if find is None else login_required(view)


my_contacts = _my_panel(panels.contacts_panel)
my_contact_create = _my_panel(panels.contact_form)
my_contact_edit = _my_panel(panels.contact_form, contact_of_client)
my_contact_delete = _my_panel(panels.contact_remove, contact_of_client, post_only=True)

my_addresses = _my_panel(panels.addresses_panel)
my_address_create = _my_panel(panels.address_form)
my_address_edit = _my_panel(panels.address_form, address_of_client)
my_address_default = _my_panel(panels.address_make_default, address_of_client, post_only=True)
my_address_deactivate = _my_panel(panels.address_switch_off, address_of_client, post_only=True)

my_colleagues = _my_panel(panels.people_panel, colleagues=True)
my_colleague_invite = _my_panel(panels.person_connect_form, colleagues=True)
my_colleague_edit = _my_panel(panels.person_edit_form, membership_of_client, colleagues=True)
my_colleague_resend = _my_panel(
    panels.person_resend_invitation, membership_of_client, post_only=True, colleagues=True
)


# --- the current legal entity -------------------------------------------------------


@login_required
@require_POST
def switch_legal_entity(request):
    """Act for another of one's legal entities; remembered for the next visits."""
    try:
        legal_entity_id = int(request.POST.get("legal_entity_id", ""))
    except ValueError as error:
        raise Http404("no such legal entity") from error
    legal_entity = legal_entity_switch(actor=request.actor, legal_entity_id=legal_entity_id)
    messages.info(request, _("Вы работаете от имени «%(name)s».") % {"name": legal_entity.name})
    return redirect(_safe_next(request))


def _safe_next(request) -> str:
    return safe_next(request) or reverse("core:home")
