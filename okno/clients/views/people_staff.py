"""Tabs of the staff client card about people and places: delivery addresses, contacts
and representatives, people with portal access. Each tab and action has its own URL;
the client is looked up (404 when not visible) before any role check, and the object of
the URL is looked up within that client."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.views.decorators.http import require_POST

from okno.clients.models import Client
from okno.clients.selectors.people import (
    address_of_client,
    contact_of_client,
    membership_of_client,
)
from okno.clients.views import people_panels as panels
from okno.core.roles import Perm
from okno.core.scoping import get_visible_or_404

_ROUTES = {
    name: f"clients:card_{name}"
    for name in (
        "addresses",
        "address_create",
        "address_edit",
        "address_default",
        "address_deactivate",
        "contacts",
        "contact_create",
        "contact_edit",
        "contact_delete",
        "people",
        "person_connect",
        "person_edit",
        "person_resend",
    )
}


def _scope(request, pk: int) -> panels.PageScope:
    actor = request.actor
    # with its manager, whom the card's header names
    client = get_visible_or_404(Client.objects.select_related("manager"), actor, pk=pk)
    if not actor.is_staff:
        raise PermissionDenied
    return panels.PageScope(
        client=client,
        routes=_ROUTES,
        route_kwargs={"pk": client.pk},
        page_template="clients/staff/card/card.html",
        can_edit_places=actor.can(Perm.CLIENTS_MANAGE),
        can_manage_people=actor.can(Perm.CLIENTS_CONNECT_PEOPLE),
        is_staff=True,
    )


def _card_tab(action, find=None, *, post_only: bool = False):
    """The URL view of a panel's `action(request, scope[, object])` on the card of client
    `pk`; `find(actor=, client_id=, **url_kwargs)` looks up the URL's object in it."""

    def view(request, pk: int, **object_id):
        scope = _scope(request, pk)
        found = [find(actor=request.actor, client_id=scope.client.pk, **object_id)] if find else []
        return action(request, scope, *found)

    return login_required(require_POST(view) if post_only else view)


card_addresses = _card_tab(panels.addresses_panel)
card_address_create = _card_tab(panels.address_form)
card_address_edit = _card_tab(panels.address_form, address_of_client)
card_address_default = _card_tab(panels.address_make_default, address_of_client, post_only=True)
card_address_deactivate = _card_tab(panels.address_switch_off, address_of_client, post_only=True)

card_contacts = _card_tab(panels.contacts_panel)
card_contact_create = _card_tab(panels.contact_form)
card_contact_edit = _card_tab(panels.contact_form, contact_of_client)
card_contact_delete = _card_tab(panels.contact_remove, contact_of_client, post_only=True)

card_people = _card_tab(panels.people_panel)
card_person_connect = _card_tab(panels.person_connect_form)
card_person_edit = _card_tab(panels.person_edit_form, membership_of_client)
card_person_resend = _card_tab(
    panels.person_resend_invitation, membership_of_client, post_only=True
)
