"""Who may change a client's people and places. Services call these before writing;
views and the API check the same rules so the buttons match what a service accepts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from okno.clients.models import Client
from okno.core.actor import Actor
from okno.core.errors import InvalidInput, NotAllowed
from okno.core.roles import Perm

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def staff_sees_client(actor: Actor, client_id: int) -> bool:
    """Whether a staff member's role lets them see this client (one query)."""
    return Client.objects.visible_to(actor).filter(pk=client_id).exists()


def check_can_edit_places(actor: Actor, *, client_id: int, legal_entity_id: int | None) -> None:
    """Addresses and contacts: the client's own people with `profile.edit` (addresses only
    for the legal entities they act for), or staff who manage the client."""
    if actor.is_client:
        if actor.client_id != client_id or not actor.can(Perm.PROFILE_EDIT):
            raise NotAllowed(_("Недостаточно прав, чтобы менять данные клиента."))
        if legal_entity_id is not None and legal_entity_id not in actor.legal_entity_ids:
            raise NotAllowed(_("Вы не действуете от имени этого юрлица."), field="legal_entity_id")
        return
    if actor.can(Perm.CLIENTS_MANAGE) and staff_sees_client(actor, client_id):
        return
    raise NotAllowed(_("Недостаточно прав, чтобы менять данные клиента."))


def can_manage_people(actor: Actor, client_id: int) -> bool:
    """Staff who connect people to a client they see, or the client's own admin."""
    if actor.is_client:
        return actor.client_id == client_id and actor.can(Perm.COLLEAGUES_MANAGE)
    return actor.can(Perm.CLIENTS_CONNECT_PEOPLE) and staff_sees_client(actor, client_id)


def check_can_manage_people(actor: Actor, client_id: int) -> None:
    """Refuse (NotAllowed, 403) unless `can_manage_people`: services that connect people or
    change their access call it first."""
    if not can_manage_people(actor, client_id):
        raise NotAllowed(_("Недостаточно прав, чтобы управлять доступом сотрудников клиента."))


def clean_text(
    fields: Mapping[str, Any], name: str, *, max_length: int, label: StrOrPromise
) -> str:
    """A stripped text input, refused with the field named when it is too long."""
    value = str(fields.get(name) or "").strip()
    if len(value) > max_length:
        message = _("Поле «%(label)s» длиннее %(max_length)s символов.") % {
            "label": label,
            "max_length": max_length,
        }
        raise InvalidInput(message, field=name, code="max_length")
    return value
