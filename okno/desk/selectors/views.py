"""Saved views of the queue as the queue page and the API show them: the actor's own and
the shared ones, each with how many appeals it holds, and the queue's query parameters
read into filters.

The counts of every view are taken in one query, each counting no further than
`COUNT_CAP` (a view of every finished appeal would otherwise count years of history), so
the queue page runs the same number of queries for two views as for forty.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections

from okno.core.actor import Actor
from okno.core.schemas import parse_id, search_term
from okno.desk.models import AppealStatus, Channel, QueueSort, SavedView, SlaState
from okno.desk.selectors.lists import CSAT_FILTERS, OPEN, QueueFilters, appeal_matching

COUNT_CAP = 1000
# The queue's parameters a view keeps; anything else in a query string is not saved.
FILTER_PARAMS = ("q", "status", "kind", "topic", "channel", "assignee", "team", "sla", "csat")


@dataclass(frozen=True)
class CappedCount:
    """How many appeals a view holds, up to `COUNT_CAP`; `more` — there are more."""

    value: int
    more: bool

    def __str__(self) -> str:
        return f"{self.value}+" if self.more else str(self.value)


def queue_filters(params: Mapping[str, str], actor: Actor) -> QueueFilters:
    """The queue's query parameters (or a saved view's) as filters; a value that is not
    one of the choices is left out. `assignee` is an id, `me` (whoever asks) or `none`."""
    status = params.get("status", OPEN)
    assignee = params.get("assignee", "")
    sort = params.get("sort", "")
    return QueueFilters(
        search=search_term(params.get("q")),
        status=status if status in (OPEN, *AppealStatus.values) else None,
        kind_id=parse_id(params.get("kind")),
        topic_id=parse_id(params.get("topic")),
        channel=params.get("channel") if params.get("channel") in Channel.values else None,
        assignee_id=actor.user_id if assignee == "me" else parse_id(assignee),
        unassigned=assignee == "none",
        team_id=parse_id(params.get("team")),
        csat=params.get("csat") if params.get("csat") in CSAT_FILTERS else None,
        sla_state=params.get("sla") if params.get("sla") in SlaState.values else None,
        sort=sort if sort in QueueSort.values else QueueSort.NEWEST,
    )


def filter_params(params: Mapping[str, str]) -> dict[str, str]:
    """The queue's filter parameters that are set, as a view keeps them."""
    kept = {name: str(params.get(name) or "").strip()[:100] for name in FILTER_PARAMS}
    # An absent status means «every open one»; an empty one, every status: keep both apart.
    if "status" in params:
        kept["status"] = params.get("status") or ""
    else:
        kept.pop("status")
    return {name: value for name, value in kept.items() if value or name == "status"}


def saved_views(*, actor: Actor) -> list[SavedView]:
    """The actor's own views and the shared ones, each with `.count` (a `CappedCount`);
    two queries whatever their number."""
    views = list(SavedView.objects.visible_to(actor).select_related("owner"))
    counts = _capped_counts(
        [appeal_matching(actor=actor, filters=queue_filters(view.filters, actor)) for view in views]
    )
    for view, count in zip(views, counts, strict=True):
        view.count = count  # type: ignore[attr-defined]
    return views


def _capped_counts(querysets) -> list[CappedCount]:
    """Count each queryset up to `COUNT_CAP` + 1 in one statement of scalar subqueries."""
    if not querysets:
        return []
    parts, params = [], []
    for queryset in querysets:
        limited = queryset.order_by().values("pk")[: COUNT_CAP + 1]
        try:
            sql, part_params = limited.query.get_compiler(using=limited.db).as_sql()
        except EmptyResultSet:  # a filter no appeal can pass
            parts.append("0")
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted)")
        params.extend(part_params)
    with connections[querysets[0].db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return [CappedCount(value=min(found, COUNT_CAP), more=found > COUNT_CAP) for found in row]
