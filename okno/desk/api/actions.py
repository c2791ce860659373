"""Moving an appeal through the API: `POST /appeals/{id}/status` and `/resolve`.

`status` moves the appeal as its page does: desk staff to any status the workflow allows,
naming the reason; a client only closes their appeal (`closed`) or opens it again within
the window (`reopened`). `resolve` records the resolution of each claim line given and
moves the appeal to resolved, all or nothing: one refused line leaves every line and the
status as they were. Both answer the appeal as `GET /appeals/{id}` does.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Field, Schema

from okno.core.errors import NotAllowed
from okno.core.schemas import Id, Text
from okno.desk.api.appeals import AppealDetailOut, StatusName, detail_out, router
from okno.desk.api.resolutions import ResolutionBody, resolution_in
from okno.desk.models import AppealStatus
from okno.desk.selectors.appeal import appeal_get
from okno.desk.services import (
    appeal_close,
    appeal_move,
    appeal_reopen,
    claim_resolution_add,
)


class StatusBody(Schema):
    status: StatusName
    reason: Text = Field("", max_length=500, description="Required of desk staff and to reopen.")


class ResolveBody(Schema):
    resolutions: list[ResolutionBody] = Field(
        default_factory=list, description="Each claim line's resolution; none for a question."
    )
    reason: Text = Field(max_length=500, description="Why the appeal is resolved.")


@router.post("/appeals/{appeal_id}/status", response=AppealDetailOut, url_name="appeal_status")
def move_appeal(request, appeal_id: Id, payload: StatusBody):
    """Move the appeal to another status; 409 when the workflow does not allow the move."""
    actor = request.actor
    appeal = appeal_get(actor=actor, appeal_id=appeal_id)
    if not actor.is_client:
        appeal_move(actor=actor, appeal=appeal, to=payload.status, reason=payload.reason)
    elif payload.status == AppealStatus.CLOSED:
        appeal_close(actor=actor, appeal=appeal, reason=payload.reason)
    elif payload.status == AppealStatus.REOPENED:
        appeal_reopen(actor=actor, appeal=appeal, reason=payload.reason)
    else:
        raise NotAllowed(_("Клиент может только закрыть обращение или открыть его снова."))
    return detail_out(actor, appeal_id)


@router.post("/appeals/{appeal_id}/resolve", response=AppealDetailOut, url_name="appeal_resolve")
def resolve_appeal(request, appeal_id: Id, payload: ResolveBody):
    """Resolve the claim's lines and the appeal at once (desk staff); a claim needs every
    line resolved in full, or nothing is recorded."""
    actor = request.actor
    appeal = appeal_get(actor=actor, appeal_id=appeal_id)
    with transaction.atomic():
        for body in payload.resolutions:
            claim_resolution_add(actor=actor, appeal=appeal, data=resolution_in(body))
        appeal_move(actor=actor, appeal=appeal, to=AppealStatus.RESOLVED, reason=payload.reason)
    return detail_out(actor, appeal_id)
