"""One appeal as its page and the API show it: the appeal, its claim lines with their
resolutions and totals, its thread (internal notes and staff-only files only for staff),
files, watchers; and the order and shipment it is about."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404

from okno.core.actor import Actor
from okno.core.scoping import get_visible_or_404
from okno.desk import states
from okno.desk.models import Appeal, AppealEvent, Attachment, ClaimLine, ClaimResolution
from okno.desk.selectors.mail import letters_of_events
from okno.desk.services.appeals import reopen_window_open
from okno.desk.services.ratings import may_rate
from okno.desk.services.resolutions import line_totals
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
    can_rate: bool
    can_resolve: bool

    @property
    def fully_resolved(self) -> bool:
        """Every claim line resolved in its whole quantity (a claim may then be resolved)."""
        return all(
            line.totals.quantity >= line.quantity  # type: ignore[attr-defined]
            for line in self.claim_lines
        )


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
        "duplicate_of",
        "merged_into",
    )
    return get_visible_or_404(rows, actor, pk=appeal_id)


def appeal_detail(*, actor: Actor, appeal_id: int) -> AppealDetail:
    """The appeal with everything its page shows, in a fixed number of queries."""
    appeal = appeal_get(actor=actor, appeal_id=appeal_id)
    staff = works_desk(actor)
    sources = merged_sources(appeal)
    files = Attachment.objects.filter(appeal_id__in=sources).select_related("claim_line")
    if not staff:
        files = files.filter(is_public=True)
    attachments = list(files)
    events = AppealEvent.objects.filter(appeal_id__in=sources).select_related(
        "author", "user", "appeal", "related_appeal"
    )
    if not staff:
        events = events.filter(is_public=True)
    events_list = list(events)
    by_event: dict[int, list[Attachment]] = {}
    for attachment in attachments:
        if attachment.event_id is not None:
            by_event.setdefault(attachment.event_id, []).append(attachment)
    letters = letters_of_events(actor=actor, appeal_ids=sources)
    for event in events_list:
        event.files = by_event.get(event.pk, [])  # type: ignore[attr-defined]
        event.letter = letters.get(event.pk)  # type: ignore[attr-defined]
    lines = list(
        ClaimLine.objects.filter(appeal=appeal)
        .select_related("order_line__product__base_unit", "shipment_line")
        .prefetch_related(
            Prefetch("photos", queryset=files),
            Prefetch(
                "resolutions",
                queryset=ClaimResolution.objects.select_related(
                    "rejection_reason", "replacement_order", "created_by"
                ),
            ),
        )
    )
    _with_resolutions(lines)
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
        can_write=appeal.status in states.OPEN if client else staff,
        can_rate=client and may_rate(appeal),
        can_resolve=staff and appeal.status in states.OPEN,
    )


def merged_sources(appeal: Appeal) -> list[int]:
    """The appeal's id and those of every appeal merged into it (and into those, in
    turn): the thread and files of all of them are read as one, oldest first."""
    found = [appeal.pk]
    wave = [appeal.pk]
    while wave:
        wave = list(Appeal.objects.filter(merged_into_id__in=wave).values_list("pk", flat=True))
        found.extend(wave)
    return found


def _with_resolutions(lines: list[ClaimLine]) -> None:
    """Put on each line its standing resolutions (those not cancelled, with `cancelled`
    rows for staff to read) and its totals (`totals`: value, resolved quantity, money)."""
    for line in lines:
        rows = list(line.resolutions.all())
        reversed_ids = {row.reverses_id for row in rows if row.reverses_id is not None}
        originals = [row for row in rows if row.reverses_id is None]
        for row in originals:
            row.cancelled = row.pk in reversed_ids  # type: ignore[attr-defined]
        line.resolution_rows = originals  # type: ignore[attr-defined]
        line.standing = [row for row in originals if not row.cancelled]  # type: ignore[attr-defined]
        line.totals = line_totals(line, rows)  # type: ignore[attr-defined]


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
