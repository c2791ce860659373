"""Reading the audit log: administrators (and whoever holds `audit.view`) see all of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.audit.models import AuditEvent
from okno.core.actor import Actor
from okno.core.errors import NotAllowed
from okno.core.roles import Perm


@dataclass(frozen=True)
class AuditFilters:
    """What the audit page narrows the log by; empty values do not filter."""

    action: str = ""
    user: str = ""
    client: str = ""
    object_type: str = ""
    date_from: date | None = None
    date_to: date | None = None


def audit_event_list(*, actor: Actor, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """Events newest first, with the user and client joined (one query per page)."""
    if not actor.can(Perm.AUDIT_VIEW):
        raise NotAllowed(_("Журнал аудита доступен только администраторам."))
    events = AuditEvent.objects.select_related("user", "client")
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.user:
        events = events.filter(_user_match(filters.user))
    if filters.client:
        events = events.filter(_client_match(filters.client))
    if filters.date_from:
        events = events.filter(at__gte=_day_start(filters.date_from))
    if filters.date_to:
        events = events.filter(at__lt=_day_start(filters.date_to + timedelta(days=1)))
    return events.order_by("-at", "-id")


def _user_match(text: str) -> Q:
    text = text.strip()
    match = (
        Q(user_label__ucontains=text)
        | Q(user__email__ucontains=text)
        | Q(user__phone__ucontains=text)
        | Q(user__full_name__ucontains=text)
    )
    return match | Q(user_id=int(text)) if text.isdigit() and len(text) < 10 else match


def _client_match(text: str) -> Q:
    text = text.strip()
    match = Q(client__name__ucontains=text)
    return match | Q(client_id=int(text)) if text.isdigit() and len(text) < 10 else match


def _day_start(day: date) -> datetime:
    """Midnight of `day` in the company's time zone, so the range matches the dates shown."""
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_choices() -> tuple[list[str], list[str]]:
    """The actions and object types present in the log, for the filter lists."""
    actions = AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct()
    types = (
        AuditEvent.objects.exclude(object_type="")
        .order_by("object_type")
        .values_list("object_type", flat=True)
        .distinct()
    )
    return list(actions), list(types)
