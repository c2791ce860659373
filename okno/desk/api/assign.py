"""`POST /appeals/{id}/assign` — desk staff hand an appeal to an operator and/or a team,
or (`auto`) by the assignment rules, as a new appeal would be; answers the appeal as
`GET /appeals/{id}` does."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Field, Schema

from okno.core.errors import InvalidInput
from okno.core.schemas import Id
from okno.desk.api.appeals import AppealDetailOut, detail_out, router
from okno.desk.selectors.appeal import appeal_get
from okno.desk.services import appeal_assign
from okno.desk.services.assign import appeal_assign_auto


class AssignBody(Schema):
    auto: bool = Field(
        False, description="By the assignment rules (an operator on shift, under the cap)."
    )
    assignee_id: Id | None = Field(None, description="The operator; empty — nobody.")
    team_id: Id | None = None


@router.post("/appeals/{appeal_id}/assign", response=AppealDetailOut, url_name="appeal_assign")
def assign_appeal(request, appeal_id: Id, payload: AssignBody):
    """Assign the appeal (desk operators): to an operator and team, or `auto` by the
    rules; an assignment is logged."""
    appeal = appeal_get(actor=request.actor, appeal_id=appeal_id)
    if payload.auto:
        if payload.assignee_id is not None or payload.team_id is not None:
            raise InvalidInput(_("Либо «auto», либо оператор и группа."), field="auto")
        appeal_assign_auto(actor=request.actor, appeal=appeal)
    else:
        appeal_assign(
            actor=request.actor,
            appeal=appeal,
            assignee_id=payload.assignee_id,
            team_id=payload.team_id,
        )
    return detail_out(request.actor, appeal_id)
