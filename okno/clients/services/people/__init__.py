"""Writes about a client's people and places: delivery addresses, contacts and
representatives, and people's access to the portal (memberships, invitations,
the current legal entity)."""

from okno.clients.services.people.access import (
    invitation_resend,
    legal_entity_switch,
    membership_update,
    person_connect,
)
from okno.clients.services.people.addresses import (
    address_create,
    address_deactivate,
    address_set_default,
    address_update,
)
from okno.clients.services.people.contacts import contact_create, contact_delete, contact_update

__all__ = [
    "address_create",
    "address_deactivate",
    "address_set_default",
    "address_update",
    "contact_create",
    "contact_delete",
    "contact_update",
    "invitation_resend",
    "legal_entity_switch",
    "membership_update",
    "person_connect",
]
