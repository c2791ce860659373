"""Merging and splitting appeals from the appeal's page (desk staff): merge this appeal
into another of the same client (by its number, or the one a duplicate flag suggests), or
take chosen claim lines, with copies of chosen messages, into a new appeal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from okno.core.errors import DomainError
from okno.core.schemas import parse_id
from okno.desk import states
from okno.desk.models import EventKind
from okno.desk.selectors.appeal import AppealDetail, appeal_get
from okno.desk.services.merge import appeal_merge, appeal_split, merge_target
from okno.desk.views.common import refused


def merge_context(detail: AppealDetail) -> dict:
    """What the appeal's page needs for its merge and split forms."""
    appeal = detail.appeal
    own_messages = [
        event
        for event in detail.events
        if event.appeal_id == appeal.pk and event.kind in (EventKind.CREATED, EventKind.MESSAGE)
    ]
    return {"merge_open": appeal.status in states.OPEN, "split_messages": own_messages}


@login_required
@require_POST
def merge(request, pk: int):
    """Merge this appeal into the one named by `into` (its number or id)."""
    found = appeal_get(actor=request.actor, appeal_id=pk)
    back = reverse("desk:staff_appeal", args=[pk])
    try:
        into = merge_target(actor=request.actor, value=request.POST.get("into"))
        target = appeal_merge(actor=request.actor, appeal=found, into=into)
    except DomainError as error:
        return refused(request, error, back=back)
    messages.success(
        request, _("Обращение %(number)s объединено с этим.") % {"number": found.number}
    )
    return redirect("desk:staff_appeal", target.pk)


@login_required
@require_POST
def split(request, pk: int):
    """Take the ticked claim lines (and copies of the ticked messages) into a new appeal."""
    found = appeal_get(actor=request.actor, appeal_id=pk)
    back = reverse("desk:staff_appeal", args=[pk])
    try:
        new = appeal_split(
            actor=request.actor,
            appeal=found,
            line_ids=_ids(request.POST.getlist("line")),
            event_ids=_ids(request.POST.getlist("event")),
            subject=request.POST.get("subject", "")[:200],
        )
    except DomainError as error:
        return refused(request, error, back=back)
    messages.success(request, _("Выделено из %(number)s.") % {"number": found.number})
    return redirect("desk:staff_appeal", new.pk)


def _ids(raw: list[str]) -> list[int]:
    return [found for found in map(parse_id, raw) if found is not None]
