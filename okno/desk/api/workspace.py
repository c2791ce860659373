"""The operators' workspace in /api/v1/: the saved views of the queue with their counts
(`GET /desk/views`), and bulk operations on appeals (`POST /appeals/bulk`), which answer
each appeal's outcome and, with `dry_run`, only preview it."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema

from okno.core.schemas import Id, Text
from okno.desk.api.appeals import StatusName, router
from okno.desk.selectors.lists import appeals_chosen
from okno.desk.selectors.views import COUNT_CAP, saved_views
from okno.desk.services.bulk import BULK_MAX, BulkChange, bulk_apply, bulk_check, bulk_preview
from okno.desk.services.rules import check_works_desk
from okno.desk.services.views import may_change


class SavedViewOut(Schema):
    id: int
    name: str
    owner_id: int
    owner_name: str
    shared: bool
    mine: bool
    may_change: bool = Field(description="The caller may rename, change or delete it.")
    filters: dict[str, str] = Field(
        description="The queue's parameters: q, status, kind, topic, channel, assignee (an "
        "id, `me` or `none`), team, sla, csat."
    )
    sort: Literal["newest", "oldest", "due", "priority"]
    columns: list[str]
    count: int = Field(description=f"Appeals in the view, counted up to {COUNT_CAP}.")
    count_more: bool = Field(description=f"More than {COUNT_CAP}: shown as «{COUNT_CAP}+».")


class SavedViewList(Schema):
    items: list[SavedViewOut]
    count: int


@router.get("/desk/views", response=SavedViewList, url_name="desk_views", tags=["desk"])
def list_views(request):
    """The caller's own views of the queue and the shared ones, each with its count."""
    actor = request.actor
    check_works_desk(actor)
    items = [
        {
            "id": view.pk,
            "name": view.name,
            "owner_id": view.owner_id,
            "owner_name": str(view.owner),
            "shared": view.is_shared,
            "mine": view.owner_id == actor.user_id,
            "may_change": may_change(actor, view),
            "filters": view.filters,
            "sort": view.sort,
            "columns": view.columns,
            "count": view.count.value,
            "count_more": view.count.more,
        }
        for view in saved_views(actor=actor)
    ]
    return {"items": items, "count": len(items)}


class BulkBody(Schema):
    ids: list[Id] = Field(min_length=1, max_length=BULK_MAX)
    operation: Literal["assign", "status", "priority", "topic", "merge", "close"]
    assignee_id: Id | None = Field(None, description="assign: the operator (null: nobody).")
    team_id: Id | None = Field(None, description="assign: the team (null: none).")
    status: StatusName | None = Field(None, description="status: the status to move to.")
    reason: Text = Field("", max_length=500, description="status, close: why.")
    priority: Literal["low", "normal", "high", "urgent"] | None = None
    topic_id: Id | None = Field(None, description="topic: the topic (null: none).")
    into_id: Id | None = Field(None, description="merge: the appeal to merge them all into.")
    dry_run: bool = Field(False, description="Only tell what would change and what not.")


class BulkItemOut(Schema):
    id: int
    number: str | None
    outcome: Literal["done", "refused", "not_found"]
    before: str
    after: str
    message: str = Field(description="Why it is refused; empty when done.")


class BulkOut(Schema):
    operation: str
    dry_run: bool
    done: int
    refused: int
    items: list[BulkItemOut]


@router.post("/appeals/bulk", response=BulkOut, url_name="appeal_bulk", tags=["desk"])
def bulk(request, payload: BulkBody):
    """Assign, change the status, priority or topic of, merge, or close several appeals, each in
    its own transaction; one audit entry. An id the caller does not see is `not_found`."""
    actor = request.actor
    change = bulk_check(actor=actor, change=_change(payload))
    ids = list(dict.fromkeys(payload.ids))
    appeals, _capped = appeals_chosen(actor=actor, ids=ids, cap=BULK_MAX)
    run = bulk_preview if payload.dry_run else bulk_apply
    by_id = {
        outcome.appeal.pk: outcome for outcome in run(actor=actor, appeals=appeals, change=change)
    }
    items = [_item(appeal_id, by_id.get(appeal_id)) for appeal_id in ids]
    return {
        "operation": payload.operation,
        "dry_run": payload.dry_run,
        "done": sum(1 for item in items if item["outcome"] == "done"),
        "refused": sum(1 for item in items if item["outcome"] != "done"),
        "items": items,
    }


def _change(payload: BulkBody) -> BulkChange:
    return BulkChange(
        operation=payload.operation,
        assignee_id=payload.assignee_id,
        team_id=payload.team_id,
        status=payload.status or "",
        reason=payload.reason.strip(),
        priority=payload.priority or "",
        topic_id=payload.topic_id,
        into=str(payload.into_id or ""),
    )


def _item(appeal_id: int, outcome) -> dict:
    if outcome is None:
        return {
            "id": appeal_id,
            "number": None,
            "outcome": "not_found",
            "before": "",
            "after": "",
            "message": "Not found",
        }
    return {
        "id": appeal_id,
        "number": outcome.appeal.number,
        "outcome": "done" if outcome.done else "refused",
        "before": outcome.before,
        "after": outcome.after,
        "message": outcome.refused,
    }
