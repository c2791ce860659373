"""Reads about a client's people and places, always through `visible_to(actor)`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Max, Prefetch, QuerySet
from django.utils import timezone

from okno.clients.models import ClientMembership, Contact, DeliveryAddress, LegalEntity
from okno.core.actor import Actor
from okno.core.scoping import get_visible_or_404


@dataclass
class LegalEntityAddresses:
    """One legal entity with its delivery addresses, default first."""

    legal_entity: LegalEntity
    addresses: list[DeliveryAddress] = field(default_factory=list)


def address_list(
    *,
    actor: Actor,
    client_id: int | None = None,
    legal_entity_id: int | None = None,
    include_inactive: bool = False,
) -> QuerySet[DeliveryAddress]:
    """Addresses the actor sees: a client's person only those of their legal entities."""
    rows = (
        DeliveryAddress.objects.visible_to(actor)
        .filter_given(client_id=client_id, legal_entity_id=legal_entity_id)
        .select_related("legal_entity")
    )
    if not include_inactive:
        rows = rows.filter(is_active=True)
    return rows.order_by("legal_entity__name", "-is_default", "city", "address", "pk")


def legal_entities_to_act_for(*, actor: Actor, client_id: int) -> QuerySet[LegalEntity]:
    """Active legal entities of the client that the actor sees, by name."""
    return (
        LegalEntity.objects.visible_to(actor)
        .filter(client_id=client_id, is_active=True)
        .order_by("name", "pk")
    )


def addresses_by_legal_entity(*, actor: Actor, client_id: int) -> list[LegalEntityAddresses]:
    """Each legal entity the actor sees with its active addresses (two queries)."""
    groups = {
        entity.pk: LegalEntityAddresses(entity)
        for entity in legal_entities_to_act_for(actor=actor, client_id=client_id)
    }
    for address in address_list(actor=actor, client_id=client_id):
        if address.legal_entity_id in groups:
            groups[address.legal_entity_id].addresses.append(address)
    return list(groups.values())


def contact_list(
    *,
    actor: Actor,
    client_id: int | None = None,
    is_representative: bool | None = None,
    search: str = "",
) -> QuerySet[Contact]:
    """Contacts and representatives the actor sees, by name."""
    rows = Contact.objects.visible_to(actor).filter_given(
        client_id=client_id, is_representative=is_representative
    )
    term = (search or "").strip()[:100]
    if term:
        rows = rows.filter(full_name__ucontains=term)
    return rows.order_by("-is_representative", "full_name", "pk")


def people_list(*, actor: Actor, client_id: int) -> list[ClientMembership]:
    """People of a client with portal access, their legal entities and invitation state
    (three queries however many people). Each row gets `invitation_state`."""
    rows = (
        ClientMembership.objects.visible_to(actor)
        .filter(client_id=client_id)
        .select_related("user")
        .prefetch_related(
            Prefetch("legal_entities", queryset=LegalEntity.objects.order_by("name", "pk"))
        )
        .annotate(
            invitation_sent_at=Max("user__invitations__created_at"),
            invitation_accepted_at=Max("user__invitations__accepted_at"),
            invitation_expires_at=Max("user__invitations__expires_at"),
        )
        .order_by("user__full_name", "pk")
    )
    now = timezone.now()
    people = list(rows)
    for membership in people:
        membership.invitation_state = invitation_state(membership, now=now)  # type: ignore[attr-defined]
    return people


def invitation_state(membership: ClientMembership, *, now: datetime) -> str:
    """'accepted', 'password_set' (never invited, has a password), 'sent', 'expired' or
    'none', from the annotations of `people_list`.

    Sending a new link expires the earlier ones, so the latest expiry is the live link's.
    """
    if getattr(membership, "invitation_accepted_at", None):
        return "accepted"
    if membership.user.has_usable_password():
        return "password_set"
    expires_at = getattr(membership, "invitation_expires_at", None)
    if expires_at is None:
        return "none"
    return "sent" if expires_at > now else "expired"


def address_of_client(*, actor: Actor, client_id: int, address_id: int) -> DeliveryAddress:
    """One delivery address of the client, with its legal entity; 404 when not visible."""
    rows = DeliveryAddress.objects.filter(client_id=client_id).select_related("legal_entity")
    return get_visible_or_404(rows, actor, pk=address_id)


def contact_of_client(*, actor: Actor, client_id: int, contact_id: int) -> Contact:
    """One contact of the client; 404 when not visible."""
    return get_visible_or_404(Contact.objects.filter(client_id=client_id), actor, pk=contact_id)


def membership_of_client(*, actor: Actor, client_id: int, membership_id: int) -> ClientMembership:
    """One person of the client, with the user; 404 when not visible (see scoping)."""
    rows = ClientMembership.objects.filter(client_id=client_id).select_related("user")
    return get_visible_or_404(rows, actor, pk=membership_id)


def legal_entity_switch_options(*, actor: Actor) -> list[LegalEntity]:
    """The legal entities a client's person may act for, by name (one query)."""
    if not actor.is_client or not actor.legal_entity_ids:
        return []
    return list(
        LegalEntity.objects.visible_to(actor)
        .filter(pk__in=actor.legal_entity_ids)
        .only("pk", "name")
        .order_by("name", "pk")
    )


@dataclass
class MyDataSummary:
    """Counts for the sections of a client's "My data" overview."""

    contacts: int
    addresses: int
    colleagues: int


def my_data_summary(*, actor: Actor) -> MyDataSummary:
    """How many contacts, delivery addresses (of the legal entities the person acts for)
    and colleagues with portal access the person's client has."""
    return MyDataSummary(
        contacts=contact_list(actor=actor).count(),
        addresses=address_list(actor=actor).count(),
        colleagues=ClientMembership.objects.visible_to(actor).count(),
    )
