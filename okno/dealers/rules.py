"""Who works in the dealer's section. Services check before writing; pages and the API
check the same rules, so what a page offers is what a service accepts."""

from __future__ import annotations

from django.utils.translation import gettext as _

from okno.clients.models import Client
from okno.core.actor import Actor
from okno.core.errors import NotAllowed
from okno.core.roles import ClientRole, Perm

# The people of a dealer who sell to its customers; an accountant or a viewer does not.
DEALER_ROLES = frozenset({ClientRole.ADMIN, ClientRole.BUYER})


def is_dealer_person(actor: Actor) -> bool:
    """A client admin or buyer of an active dealer (one query for a client's person)."""
    client_id = actor.client_id
    if client_id is None or actor.client_role not in DEALER_ROLES:
        return False
    return Client.objects.filter(pk=client_id, is_dealer=True, is_active=True).exists()


def check_dealer_person(actor: Actor) -> int:
    """The id of the actor's dealer; refuses (403) anyone but a dealer's admin or buyer."""
    if actor.client_id is None or not is_dealer_person(actor):
        raise NotAllowed(
            _("Раздел «Мои клиенты» доступен администраторам и закупщикам дилеров."),
            code="not_dealer",
        )
    return actor.client_id


def check_can_read(actor: Actor) -> None:
    """Reading through the API: a dealer's people, or staff who work with clients (they see
    the customers of the dealers their role shows them)."""
    if actor.is_staff and (actor.can(Perm.CLIENTS_MANAGE) or actor.can(Perm.CLIENTS_VIEW_ALL)):
        return
    check_dealer_person(actor)
