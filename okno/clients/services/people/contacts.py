"""Contacts of a client and its representatives acting by power of attorney."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from okno.audit.services import audit_diff, audit_record, audit_snapshot
from okno.clients.models import Client, ClientMembership, Contact
from okno.clients.services.people.rules import check_can_edit_places, clean_text
from okno.core.actor import Actor
from okno.core.errors import Conflict, InvalidInput
from okno.core.phone import normalize_phone

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# field → (max length, label in messages)
_TEXT_FIELDS: dict[str, tuple[int, StrOrPromise]] = {
    "full_name": (200, gettext_lazy("ФИО")),
    "position": (200, gettext_lazy("Должность")),
    "email": (254, gettext_lazy("E-mail")),
    "phone": (20, gettext_lazy("Телефон")),
    "power_of_attorney": (120, gettext_lazy("Доверенность (№, дата)")),
    "notes": (500, gettext_lazy("Заметки")),
}
CONTACT_FIELDS = frozenset({*_TEXT_FIELDS, "is_representative", "power_of_attorney_until"})
_POWER_FIELDS = ("power_of_attorney", "power_of_attorney_until")


def check_email(raw: str, *, field: str = "email") -> str:
    """An empty string or a valid e-mail, lower-cased."""
    value = (raw or "").strip().lower()
    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError as error:
        raise InvalidInput(
            _("Проверьте e-mail: он должен выглядеть как name@company.ru."), field=field
        ) from error
    return value


def _check_date(raw, *, field: str) -> datetime.date | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, datetime.date):
        return raw
    try:
        return datetime.date.fromisoformat(str(raw))
    except ValueError as error:
        # Pages turn ДД.ММ.ГГГГ into a date before calling; text reaching here must be ISO.
        message = _("Поле «%(label)s»: неверная дата, ожидается ГГГГ-ММ-ДД.") % {
            "label": _("Доверенность действует до")
        }
        raise InvalidInput(message, field=field) from error


def _clean_contact(fields: dict, *, partial: bool) -> dict:
    unknown = set(fields) - CONTACT_FIELDS
    if unknown:
        name = sorted(unknown)[0]
        raise InvalidInput(_("Неизвестное поле контакта: %(name)s.") % {"name": name}, field=name)
    cleaned: dict = {}
    for name in set(fields) & set(_TEXT_FIELDS):
        max_length, label = _TEXT_FIELDS[name]
        cleaned[name] = clean_text(fields, name, max_length=max_length, label=label)
    if ("full_name" in cleaned or not partial) and not cleaned.get("full_name"):
        raise InvalidInput(_("Укажите ФИО."), field="full_name", code="required")
    if "email" in cleaned:
        cleaned["email"] = check_email(cleaned["email"])
    if cleaned.get("phone"):
        cleaned["phone"] = normalize_phone(cleaned["phone"], field="phone")
    if "is_representative" in fields:
        cleaned["is_representative"] = bool(fields["is_representative"])
    if "power_of_attorney_until" in fields:
        cleaned["power_of_attorney_until"] = _check_date(
            fields["power_of_attorney_until"], field="power_of_attorney_until"
        )
    return cleaned


def _drop_power_unless_representative(contact: Contact) -> None:
    """Only a representative holds a power of attorney; a plain contact keeps none."""
    if not contact.is_representative:
        contact.power_of_attorney = ""
        contact.power_of_attorney_until = None


@transaction.atomic
def contact_create(*, actor: Actor, client: Client, request=None, **fields) -> Contact:
    """Add a contact person of the client. ФИО is required; e-mail and phone are checked
    (the phone is normalised to +7). A representative may carry the number and date of
    the power of attorney and the date it is valid until."""
    check_can_edit_places(actor, client_id=client.pk, legal_entity_id=None)
    contact = Contact(client=client, **_clean_contact(fields, partial=False))
    _drop_power_unless_representative(contact)
    contact.save()
    audit_record(action="contact.created", user=actor.user, obj=contact, request=request)
    return contact


@transaction.atomic
def contact_update(*, actor: Actor, contact: Contact, request=None, **fields) -> Contact:
    """Change the given fields of a contact."""
    check_can_edit_places(actor, client_id=contact.client_id, legal_entity_id=None)
    cleaned = _clean_contact(fields, partial=True)
    names = sorted(set(cleaned) | set(_POWER_FIELDS))
    before = audit_snapshot(contact, names)
    for name, value in cleaned.items():
        setattr(contact, name, value)
    _drop_power_unless_representative(contact)
    changes = audit_diff(before, audit_snapshot(contact, names))
    if changes:
        contact.save(update_fields=[*changes, "updated_at"])
        audit_record(
            action="contact.changed", user=actor.user, obj=contact, changes=changes, request=request
        )
    return contact


@transaction.atomic
def contact_delete(*, actor: Actor, contact: Contact, request=None) -> None:
    """Remove a contact. A contact who is a person with portal access stays: their access
    is switched off on the people page, so the audit trail keeps who they were."""
    check_can_edit_places(actor, client_id=contact.client_id, legal_entity_id=None)
    if contact.user_id and ClientMembership.objects.filter(user_id=contact.user_id).exists():
        raise Conflict(
            _(
                "Этот контакт — пользователь портала. Чтобы он не мог войти, "
                "отключите ему доступ в разделе «Доступ к порталу»."
            ),
            field="contact",
        )
    audit_record(action="contact.deleted", user=actor.user, obj=contact, request=request)
    contact.delete()
