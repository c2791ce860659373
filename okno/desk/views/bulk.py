"""Bulk operations from the queue: the appeals ticked (or all the filter finds, up to
`BULK_MAX`) and an operation; first a preview of what changes and what is refused and why,
then, confirmed, the change itself and its outcome per appeal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from okno.core.errors import DomainError
from okno.core.schemas import parse_id
from okno.core.views import safe_next
from okno.desk.selectors.lists import appeals_chosen
from okno.desk.selectors.views import queue_filters
from okno.desk.services.bulk import (
    BULK_MAX,
    OPERATIONS,
    BulkChange,
    bulk_apply,
    bulk_check,
    bulk_preview,
)
from okno.desk.views.common import refused


def _change(post) -> BulkChange:
    return BulkChange(
        operation=post.get("operation", ""),
        assignee_id=parse_id(post.get("assignee_id")),
        team_id=parse_id(post.get("team_id")),
        status=post.get("to_status", ""),
        reason=(post.get("reason") or "").strip()[:500],
        priority=post.get("priority", ""),
        topic_id=parse_id(post.get("topic_id")),
        into=(post.get("into") or "").strip()[:40],
    )


def _back(request) -> str:
    return safe_next(request, "back") or reverse("desk:queue")


@login_required
@require_POST
def bulk(request):
    """Preview the operation on the chosen appeals; with `confirm`, apply it."""
    actor = request.actor
    back = _back(request)
    change = _change(request.POST)
    try:
        bulk_check(actor=actor, change=change)
    except DomainError as error:
        return refused(request, error, back=back)
    appeals, capped = _chosen(request)
    if not appeals:
        messages.error(request, _("Отметьте обращения в очереди."))
        return redirect(back)
    confirmed = bool(request.POST.get("confirm"))
    run = bulk_apply if confirmed else bulk_preview
    outcomes = run(actor=actor, appeals=appeals, change=change)
    context = {
        "outcomes": outcomes,
        "applied": confirmed,
        "capped": capped,
        "bulk_max": BULK_MAX,
        "change": change,
        "operation": OPERATIONS[change.operation],
        "done": sum(1 for outcome in outcomes if outcome.done),
        "refused": sum(1 for outcome in outcomes if not outcome.done),
        "back": back,
    }
    return TemplateResponse(request, "desk/staff/bulk.html", context)


def _chosen(request):
    post = request.POST
    if post.get("all") and not post.get("confirm"):
        filters = queue_filters(post, request.actor)
        return appeals_chosen(actor=request.actor, filters=filters, cap=BULK_MAX)
    ids = [found for found in map(parse_id, post.getlist("appeal")) if found is not None]
    return appeals_chosen(actor=request.actor, ids=ids[:BULK_MAX], cap=BULK_MAX)
