"""Appeals in /api/v1/: the portal's and the call centre's way in, and the same reads.

`POST /appeals` files an appeal, or a claim when `kind` is a claim kind (then `order_id`,
`shipment_id` and `lines` are required). With `external_id` the call is idempotent for its
caller: the same id again answers the appeal made the first time, 200 instead of 201.
Files travel as base64 (`files`, and `photos` of a claim line). A client's person files
and reads their own client's appeals; desk staff (a call centre's token) any client's.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from okno.core.errors import InvalidInput
from okno.core.pagination import Page, page_of, page_schema
from okno.core.schemas import Id, Text
from okno.desk.api.outcome import (
    CsatOut,
    LineTotalsOut,
    ResolutionOut,
    csat_out,
    line_totals_out,
    resolution_out,
)
from okno.desk.api.sla import SlaOut, SlaStateName, sla_out
from okno.desk.models import Appeal, AppealEvent, AppealKind, Channel
from okno.desk.selectors.appeal import appeal_detail, appeal_get
from okno.desk.selectors.lists import QueueFilters, appeals_listed, queue_ids
from okno.desk.selectors.sla import appeal_sla_view
from okno.desk.services import (
    AppealIn,
    ClaimLineIn,
    FileIn,
    appeal_create,
    appeal_message_add,
    claim_create,
)
from okno.desk.services.rules import works_desk

router = Router(tags=["appeals"])

StatusName = Literal[
    "new", "in_progress", "awaiting_client", "resolved", "closed", "reopened", "merged"
]


class FileBody(Schema):
    name: Text = Field(max_length=200)
    content_base64: str = Field(description="The file's bytes in base64.")


class ClaimLineBody(Schema):
    shipment_line_id: Id
    claim_type: Literal["picking_error", "regrading", "shortage", "breakage", "expired", "defect"]
    quantity: Decimal = Field(description="In the product's base unit.")
    resolution: Literal["refund", "replacement", "credit_note", "return_pickup"] = "refund"
    expected_article: Text = Field("", max_length=100)
    received_article: Text = Field("", max_length=100)
    batch: Text = Field("", max_length=60)
    expiry_date: dt.date | None = None
    comment: Text = Field("", max_length=1000)
    photos: list[FileBody] = Field(default_factory=list, max_length=10)


class AppealBody(Schema):
    kind: Text = Field(max_length=40, description="An appeal kind's code: claim, question…")
    subject: Text = Field(max_length=200)
    text: Text = Field(max_length=20000)
    topic_id: Id | None = None
    priority: Literal["low", "normal", "high", "urgent"] = "normal"
    client_id: Id | None = Field(None, description="Desk staff only: whose appeal it is.")
    legal_entity_id: Id | None = None
    contact_id: Id | None = None
    order_id: Id | None = None
    shipment_id: Id | None = None
    lines: list[ClaimLineBody] = Field(default_factory=list, max_length=500)
    external_id: Text | None = Field(None, max_length=80)
    channel: Literal["portal", "phone", "email", "api"] = "api"
    files: list[FileBody] = Field(default_factory=list, max_length=10)


class MessageBody(Schema):
    text: Text = Field(max_length=20000)
    internal: bool = Field(False, description="Desk staff: a note the client does not see.")
    await_client: bool = Field(False, description="Desk staff: wait for the client's answer.")
    files: list[FileBody] = Field(default_factory=list, max_length=10)


class AppealOut(Schema):
    id: int
    number: str
    kind: str
    kind_name: str
    topic: str | None
    subject: str
    status: StatusName
    status_name: str
    priority: str
    channel: str
    client_id: int | None = Field(description="Empty for a letter from no known client.")
    client_name: str
    legal_entity_id: int | None
    order_id: int | None
    order_number: str | None
    shipment_id: int | None
    assignee_id: int | None
    team_id: int | None
    late: bool
    late_reason: str
    duplicate_of_id: int | None = Field(
        description="Flagged on arrival as a repeat of this open appeal: the one to merge into."
    )
    duplicate_reason: str
    merged_into_id: int | None = Field(description="Status «merged»: the appeal it went into.")
    external_id: str | None
    csat: CsatOut | None = Field(description="The client's rating of the resolution, 1–5.")
    created_at: dt.datetime
    updated_at: dt.datetime


AppealList = page_schema("AppealList", AppealOut)


class EventOut(Schema):
    id: int
    kind: str
    at: dt.datetime
    author: str | None
    is_public: bool
    direction: str
    channel: str
    body: str
    from_status: str
    to_status: str
    reason: str
    files: list[str]
    appeal_id: int = Field(description="Where the entry was written: this appeal or one merged in.")
    related_appeal_id: int | None = Field(description="The other appeal of a merge or split.")


class ClaimLineOut(Schema):
    id: int
    shipment_line_id: int
    order_line_id: int
    article: str
    claim_type: str
    quantity: Decimal
    resolution: str
    expected_article: str
    received_article: str
    batch: str
    expiry_date: dt.date | None
    late: bool
    totals: LineTotalsOut
    resolutions: list[ResolutionOut] = Field(
        description="What was decided; the client sees the standing ones, staff also those "
        "cancelled."
    )


class AppealDetailOut(AppealOut):
    events: list[EventOut]
    lines: list[ClaimLineOut]
    sla: SlaOut | None = Field(
        description="Desk staff: the appeal's SLA clocks (null for the client's people and "
        "when no policy applies)."
    )


class AppealFilters(Schema):
    q: Text = Field("", max_length=100, description="Number, client, ИНН, order, subject.")
    status: StatusName | None = None
    kind: Text | None = Field(None, max_length=40)
    channel: Literal["portal", "phone", "email", "api", "telegram"] | None = None
    assignee_id: Id | None = None
    csat: Literal["1", "2", "3", "4", "5", "rated", "unrated"] | None = Field(
        None, description="A rating, any rating, or finished without one."
    )
    sla_state: SlaStateName | None = None


@router.get("/appeals", response=AppealList, url_name="appeal_list")
def list_appeals(request, filters: Query[AppealFilters], page: Query[Page]):
    """Appeals the caller sees, newest first (every status unless `status` is given)."""
    kind_id = None
    if filters.kind:
        kind_id = AppealKind.objects.filter(code=filters.kind).values_list("pk", flat=True).first()
        if kind_id is None:
            raise InvalidInput(_("Нет такого вида обращения."), field="kind")
    ids = queue_ids(
        actor=request.actor,
        filters=QueueFilters(
            search=filters.q.strip(),
            status=filters.status,
            kind_id=kind_id,
            channel=filters.channel,
            assignee_id=filters.assignee_id,
            csat=filters.csat,
            sla_state=filters.sla_state,
        ),
    )
    found = page_of(ids, page)
    return {**found, "items": [appeal_out(row) for row in appeals_listed(found["items"])]}


@router.post(
    "/appeals", response={200: AppealDetailOut, 201: AppealDetailOut}, url_name="appeal_create"
)
def create_appeal(request, payload: AppealBody):
    """File an appeal or a claim; 201 when made, 200 when `external_id` names one made
    before by the same caller."""
    actor = request.actor
    data = AppealIn(
        kind=payload.kind,
        subject=payload.subject,
        text=payload.text,
        topic_id=payload.topic_id,
        priority=payload.priority,
        client_id=payload.client_id,
        legal_entity_id=payload.legal_entity_id,
        contact_id=payload.contact_id,
        order_id=payload.order_id,
        external_id=payload.external_id,
        files=files_in(payload.files, "files"),
    )
    channel = Channel.PORTAL if actor.is_client and payload.channel != "api" else payload.channel
    if AppealKind.objects.filter(code=payload.kind, is_claim=True).exists():
        if payload.shipment_id is None:
            raise InvalidInput(_("Укажите отгрузку."), field="shipment_id")
        appeal, created = claim_create(
            actor=actor,
            data=data,
            shipment_id=payload.shipment_id,
            lines=[_line(line, index) for index, line in enumerate(payload.lines)],
            channel=channel,
        )
    else:
        appeal, created = appeal_create(actor=actor, data=data, channel=channel)
    return Status(201 if created else 200, detail_out(actor, appeal.pk))


@router.get("/appeals/{int:appeal_id}", response=AppealDetailOut, url_name="appeal_detail")
def get_appeal(request, appeal_id: Id):
    """An appeal with its thread (staff also see internal notes) and claim lines."""
    return detail_out(request.actor, appeal_id)


@router.post("/appeals/{appeal_id}/messages", response={201: EventOut}, url_name="appeal_message")
def post_message(request, appeal_id: Id, payload: MessageBody):
    """A message in the appeal's thread: a client's answer, or a desk operator's reply
    (sent to the client by e-mail) or internal note."""
    appeal = appeal_get(actor=request.actor, appeal_id=appeal_id)
    event = appeal_message_add(
        actor=request.actor,
        appeal=appeal,
        text=payload.text,
        files=files_in(payload.files, "files"),
        internal=payload.internal,
        await_client=payload.await_client,
        channel=Channel.PORTAL if request.actor.is_client else Channel.API,
    )
    event.files = list(event.attachments.all())  # type: ignore[attr-defined]
    return Status(201, event_out(event))


def files_in(files: list[FileBody], field: str) -> list[FileIn]:
    decoded = []
    for index, item in enumerate(files):
        try:
            content = base64.b64decode(item.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise InvalidInput(
                _("Файл не в base64."), field=f"{field}.{index}.content_base64"
            ) from None
        decoded.append(FileIn(name=item.name, content=content))
    return decoded


def _line(line: ClaimLineBody, index: int) -> ClaimLineIn:
    return ClaimLineIn(
        shipment_line_id=line.shipment_line_id,
        claim_type=line.claim_type,
        quantity=line.quantity,
        resolution=line.resolution,
        expected_article=line.expected_article,
        received_article=line.received_article,
        batch=line.batch,
        expiry_date=line.expiry_date,
        comment=line.comment,
        photos=files_in(line.photos, f"lines.{index}.photos"),
    )


def appeal_out(appeal: Appeal) -> dict:
    """An appeal as lists show it. Precondition: kind, topic, client and order selected."""
    return {
        "id": appeal.pk,
        "number": appeal.number,
        "kind": appeal.kind.code,
        "kind_name": appeal.kind.name,
        "topic": appeal.topic.name if appeal.topic else None,
        "subject": appeal.subject,
        "status": appeal.status,
        "status_name": appeal.get_status_display(),
        "priority": appeal.priority,
        "channel": appeal.channel,
        "client_id": appeal.client_id,
        "client_name": appeal.client.name if appeal.client else "",
        "legal_entity_id": appeal.legal_entity_id,
        "order_id": appeal.order_id,
        "order_number": appeal.order.number if appeal.order else None,
        "shipment_id": appeal.shipment_id,
        "assignee_id": appeal.assignee_id,
        "team_id": appeal.team_id,
        "late": appeal.late,
        "late_reason": appeal.late_reason,
        "duplicate_of_id": appeal.duplicate_of_id,
        "duplicate_reason": appeal.duplicate_reason,
        "merged_into_id": appeal.merged_into_id,
        "external_id": appeal.external_id,
        "csat": csat_out(appeal),
        "created_at": appeal.created_at,
        "updated_at": appeal.updated_at,
    }


def event_out(event: AppealEvent) -> dict:
    return {
        "id": event.pk,
        "kind": event.kind,
        "at": event.at,
        "author": str(event.author) if event.author else None,
        "is_public": event.is_public,
        "direction": event.direction,
        "channel": event.channel,
        "body": event.body,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "reason": event.reason,
        "files": [item.name for item in getattr(event, "files", [])],
        "appeal_id": event.appeal_id,
        "related_appeal_id": event.related_appeal_id,
    }


def detail_out(actor, appeal_id: int) -> dict:
    """The appeal as `GET /appeals/{id}` answers it."""
    detail = appeal_detail(actor=actor, appeal_id=appeal_id)
    staff = works_desk(actor)
    sla = appeal_sla_view(detail.appeal) if staff else None
    return {
        **appeal_out(detail.appeal),
        "sla": sla_out(sla) if sla is not None and sla.policy else None,
        "events": [event_out(event) for event in detail.events],
        "lines": [
            {
                "id": line.pk,
                "shipment_line_id": line.shipment_line_id,
                "order_line_id": line.order_line_id,
                "article": line.order_line.article,
                "claim_type": line.claim_type,
                "quantity": line.quantity,
                "resolution": line.resolution,
                "expected_article": line.expected_article,
                "received_article": line.received_article,
                "batch": line.batch,
                "expiry_date": line.expiry_date,
                "late": line.late,
                "totals": line_totals_out(line),
                "resolutions": [
                    resolution_out(row)
                    for row in (line.resolution_rows if staff else line.standing)  # type: ignore[attr-defined]
                ],
            }
            for line in detail.claim_lines
        ],
    }
