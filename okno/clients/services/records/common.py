"""What every records service does: check the actor may manage the client, record the change."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from okno.audit.services import audit_diff, audit_record, audit_snapshot
from okno.clients.models import Client
from okno.core.actor import Actor
from okno.core.errors import NotAllowed
from okno.core.roles import Perm


def check_may_manage(actor: Actor, client: Client) -> None:
    """Refuse (NotAllowed, 403) unless the actor manages clients and sees this one.

    Views look the object up with `get_visible_or_404` first, so another client's
    object is a 404 there; this check keeps services safe when called from code.
    """
    if not actor.can(Perm.CLIENTS_MANAGE):
        if actor.is_client:
            message = _(
                "Эти данные ведёт ваш менеджер: напишите или позвоните ему, и он внесёт изменения."
            )
        else:
            message = _("У вашей роли нет права изменять данные клиентов.")
        raise NotAllowed(message, code="not_allowed")
    if client.pk and not Client.objects.visible_to(actor).filter(pk=client.pk).exists():
        raise NotAllowed(_("Этот клиент закреплён за другим менеджером."), code="not_allowed")


def audit_change(action: str, actor: Actor, record: models.Model, changes: dict, request) -> None:
    """The audit event of a change to a record, filed under the record's client."""
    audit_record(action=action, user=actor.user, obj=record, changes=changes, request=request)


def check_known_fields(fields: dict[str, Any], allowed: Iterable[str]) -> None:
    """An unknown field is a mistake in the calling code, not in the user's input."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected fields: {', '.join(sorted(unknown))}")


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Field values for the audit log; a related object is recorded by its name, not its id."""
    names = list(fields)
    related = [n for n in names if instance._meta.get_field(n).is_relation]
    recorded = audit_snapshot(instance, [n for n in names if n not in related])
    for name in related:
        target = getattr(instance, name)
        recorded[name] = str(target) if target is not None else None
    for name in names:
        field = instance._meta.get_field(name)
        value = getattr(instance, name)
        if isinstance(field, models.DecimalField) and isinstance(value, Decimal):
            # 0 from a default and 0.00 from the database are the same amount
            recorded[name] = str(value.quantize(Decimal(1).scaleb(-field.decimal_places)))
    return {name: recorded[name] for name in names}


def changes_since(
    before: dict[str, Any], instance: models.Model, fields: Iterable[str]
) -> dict[str, list[Any]]:
    """The audit diff (field → [old, new]); for a new record (`before` empty) the filled fields."""
    changes = audit_diff(before, snapshot(instance, fields))
    if not before:
        changes = {k: v for k, v in changes.items() if v[1] not in ("", None, False)}
    return changes


def set_fields(instance: models.Model, cleaned: dict[str, Any]) -> None:
    """Put cleaned values on the instance; the caller saves it."""
    for name, value in cleaned.items():
        setattr(instance, name, value)


@contextlib.contextmanager
def unchanged_on_error(instance: models.Model) -> Iterator[None]:
    """A refused change leaves the caller's object as it was: the transaction rolls back
    the rows, not the Python object a view goes on to show."""
    saved = {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}
    try:
        yield
    except Exception:
        for attname, value in saved.items():
            setattr(instance, attname, value)
        raise
