"""Merging and splitting appeals through the API: `POST /appeals/{id}/merge` and
`/split` (desk staff).

`merge` takes either `into` (merge this appeal into that one) or `appeals` (merge those
into this one, all or nothing), and answers the appeal that carries the case on, as
`GET /appeals/{id}` does. A refusal (another client, already merged, finished, a claim on
another shipment) is a 409 and changes nothing. `split` takes chosen claim lines (and
optionally messages to copy) into a new appeal of the same client and answers it, 201.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.responses import Status

from okno.core.errors import InvalidInput
from okno.core.schemas import Id, Text
from okno.desk.api.appeals import AppealDetailOut, detail_out, router
from okno.desk.selectors.appeal import appeal_get
from okno.desk.services.merge import appeal_merge, appeal_split, appeals_merge_in


class MergeBody(Schema):
    into: Id | None = Field(None, description="Merge this appeal into the appeal with this id.")
    appeals: list[Id] = Field(
        default_factory=list, max_length=50, description="Or: merge these appeals into this one."
    )


class SplitBody(Schema):
    lines: list[Id] = Field(min_length=1, max_length=200, description="Claim line ids to take.")
    events: list[Id] = Field(
        default_factory=list, max_length=200, description="Messages to copy into the new appeal."
    )
    subject: Text = Field("", max_length=200, description="The new appeal's; the same if empty.")


@router.post("/appeals/{appeal_id}/merge", response=AppealDetailOut, url_name="appeal_merge")
def merge_appeal(request, appeal_id: Id, payload: MergeBody):
    """Merge this appeal into `into`, or `appeals` into this one; answers the target."""
    actor = request.actor
    appeal = appeal_get(actor=actor, appeal_id=appeal_id)
    if (payload.into is None) == (not payload.appeals):
        raise InvalidInput(
            _("Укажите либо обращение, с которым объединить, либо список."), field="into"
        )
    if payload.into is not None:
        into = appeal_get(actor=actor, appeal_id=payload.into)
        target = appeal_merge(actor=actor, appeal=appeal, into=into)
    else:
        merged = [appeal_get(actor=actor, appeal_id=found) for found in payload.appeals]
        target = appeals_merge_in(actor=actor, into=appeal, appeals=merged)
    return detail_out(actor, target.pk)


@router.post("/appeals/{appeal_id}/split", response={201: AppealDetailOut}, url_name="appeal_split")
def split_appeal(request, appeal_id: Id, payload: SplitBody):
    """Take the chosen claim lines into a new appeal of the same client; answers it."""
    actor = request.actor
    appeal = appeal_get(actor=actor, appeal_id=appeal_id)
    new = appeal_split(
        actor=actor,
        appeal=appeal,
        line_ids=payload.lines,
        event_ids=payload.events,
        subject=payload.subject,
    )
    return Status(201, detail_out(actor, new.pk))
