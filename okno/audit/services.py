"""Writing the audit log. Call inside the transaction of the change being recorded."""

from typing import Any

from django.db import models

from okno.audit.models import AuditEvent


def audit_record(
    *,
    action: str,
    user=None,
    obj: models.Model | None = None,
    client=None,
    changes: dict[str, Any] | None = None,
    request=None,
    user_label: str = "",
) -> AuditEvent:
    """Append one event. `changes` maps a field to `[old, new]` (see `audit_diff`)."""
    if client is None and obj is not None:
        client = _client_of(obj)
    return AuditEvent.objects.create(
        action=action,
        user=user if getattr(user, "pk", None) else None,
        user_label=user_label or (str(user) if getattr(user, "pk", None) else ""),
        client=client,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        changes=changes or {},
        ip=_ip_of(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:300] if request else ""),
    )


def audit_snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The values of `fields` as plain JSON-able values, to diff before and after a change."""
    return {name: _plain(getattr(instance, _attname(instance, name))) for name in fields}


def audit_diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields whose value changed, as `{field: [old, new]}` for an event's `changes`."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def _attname(instance: models.Model, name: str) -> str:
    field = instance._meta.get_field(name)
    return getattr(field, "attname", name)


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def _client_of(obj: models.Model):
    from okno.clients.models import Client

    if isinstance(obj, Client):
        return obj
    client_id = getattr(obj, "client_id", None)
    if client_id is None and hasattr(obj, "legal_entity"):
        client_id = obj.legal_entity.client_id
    return Client(pk=client_id) if client_id else None


def _ip_of(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None
