"""The history of a client: audit events about it, in words a manager reads.

Events are found by their `client`; the caller has already checked that the
actor sees the client (`client_card`), and the events carry nothing of other clients.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from okno.audit.models import AuditEvent
from okno.clients.models import Client
from okno.core.actor import Actor

ACTION_LABELS = {
    "client.created": _("Клиент создан"),
    "client.updated": _("Карточка клиента изменена"),
    "legal_entity.created": _("Юрлицо добавлено"),
    "legal_entity.updated": _("Юрлицо изменено"),
    "bank_account.created": _("Банковский счёт добавлен"),
    "bank_account.updated": _("Банковский счёт изменён"),
    "bank_account.deleted": _("Банковский счёт удалён"),
    "contract.created": _("Договор добавлен"),
    "contract.updated": _("Договор изменён"),
    "access.changed": _("Доступ к порталу изменён"),
    "invitation.sent": _("Отправлено приглашение"),
}
EMPTY = "—"


@dataclass(frozen=True)
class ChangeRow:
    """One changed field of an audit event, as the history shows it: label, old, new."""

    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    """An audit event with its action and changes put in words."""

    event: AuditEvent
    action: str
    changes: list[ChangeRow]


def client_history(*, actor: Actor, client: Client) -> QuerySet[AuditEvent]:
    """Audit events of a client the actor sees (checked by the caller), newest first."""
    return AuditEvent.objects.filter(client=client).select_related("user").order_by("-at", "-id")


def recent_history(*, actor: Actor, limit: int = 10) -> list[HistoryEntry]:
    """The latest events of all clients the actor sees, with the client's name."""
    visible = Client.objects.visible_to(actor).values("pk")
    events = (
        AuditEvent.objects.filter(client__in=visible)
        .select_related("user", "client")
        .order_by("-at", "-id")[:limit]
    )
    return describe(events)


def describe(events) -> list[HistoryEntry]:
    """Each event with its action and its changes as `field: old → new` in words."""
    return [
        HistoryEntry(
            event=event,
            action=str(ACTION_LABELS.get(event.action, event.action)),
            changes=_change_rows(event),
        )
        for event in events
    ]


def _change_rows(event: AuditEvent) -> list[ChangeRow]:
    model = _model_of(event.object_type)
    rows = []
    for name, pair in (event.changes or {}).items():
        old, new = pair if isinstance(pair, list | tuple) and len(pair) == 2 else (None, pair)
        field = _field_of(model, name)
        label = str(getattr(field, "verbose_name", name))
        choices = dict(field.flatchoices) if getattr(field, "choices", None) else {}
        rows.append(ChangeRow(label, _shown(old, choices), _shown(new, choices)))
    return rows


def _model_of(object_type: str):
    try:
        return apps.get_model(object_type) if object_type else None
    except (LookupError, ValueError):
        return None


def _field_of(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _shown(value: Any, choices: dict) -> str:
    if isinstance(value, str) and value in choices:
        return str(choices[value])
    if value is True:
        return str(_("да"))
    if value is False:
        return str(_("нет"))
    if value in (None, ""):
        return EMPTY
    return str(value)
