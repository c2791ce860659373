"""Tabs of the staff client card about people and places: delivery addresses, contacts
and representatives, people with portal access. Each tab and action has its own URL;
the client is looked up (404 when not visible) before any role check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.views.decorators.http import require_POST

from okno.clients.models import Client, Contact, DeliveryAddress
from okno.clients.selectors.people import membership_of_client
from okno.clients.views.people_panels.access import (
    people_panel,
    person_connect_form,
    person_edit_form,
    person_resend_invitation,
)
from okno.clients.views.people_panels.addresses import (
    address_form,
    address_make_default,
    address_switch_off,
    addresses_panel,
)
from okno.clients.views.people_panels.base import PageScope
from okno.clients.views.people_panels.contacts import contact_form, contact_remove, contacts_panel
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


def _scope(request, pk: int) -> PageScope:
    actor = request.actor
    client = get_visible_or_404(Client, actor, pk=pk)
    if not actor.is_staff:
        raise PermissionDenied
    return PageScope(
        client=client,
        routes=_ROUTES,
        route_kwargs={"pk": client.pk},
        page_template="clients/staff/card/card.html",
        can_edit_places=actor.can(Perm.CLIENTS_MANAGE),
        can_manage_people=actor.can(Perm.CLIENTS_CONNECT_PEOPLE),
        is_staff=True,
    )


def _address(request, scope: PageScope, address_id: int) -> DeliveryAddress:
    rows = DeliveryAddress.objects.filter(client=scope.client).select_related("legal_entity")
    return get_visible_or_404(rows, request.actor, pk=address_id)


def _contact(request, scope: PageScope, contact_id: int) -> Contact:
    return get_visible_or_404(
        Contact.objects.filter(client=scope.client), request.actor, pk=contact_id
    )


@login_required
def card_addresses(request, pk: int):
    return addresses_panel(request, _scope(request, pk))


@login_required
def card_address_create(request, pk: int):
    return address_form(request, _scope(request, pk))


@login_required
def card_address_edit(request, pk: int, address_id: int):
    scope = _scope(request, pk)
    return address_form(request, scope, _address(request, scope, address_id))


@login_required
@require_POST
def card_address_default(request, pk: int, address_id: int):
    scope = _scope(request, pk)
    return address_make_default(request, scope, _address(request, scope, address_id))


@login_required
@require_POST
def card_address_deactivate(request, pk: int, address_id: int):
    scope = _scope(request, pk)
    return address_switch_off(request, scope, _address(request, scope, address_id))


@login_required
def card_contacts(request, pk: int):
    return contacts_panel(request, _scope(request, pk))


@login_required
def card_contact_create(request, pk: int):
    return contact_form(request, _scope(request, pk))


@login_required
def card_contact_edit(request, pk: int, contact_id: int):
    scope = _scope(request, pk)
    return contact_form(request, scope, _contact(request, scope, contact_id))


@login_required
@require_POST
def card_contact_delete(request, pk: int, contact_id: int):
    scope = _scope(request, pk)
    return contact_remove(request, scope, _contact(request, scope, contact_id))


@login_required
def card_people(request, pk: int):
    return people_panel(request, _scope(request, pk))


@login_required
def card_person_connect(request, pk: int):
    return person_connect_form(request, _scope(request, pk))


@login_required
def card_person_edit(request, pk: int, membership_id: int):
    scope = _scope(request, pk)
    membership = membership_of_client(
        actor=request.actor, client_id=scope.client.pk, membership_id=membership_id
    )
    return person_edit_form(request, scope, membership)


@login_required
@require_POST
def card_person_resend(request, pk: int, membership_id: int):
    scope = _scope(request, pk)
    membership = membership_of_client(
        actor=request.actor, client_id=scope.client.pk, membership_id=membership_id
    )
    return person_resend_invitation(request, scope, membership)
