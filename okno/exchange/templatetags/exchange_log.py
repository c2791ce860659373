"""Filters of the exchange log pages: durations and the statuses' colours."""

from datetime import timedelta

from django import template
from django.utils.translation import gettext as _

from okno.exchange.labels import phase_label

register = template.Library()

STATUS_BADGES = {
    "success": "text-bg-success",
    "done": "text-bg-success",
    "failure": "text-bg-danger",
    "failed": "text-bg-danger",
    "open": "text-bg-info",
    "running": "text-bg-info",
    "pending": "text-bg-secondary",
}


@register.filter
def duration(value) -> str:
    """A timedelta or milliseconds as «850 мс», «12 с», «3 мин 05 с», «2 ч 07 мин»."""
    if value is None or value == "":
        return ""
    ms = int(value.total_seconds() * 1000) if isinstance(value, timedelta) else int(value)
    if ms < 1000:
        return _("%(ms)s мс") % {"ms": ms}
    seconds = ms // 1000
    if seconds < 60:
        return _("%(s)s с") % {"s": seconds}
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return _("%(m)s мин %(s)02d с") % {"m": minutes, "s": seconds}
    hours, minutes = divmod(minutes, 60)
    return _("%(h)s ч %(m)02d мин") % {"h": hours, "m": minutes}


@register.filter
def status_badge(status: str) -> str:
    """The Bootstrap badge class of a session's or job's status."""
    return STATUS_BADGES.get(status, "text-bg-secondary")


@register.filter
def exchange_phase(phase: str) -> str:
    """An import job's phase as people read it («предложения», «готово»)."""
    return phase_label(phase)
