"""Who wrote a letter: the client whose contact or portal user has the sender's address."""

from __future__ import annotations

from dataclasses import dataclass

from okno.accounts.models import User
from okno.clients.models import Client, ClientMembership, Contact


@dataclass(frozen=True)
class Sender:
    """The sender as the portal knows them; all empty for an address no client is known
    by. `user` is the client's person with a portal login, if any."""

    address: str
    client: Client | None = None
    contact: Contact | None = None
    user: User | None = None


def sender_find(address: str) -> Sender:
    """The one active client whose contact or person writes from `address`. An address
    of people of two clients names neither: which client's appeal it is stays for the
    operator to decide, and no client sees another's letter."""
    contacts = list(
        Contact.objects.filter(email__iexact=address, client__is_active=True).select_related(
            "client"
        )
    )
    memberships = list(
        ClientMembership.objects.filter(
            user__email__iexact=address,
            user__is_active=True,
            user__staff_role="",
            client__is_active=True,
        ).select_related("client", "user")
    )
    clients = {row.client_id for row in contacts} | {row.client_id for row in memberships}
    if len(clients) != 1:
        return Sender(address=address)
    client = (contacts[0] if contacts else memberships[0]).client
    user = memberships[0].user if memberships else None
    contact = contacts[0] if contacts else _contact_of(user)
    return Sender(address=address, client=client, contact=contact, user=user)


def _contact_of(user: User | None) -> Contact | None:
    if user is None:
        return None
    return Contact.objects.filter(user=user).first()
