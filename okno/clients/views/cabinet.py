"""The client's own "My data": an overview, contacts, delivery addresses of the legal
entities the person acts for, colleagues (client admins only), and switching the
current legal entity.

Pages without an id send staff and people without a client elsewhere; pages with an id
look the object up within the person's client first, so anyone else gets 404.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from okno.clients.models import Client, Contact, DeliveryAddress
from okno.clients.selectors.people import membership_of_client, my_data_summary
from okno.clients.services.people import legal_entity_switch
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
from okno.core.roles import ClientRole, Perm
from okno.core.scoping import get_visible_or_404

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


def client_page(view):
    """A page of a client's person; staff and people without a client go home."""

    @login_required
    @wraps(view)
    def page(request, *args, **kwargs):
        if not request.actor.is_client:
            return redirect("core:home")
        return view(request, *args, **kwargs)

    return page


def _scope(request) -> PageScope:
    """The person's own client; for anyone without one this is a 404."""
    actor = request.actor
    client = get_visible_or_404(Client, actor, pk=actor.client_id)
    return PageScope(
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


# --- contacts -----------------------------------------------------------------------


def _contact(request, contact_id: int) -> tuple[PageScope, Contact]:
    scope = _scope(request)
    rows = Contact.objects.filter(client=scope.client)
    return scope, get_visible_or_404(rows, request.actor, pk=contact_id)


@client_page
def my_contacts(request):
    return contacts_panel(request, _scope(request))


@client_page
def my_contact_create(request):
    return contact_form(request, _scope(request))


@login_required
def my_contact_edit(request, contact_id: int):
    return contact_form(request, *_contact(request, contact_id))


@login_required
@require_POST
def my_contact_delete(request, contact_id: int):
    return contact_remove(request, *_contact(request, contact_id))


# --- delivery addresses -------------------------------------------------------------


def _address(request, address_id: int) -> tuple[PageScope, DeliveryAddress]:
    scope = _scope(request)
    rows = DeliveryAddress.objects.filter(client=scope.client).select_related("legal_entity")
    return scope, get_visible_or_404(rows, request.actor, pk=address_id)


@client_page
def my_addresses(request):
    return addresses_panel(request, _scope(request))


@client_page
def my_address_create(request):
    return address_form(request, _scope(request))


@login_required
def my_address_edit(request, address_id: int):
    return address_form(request, *_address(request, address_id))


@login_required
@require_POST
def my_address_default(request, address_id: int):
    return address_make_default(request, *_address(request, address_id))


@login_required
@require_POST
def my_address_deactivate(request, address_id: int):
    return address_switch_off(request, *_address(request, address_id))


# --- colleagues ---------------------------------------------------------------------


def _colleague(request, membership_id: int):
    scope = _scope(request)
    membership = membership_of_client(
        actor=request.actor, client_id=scope.client.pk, membership_id=membership_id
    )
    return scope, membership


@client_page
def my_colleagues(request):
    scope = _scope(request)
    if not scope.can_manage_people:
        return _forbidden(request)
    return people_panel(request, scope)


@client_page
def my_colleague_invite(request):
    scope = _scope(request)
    if not scope.can_manage_people:
        return _forbidden(request)
    return person_connect_form(request, scope)


@login_required
def my_colleague_edit(request, membership_id: int):
    scope, membership = _colleague(request, membership_id)
    if not scope.can_manage_people:
        return _forbidden(request)
    return person_edit_form(request, scope, membership)


@login_required
@require_POST
def my_colleague_resend(request, membership_id: int):
    scope, membership = _colleague(request, membership_id)
    if not scope.can_manage_people:
        return _forbidden(request)
    return person_resend_invitation(request, scope, membership)


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
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:home")
