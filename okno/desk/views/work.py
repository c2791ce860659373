"""The appeal page's working aids for operators: time spent, and a canned reply put into
the answer's text (`?canned=<id>` on the appeal page, so it works without scripts)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from okno.core.errors import DomainError, InvalidInput
from okno.core.roles import Perm
from okno.core.schemas import parse_id
from okno.desk.models import Appeal, TimeEntry
from okno.desk.selectors.appeal import appeal_get
from okno.desk.services.work import (
    appeal_time_add,
    appeal_time_remove,
    canned_replies,
    canned_reply_fill,
    minutes_parse,
)
from okno.desk.views.common import refused


def work_context(request, appeal: Appeal) -> dict:
    """What the appeal page shows of time and canned replies; the reply's text filled
    when the operator chose a canned reply."""
    entries = list(TimeEntry.objects.filter(appeal=appeal).select_related("user"))
    context = {
        "time_entries": entries,
        "time_total": sum(entry.minutes for entry in entries),
        "canned_replies": canned_replies(),
        "today": timezone.localdate(),
        "removes_any_time": request.actor.can(Perm.DESK_SUPERVISE),
        "reply_text": "",
    }
    chosen = parse_id(request.GET.get("canned"))
    if chosen:
        try:
            context["reply_text"] = canned_reply_fill(
                actor=request.actor, appeal=appeal, reply_id=chosen
            )
        except DomainError as error:
            messages.error(request, error.message)
    return context


@login_required
@require_POST
def time_add(request, pk: int):
    found = appeal_get(actor=request.actor, appeal_id=pk)
    back = reverse("desk:staff_appeal", args=[pk]) + "#time-title"
    data = request.POST
    try:
        minutes = minutes_parse(data.get("minutes", ""))
        appeal_time_add(
            actor=request.actor,
            appeal=found,
            minutes=minutes,
            day=_day(data.get("day", "")),
            note=data.get("note", ""),
        )
    except DomainError as error:
        return refused(request, error, back=back)
    messages.success(request, _("Время записано: %(minutes)s мин.") % {"minutes": minutes})
    return redirect(back)


@login_required
@require_POST
def time_remove(request, pk: int, entry_id: int):
    found = appeal_get(actor=request.actor, appeal_id=pk)
    back = reverse("desk:staff_appeal", args=[pk]) + "#time-title"
    try:
        appeal_time_remove(actor=request.actor, appeal=found, entry_id=entry_id)
    except DomainError as error:
        return refused(request, error, back=back)
    messages.success(request, _("Запись времени удалена."))
    return redirect(back)


def _day(raw: str) -> datetime.date | None:
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError as error:
        raise InvalidInput(
            _("Дата не распознана: «%(raw)s».") % {"raw": raw}, field="day"
        ) from error
