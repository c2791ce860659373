"""Resolving claim lines and rating the resolution through the API.

`POST /appeals/{id}/resolutions` — a desk operator resolves (part of) a claim line;
`POST /appeals/{id}/resolutions/{resolution_id}/cancel` — cancels one with a reason;
`POST /appeals/{id}/rating` — the client rates a finished appeal. Each answers the appeal
as `GET /appeals/{id}` does, with every line's resolutions and totals.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema
from ninja.responses import Status

from okno.core.schemas import Id, Text
from okno.desk.api.appeals import AppealDetailOut, detail_out, router
from okno.desk.selectors.appeal import appeal_get
from okno.desk.services import (
    ResolutionIn,
    appeal_rate,
    claim_resolution_add,
    claim_resolution_cancel,
)


class ResolutionBody(Schema):
    claim_line_id: Id
    kind: Literal["refund", "replacement", "credit_note", "return_pickup", "rejection"]
    quantity: Decimal = Field(description="In the product's base unit.")
    amount: Decimal | None = Field(
        None,
        description="Refund or credit note, roubles with VAT; empty — the shipped price × "
        "the quantity. A replacement is worth that always; the others move no money.",
    )
    rejection_reason_id: Id | None = Field(None, description="A rejection's reason (required).")
    comment: Text = Field("", max_length=1000, description="A rejection requires it.")
    pickup_date: dt.date | None = Field(None, description="A return pickup's day (required).")


def resolution_in(body: ResolutionBody) -> ResolutionIn:
    return ResolutionIn(
        claim_line_id=body.claim_line_id,
        kind=body.kind,
        quantity=body.quantity,
        amount=body.amount,
        rejection_reason_id=body.rejection_reason_id,
        comment=body.comment,
        pickup_date=body.pickup_date,
    )


class CancelBody(Schema):
    reason: Text = Field(max_length=1000)


class RatingBody(Schema):
    score: int = Field(ge=1, le=5)
    comment: Text = Field("", max_length=1000)


@router.post(
    "/appeals/{appeal_id}/resolutions",
    response={201: AppealDetailOut},
    url_name="appeal_resolution_add",
)
def add_resolution(request, appeal_id: Id, payload: ResolutionBody):
    """Resolve (part of) a claim line (desk operators). Refused past the line's claimed
    quantity or value, so a line is never paid twice; a credit note is posted to the
    client's settlements, a replacement makes a free order."""
    appeal = appeal_get(actor=request.actor, appeal_id=appeal_id)
    claim_resolution_add(actor=request.actor, appeal=appeal, data=resolution_in(payload))
    return Status(201, detail_out(request.actor, appeal_id))


@router.post(
    "/appeals/{appeal_id}/resolutions/{resolution_id}/cancel",
    response=AppealDetailOut,
    url_name="appeal_resolution_cancel",
)
def cancel_resolution(request, appeal_id: Id, resolution_id: Id, payload: CancelBody):
    """Cancel a resolution (desk operators): a reversing row, a credit note reversed in
    the settlements."""
    appeal = appeal_get(actor=request.actor, appeal_id=appeal_id)
    claim_resolution_cancel(
        actor=request.actor, appeal=appeal, resolution_id=resolution_id, reason=payload.reason
    )
    return detail_out(request.actor, appeal_id)


@router.post("/appeals/{appeal_id}/rating", response=AppealDetailOut, url_name="appeal_rating")
def rate_appeal(request, appeal_id: Id, payload: RatingBody):
    """The client rates a resolved or closed appeal, 1–5 with a comment; the rating may be
    changed while the appeal may still be reopened."""
    appeal = appeal_get(actor=request.actor, appeal_id=appeal_id)
    appeal_rate(actor=request.actor, appeal=appeal, score=payload.score, comment=payload.comment)
    return detail_out(request.actor, appeal_id)
