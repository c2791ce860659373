"""The way in for call centres and other systems (`POST /api/v1/intake`): an appeal from
whoever the caller says the person is — an ИНН (with КПП), a phone number, an e-mail —
found among the portal's clients, or an appeal of no client («не клиент») with what the
caller told, for an operator to sort out. Idempotent by the caller's `external_id`.

A person is found as the e-mail channel finds a sender: the one active client whose legal
entity has the ИНН (and КПП), else whose contact or portal person has the phone, else the
e-mail. A phone or address of two clients names neither."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from okno.clients.models import Client, ClientMembership, Contact, LegalEntity
from okno.core.actor import Actor
from okno.core.errors import InvalidInput
from okno.core.phone import format_phone, normalize_phone
from okno.desk.mail.senders import sender_find
from okno.desk.models import Appeal
from okno.desk.services.appeals import AppealIn, appeal_by_external_id, appeal_create
from okno.desk.services.attachments import FileIn
from okno.desk.services.rules import check_works_desk
from okno.orders.models import Order


@dataclass(frozen=True)
class IntakeIn:
    external_id: str
    channel: str
    kind: str
    subject: str
    text: str
    inn: str = ""
    kpp: str = ""
    phone: str = ""
    email: str = ""
    caller_name: str = ""
    order_number: str = ""
    files: Sequence[FileIn] = field(default_factory=tuple)


@dataclass(frozen=True)
class Caller:
    client: Client | None = None
    legal_entity: LegalEntity | None = None
    contact: Contact | None = None


def appeal_intake(*, actor: Actor, data: IntakeIn) -> tuple[Appeal, bool]:
    """The appeal for the call, and whether it is new (the same `external_id` from the same
    caller answers the appeal made the first time)."""
    check_works_desk(actor)
    if not data.external_id.strip():
        raise InvalidInput(_("Укажите внешний идентификатор обращения."), field="external_id")
    existing = appeal_by_external_id(actor=actor, external_id=data.external_id)
    if existing is not None:
        return existing, False
    phone = normalize_phone(data.phone) if data.phone.strip() else ""
    caller = caller_find(inn=data.inn.strip(), kpp=data.kpp.strip(), phone=phone, email=data.email)
    order = _order(caller.client, data.order_number)
    appeal_in = AppealIn(
        kind=data.kind,
        subject=data.subject,
        text=_text_with_caller(data, phone, known=caller.client is not None),
        client_id=caller.client.pk if caller.client else None,
        legal_entity_id=caller.legal_entity.pk if caller.legal_entity and not order else None,
        contact_id=caller.contact.pk if caller.contact else None,
        order_id=order.pk if order else None,
        external_id=data.external_id,
        files=data.files,
        not_client=caller.client is None,
    )
    return appeal_create(actor=actor, data=appeal_in, channel=data.channel)


def caller_find(*, inn: str, kpp: str, phone: str, email: str) -> Caller:
    if inn:
        entities = LegalEntity.objects.filter(inn=inn, is_active=True, client__is_active=True)
        if kpp:
            entities = entities.filter(kpp=kpp)
        found = list(entities.select_related("client")[:2])
        if len({entity.client_id for entity in found}) == 1:
            return Caller(client=found[0].client, legal_entity=found[0])
    if phone:
        caller = _by_phone(phone)
        if caller.client is not None:
            return caller
    if email.strip():
        sender = sender_find(email.strip())
        if sender.client is not None:
            return Caller(client=sender.client, contact=sender.contact)
    return Caller()


def _by_phone(phone: str) -> Caller:
    contacts = list(
        Contact.objects.filter(phone=phone, client__is_active=True).select_related("client")
    )
    members = list(
        ClientMembership.objects.filter(
            user__phone=phone, user__is_active=True, client__is_active=True
        ).select_related("client")
    )
    clients = {row.client_id for row in contacts} | {row.client_id for row in members}
    if len(clients) != 1:
        return Caller()
    client = (contacts[0] if contacts else members[0]).client
    return Caller(client=client, contact=contacts[0] if contacts else None)


def _order(client: Client | None, number: str) -> Order | None:
    """The client's order the caller named; an unknown number is left to the operator (the
    caller's words keep it), not refused: the call is taken either way."""
    if client is None or not number.strip():
        return None
    return Order.objects.filter(client=client, number=number.strip()).first()


def _text_with_caller(data: IntakeIn, phone: str, *, known: bool) -> str:
    """The caller's words, and for the operator what identified the person and what did
    not match."""
    told = [
        (_("Звонящий"), data.caller_name.strip()),
        (_("Телефон"), format_phone(phone)),
        (_("E-mail"), data.email.strip()),
        (_("ИНН"), " / ".join(part for part in (data.inn.strip(), data.kpp.strip()) if part)),
        (_("Заказ"), data.order_number.strip()),
    ]
    lines = [f"{label}: {value}" for label, value in told if value]
    if not known:
        lines.append(_("Клиент по этим данным не найден."))
    text = (data.text or "").strip()
    return "\n".join([text, "", *lines]) if lines else text
