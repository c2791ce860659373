"""Delivery addresses of a legal entity, with exactly one default among the active ones.

The default is changed only while holding the legal entity's row lock, so two people
choosing different defaults at the same moment end with one default, not two (the
partial unique constraint `one_default_address_per_legal_entity` is the last guard).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from okno.audit.services import audit_diff, audit_record, audit_snapshot
from okno.clients.models import DeliveryAddress, LegalEntity
from okno.clients.services.people.rules import check_can_edit_places, clean_text
from okno.core.actor import Actor
from okno.core.errors import InvalidInput
from okno.core.phone import normalize_phone

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# field → (max length, label in messages)
ADDRESS_FIELDS: dict[str, tuple[int, StrOrPromise]] = {
    "title": (120, gettext_lazy("Название")),
    "postal_code": (6, gettext_lazy("Индекс")),
    "city": (120, gettext_lazy("Город")),
    "address": (500, gettext_lazy("Адрес")),
    "contact_name": (200, gettext_lazy("Контактное лицо")),
    "contact_phone": (20, gettext_lazy("Телефон на месте")),
    "comment": (500, gettext_lazy("Комментарий для водителя")),
}
_REQUIRED = {
    "city": gettext_lazy("Укажите город."),
    "address": gettext_lazy("Укажите адрес: улицу, дом, строение."),
}
_POSTAL_CODE = re.compile(r"\d{6}")


def check_postal_code(raw: str, *, field: str = "postal_code") -> str:
    """An empty string or six digits (Russian postal codes)."""
    value = (raw or "").strip()
    if value and not _POSTAL_CODE.fullmatch(value):
        raise InvalidInput(_("Индекс должен состоять из 6 цифр, например 141009."), field=field)
    return value


def _clean_address(fields: Mapping[str, Any], *, partial: bool) -> dict:
    cleaned = {}
    for name in fields:
        if name not in ADDRESS_FIELDS:
            raise InvalidInput(_("Неизвестное поле адреса: %(name)s.") % {"name": name}, field=name)
        max_length, label = ADDRESS_FIELDS[name]
        cleaned[name] = clean_text(fields, name, max_length=max_length, label=label)
    for name, message in _REQUIRED.items():
        if (name in cleaned or not partial) and not cleaned.get(name):
            raise InvalidInput(str(message), field=name, code="required")
    if "postal_code" in cleaned:
        cleaned["postal_code"] = check_postal_code(cleaned["postal_code"])
    if cleaned.get("contact_phone"):
        cleaned["contact_phone"] = normalize_phone(cleaned["contact_phone"], field="contact_phone")
    return cleaned


def _lock_legal_entity(legal_entity_id: int) -> LegalEntity:
    return LegalEntity.objects.select_for_update().get(pk=legal_entity_id)


def _has_default(legal_entity_id: int) -> bool:
    return DeliveryAddress.objects.filter(
        legal_entity_id=legal_entity_id, is_active=True, is_default=True
    ).exists()


def _unset_default(legal_entity_id: int) -> None:
    """Precondition: the legal entity's row is locked."""
    DeliveryAddress.objects.filter(legal_entity_id=legal_entity_id, is_default=True).update(
        is_default=False, updated_at=timezone.now()
    )


@transaction.atomic
def address_create(
    *, actor: Actor, legal_entity: LegalEntity, is_default: bool = False, request=None, **fields
) -> DeliveryAddress:
    """Add a delivery address to a legal entity. City and address are required, the postal
    code is six digits if given, the phone on site is normalised to +7. The first active
    address of a legal entity becomes its default; `is_default` moves the default here."""
    check_can_edit_places(actor, client_id=legal_entity.client_id, legal_entity_id=legal_entity.pk)
    if not legal_entity.is_active:
        raise InvalidInput(
            _("Юрлицо не действует: адрес к нему добавить нельзя."), field="legal_entity_id"
        )
    cleaned = _clean_address(fields, partial=False)
    _lock_legal_entity(legal_entity.pk)
    address = DeliveryAddress(
        client_id=legal_entity.client_id, legal_entity=legal_entity, **cleaned
    )
    if is_default or not _has_default(legal_entity.pk):
        _unset_default(legal_entity.pk)
        address.is_default = True
    address.save()
    audit_record(action="address.created", user=actor.user, obj=address, request=request)
    return address


@transaction.atomic
def address_update(
    *, actor: Actor, address: DeliveryAddress, fields: Mapping[str, Any], request=None
) -> DeliveryAddress:
    """Change the given fields of an address (not its legal entity). `fields` is a mapping,
    not keyword arguments, because one of the fields is itself called `address`."""
    check_can_edit_places(
        actor, client_id=address.client_id, legal_entity_id=address.legal_entity_id
    )
    cleaned = _clean_address(fields, partial=True)
    before = audit_snapshot(address, list(cleaned))
    for name, value in cleaned.items():
        setattr(address, name, value)
    changes = audit_diff(before, audit_snapshot(address, list(cleaned)))
    if changes:
        address.save(update_fields=[*changes, "updated_at"])
        audit_record(
            action="address.changed", user=actor.user, obj=address, changes=changes, request=request
        )
    return address


@transaction.atomic
def address_set_default(*, actor: Actor, address: DeliveryAddress, request=None) -> DeliveryAddress:
    """Make an active address the default of its legal entity; the previous default stops
    being one. Takes the legal entity's row lock first."""
    check_can_edit_places(
        actor, client_id=address.client_id, legal_entity_id=address.legal_entity_id
    )
    _lock_legal_entity(address.legal_entity_id)
    address.refresh_from_db(fields=["is_active", "is_default"])
    if not address.is_active:
        raise InvalidInput(
            _("Отключённый адрес нельзя сделать адресом по умолчанию."), field="is_default"
        )
    if address.is_default:
        return address
    _unset_default(address.legal_entity_id)
    address.is_default = True
    address.save(update_fields=["is_default", "updated_at"])
    audit_record(action="address.default_set", user=actor.user, obj=address, request=request)
    return address


@transaction.atomic
def address_deactivate(*, actor: Actor, address: DeliveryAddress, request=None) -> DeliveryAddress:
    """Stop offering an address for deliveries (kept for past orders). If it was the
    default, the oldest remaining active address of the legal entity becomes the default."""
    check_can_edit_places(
        actor, client_id=address.client_id, legal_entity_id=address.legal_entity_id
    )
    _lock_legal_entity(address.legal_entity_id)
    address.refresh_from_db(fields=["is_active", "is_default"])
    if not address.is_active:
        return address
    was_default = address.is_default
    address.is_active = False
    address.is_default = False
    address.save(update_fields=["is_active", "is_default", "updated_at"])
    if was_default:
        _promote_oldest(address.legal_entity_id)
    audit_record(action="address.deactivated", user=actor.user, obj=address, request=request)
    return address


def _promote_oldest(legal_entity_id: int) -> None:
    """Precondition: the legal entity's row is locked and it has no active default."""
    successor = (
        DeliveryAddress.objects.filter(legal_entity_id=legal_entity_id, is_active=True)
        .order_by("created_at", "pk")
        .first()
    )
    if successor is not None:
        successor.is_default = True
        successor.save(update_fields=["is_default", "updated_at"])
