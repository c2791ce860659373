"""Assignment on the operators' pages: one's own availability (from the queue), the
supervisor's page of operators with their state and open workload, handing all of an
absent operator's appeals on, and «take into work» with its renewal while the page is
open.

An operator's id in a URL is looked up for supervisors only: anyone else gets 404, as
for a missing one."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from okno.core.errors import DomainError, NotAllowed
from okno.core.schemas import parse_id
from okno.core.views import safe_next
from okno.desk.models import Availability
from okno.desk.selectors.appeal import appeal_get
from okno.desk.selectors.assign import operators_board
from okno.desk.services.assign import (
    availability_set,
    desk_operator,
    operator_appeals_reassign,
)
from okno.desk.services.locks import appeal_lock_renew, appeal_release, appeal_take
from okno.desk.services.rules import desk_staff, supervises_desk
from okno.desk.views.common import refused, supervisor_only


def _operator(request, user_id: int):
    """The operator a supervisor acts on; 404 for anyone else, as for a missing one."""
    if not supervises_desk(request.actor):
        raise Http404
    try:
        return desk_operator(user_id)
    except DomainError as error:
        raise Http404 from error


def _until(raw: str) -> datetime.datetime | None:
    """The form's `datetime-local` value, in the company's time zone."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError as error:
        raise DomainError(_("Время «%(value)s» не распознано.") % {"value": text}) from error
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


@login_required
@require_POST
def availability_own(request):
    """An operator marks themselves on shift, away or on leave from the queue."""
    back = safe_next(request) or reverse("desk:queue")
    try:
        availability_set(
            actor=request.actor,
            user_id=request.actor.user_id,
            state=request.POST.get("state", ""),
            until=_until(request.POST.get("until", "")),
        )
    except DomainError as error:
        return refused(request, error, back=back)
    messages.success(request, _("Состояние отмечено."))
    return redirect(back)


@login_required
def operators(request):
    """The supervisor's page: every operator with their state, since when and until when,
    and open appeals."""
    supervisor_only(request)
    context = {
        "rows": operators_board(),
        "states": Availability.choices,
        "operators": desk_staff(),
    }
    return TemplateResponse(request, "desk/staff/operators.html", context)


@login_required
@require_POST
def operator_availability(request, user_id: int):
    operator = _operator(request, user_id)
    back = reverse("desk:operators")
    try:
        availability_set(
            actor=request.actor,
            user_id=operator.pk,
            state=request.POST.get("state", ""),
            until=_until(request.POST.get("until", "")),
        )
    except DomainError as error:
        return refused(request, error, back=back)
    messages.success(request, _("Состояние оператора %(name)s отмечено.") % {"name": operator})
    return redirect(back)


@login_required
@require_POST
def operator_reassign(request, user_id: int):
    """All open appeals of the operator to a chosen colleague, or by the teams' rules."""
    operator = _operator(request, user_id)
    back = reverse("desk:operators")
    raw = request.POST.get("to", "rules")
    try:
        count = operator_appeals_reassign(
            actor=request.actor,
            user_id=operator.pk,
            to_user_id=None if raw == "rules" else parse_id(raw),
        )
    except DomainError as error:
        return refused(request, error, back=back)
    messages.success(
        request,
        _("Передано обращений оператора %(name)s: %(count)s.") % {"name": operator, "count": count},
    )
    return redirect(back)


@login_required
@require_POST
def lock(request, pk: int):
    """Take into work (`action=take`), break a colleague's hold (`break`) or let go
    (`release`)."""
    found = appeal_get(actor=request.actor, appeal_id=pk)
    back = reverse("desk:staff_appeal", args=[pk])
    action = request.POST.get("action", "take")
    try:
        if action == "release":
            appeal_release(actor=request.actor, appeal=found)
            messages.success(request, _("Обращение отпущено."))
        else:
            appeal_take(actor=request.actor, appeal=found, force=action == "break")
            messages.success(request, _("Обращение в работе у вас."))
    except DomainError as error:
        return refused(request, error, back=back)
    return redirect(back)


@login_required
@require_POST
def lock_renew(request, pk: int):
    """The open page's poll: keep one's hold and answer the hold's line anew."""
    found = appeal_get(actor=request.actor, appeal_id=pk)
    try:
        appeal = appeal_lock_renew(actor=request.actor, appeal=found)
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.message) from refusal
    return TemplateResponse(request, "desk/staff/_lock.html", lock_context(request, appeal))


def lock_context(request, appeal) -> dict:
    """The appeal page's line about who holds it: a colleague (with the way to break
    it), oneself (renewed by the poll), or nobody — with «take into work» only where the
    appeal may be taken (it is open)."""
    now = timezone.now()
    mine = appeal.locked_by_id == request.actor.user_id and appeal.locked_until is not None
    return {
        "appeal": appeal,
        "may_take": appeal.may_be_taken,
        "held_by_other": appeal.locked_for(request.actor.user_id, now),
        "held_by_me": appeal.may_be_taken and mine and appeal.locked_until > now,
    }
