"""Finding the client for an appeal taken down by phone: by the client's or a legal
entity's name, an ИНН, or a phone number (the client's, a contact's or a person's)."""

from __future__ import annotations

import re

from django.db.models import Exists, OuterRef, Q, QuerySet

from okno.clients.models import Client, ClientMembership, Contact, LegalEntity
from okno.core.actor import Actor
from okno.desk.services.rules import check_works_desk

_NOT_DIGITS = re.compile(r"\D+")


def phone_digits(term: str) -> str:
    """The last ten digits of a phone as typed (+7 / 8 and any punctuation dropped)."""
    digits = _NOT_DIGITS.sub("", term)
    return digits[-10:] if len(digits) >= 10 else ""


def desk_client_search(*, actor: Actor, term: str, limit: int = 20) -> QuerySet[Client]:
    """Active clients matching the term, for desk staff (who file for any client)."""
    check_works_desk(actor)
    term = term.strip()[:100]
    if len(term) < 2:
        return Client.objects.none()
    entities = LegalEntity.objects.filter(client=OuterRef("pk")).filter(
        Q(name__ucontains=term) | Q(full_name__ucontains=term)
    )
    match = Q(name__ucontains=term) | Q(Exists(entities))
    digits = _NOT_DIGITS.sub("", term)
    if digits and len(digits) >= 4 and len(digits) * 2 >= len(term.replace(" ", "")):
        match |= Q(
            Exists(LegalEntity.objects.filter(client=OuterRef("pk"), inn__startswith=digits))
        )
    phone = phone_digits(term)
    if phone:
        stored = f"+7{phone}"
        match |= Q(phone=stored)
        match |= Q(Exists(Contact.objects.filter(client=OuterRef("pk"), phone=stored)))
        match |= Q(
            Exists(ClientMembership.objects.filter(client=OuterRef("pk"), user__phone=stored))
        )
    return (
        Client.objects.filter(is_active=True)
        .filter(match)
        .prefetch_related("legal_entities")
        .order_by("name", "pk")[:limit]
    )
