"""One appeal as its page and the API show it: the appeal, its claim lines, its thread
(internal notes and staff-only files only for staff), files, watchers; and the order and
shipment it is about."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404

from okno.core.actor import Actor
from okno.core.scoping import get_visible_or_404
from okno.desk import states
from okno.desk.models import Appeal, AppealEvent, Attachment, ClaimLine
from okno.desk.services.appeals import reopen_window_open
from okno.desk.services.rules import works_desk
from okno.orders.models import Shipment


@dataclass(frozen=True)
class AppealDetail:
    appeal: Appeal
    events: list[AppealEvent]
    claim_lines: list[ClaimLine]
    attachments: list[Attachment]
    shipment: Shipment | None
    can_close: bool
    can_reopen: bool
    can_write: bool


def appeal_get(*, actor: Actor, appeal_id: int) -> Appeal:
    """An appeal the actor sees; 404 for another client's or a missing one."""
    rows = Appeal.objects.select_related(
        "kind",
        "topic",
        "client",
        "legal_entity",
        "contact",
        "author",
        "assignee",
        "team",
        "order",
        "shipment",
    )
    return get_visible_or_404(rows, actor, pk=appeal_id)


def appeal_detail(*, actor: Actor, appeal_id: int) -> AppealDetail:
    """The appeal with everything its page shows, in a fixed number of queries."""
    appeal = appeal_get(actor=actor, appeal_id=appeal_id)
    staff = works_desk(actor)
    files = Attachment.objects.filter(appeal=appeal).select_related("claim_line")
    if not staff:
        files = files.filter(is_public=True)
    attachments = list(files)
    events = AppealEvent.objects.filter(appeal=appeal).select_related("author", "user")
    if not staff:
        events = events.filter(is_public=True)
    events_list = list(events)
    by_event: dict[int, list[Attachment]] = {}
    for attachment in attachments:
        if attachment.event_id is not None:
            by_event.setdefault(attachment.event_id, []).append(attachment)
    for event in events_list:
        event.files = by_event.get(event.pk, [])  # type: ignore[attr-defined]
    lines = list(
        ClaimLine.objects.filter(appeal=appeal)
        .select_related("order_line__product__base_unit", "shipment_line")
        .prefetch_related(Prefetch("photos", queryset=files))
    )
    shipment = None
    if appeal.shipment_id is not None:
        shipment = (
            Shipment.objects.select_related("warehouse")
            .prefetch_related("lines__order_line")
            .get(pk=appeal.shipment_id)
        )
    client = actor.is_client
    return AppealDetail(
        appeal=appeal,
        events=events_list,
        claim_lines=lines,
        attachments=attachments,
        shipment=shipment,
        can_close=client and states.client_may_close(appeal.status),
        can_reopen=client
        and states.client_may_reopen(appeal.status)
        and reopen_window_open(appeal),
        can_write=appeal.status not in states.FINISHED if client else staff,
    )


def attachment_get(*, actor: Actor, attachment_id: int) -> Attachment:
    """A file of an appeal the actor sees; staff-only files answer 404 to clients, as do
    another client's."""
    rows = Attachment.objects.filter(appeal__in=Appeal.objects.visible_to(actor))
    if not works_desk(actor):
        rows = rows.filter(is_public=True)
    found = rows.filter(pk=attachment_id).first()
    if found is None:
        raise Http404
    return found
