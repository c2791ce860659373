"""The client: creating it and changing its card."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from okno.accounts.models import User
from okno.clients.models import Client, SupportTier
from okno.clients.services.records import values
from okno.clients.services.records.common import (
    audit_change,
    changes_since,
    check_known_fields,
    check_may_manage,
    set_fields,
    snapshot,
)
from okno.core.actor import Actor
from okno.core.errors import InvalidInput, NotAllowed
from okno.core.phone import normalize_phone
from okno.core.roles import Perm, StaffRole

MANAGER_ROLES = (StaffRole.MANAGER, StaffRole.ADMIN)
CLIENT_FIELDS = (
    "name",
    "kind",
    "manager",
    "email",
    "phone",
    "is_dealer",
    "support_tier",
    "support_hours",
    "notes",
    "is_active",
)


def _clean_manager(value: Any) -> User | None:
    manager_id = values.object_id(value, field="manager")
    if manager_id is None:
        return None
    manager = User.objects.filter(
        pk=manager_id, staff_role__in=MANAGER_ROLES, is_active=True
    ).first()
    if manager is None:
        raise InvalidInput(
            _("Ответственным может быть только действующий менеджер или администратор."),
            field="manager",
        )
    return manager


def _clean_phone(value: Any) -> str:
    raw = "" if value is None else str(value).strip()
    return normalize_phone(raw, field="phone") if raw else ""


_CLEANERS: dict[str, Callable[[Any], Any]] = {
    "name": lambda v: values.text(
        v, field="name", label=_("Название"), max_length=300, required=True
    ),
    "kind": lambda v: values.choice(v, Client.Kind, field="kind"),
    "manager": _clean_manager,
    "email": values.email,
    "phone": _clean_phone,
    "is_dealer": lambda v: values.flag(v, field="is_dealer"),
    "support_tier": lambda v: values.choice(v, SupportTier, field="support_tier"),
    "support_hours": lambda v: values.integer(
        v, field="support_hours", label=_("Часов поддержки в месяц"), minimum=0, maximum=10_000
    ),
    "notes": lambda v: values.text(v, field="notes", label=_("Заметки"), max_length=5000),
    "is_active": lambda v: values.flag(v, field="is_active"),
}


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    check_known_fields(fields, CLIENT_FIELDS)
    return {name: _CLEANERS[name](value) for name, value in fields.items()}


def _check_manager_assignable(actor: Actor, manager: User | None, current_id: int | None) -> None:
    """A manager keeps their own clients; handing a client to someone else is for admins."""
    new_id = manager.pk if manager is not None else None
    if new_id == current_id or actor.can(Perm.CLIENTS_VIEW_ALL):
        return
    if new_id != actor.user_id:
        raise NotAllowed(
            _("Назначить клиенту другого менеджера может только администратор."),
            field="manager",
        )


@transaction.atomic
def client_create(
    *, actor: Actor, name: str, kind: str = Client.Kind.COMPANY, request=None, **fields: Any
) -> Client:
    """Create a client (a company, a holding or an individual customer).

    A manager who creates a client becomes its responsible manager; only
    administrators may name someone else.
    """
    check_may_manage(actor, Client())
    if "manager" not in fields and actor.staff_role == StaffRole.MANAGER:
        fields["manager"] = actor.user
    cleaned = _clean({"name": name, "kind": kind, **fields})
    _check_manager_assignable(actor, cleaned.get("manager"), current_id=None)
    client = Client()
    set_fields(client, cleaned)
    client.save()
    changes = changes_since({}, client, CLIENT_FIELDS)
    audit_change("client.created", actor, client, changes, request)
    return client


@transaction.atomic
def client_update(*, actor: Actor, client: Client, request=None, **fields: Any) -> Client:
    """Change the client's card: only the fields given change, each one checked."""
    check_may_manage(actor, client)
    cleaned = _clean(fields)
    if "manager" in cleaned:
        _check_manager_assignable(actor, cleaned["manager"], current_id=client.manager_id)
    before = snapshot(client, CLIENT_FIELDS)
    set_fields(client, cleaned)
    changes = changes_since(before, client, CLIENT_FIELDS)
    if changes:
        client.save(update_fields=[*changes, "updated_at"])
        audit_change("client.updated", actor, client, changes, request)
    if "support_tier" in changes:
        _support_tier_changed(client)
    return client


def _support_tier_changed(client: Client) -> None:
    """The desk's SLA policies are chosen by the level of service: its open appeals get
    their clocks again. Imported here, as the desk builds on clients, not the other way."""
    from okno.desk.sla.services import client_tier_changed

    client_tier_changed(client_id=client.pk)
