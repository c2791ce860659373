"""Saved views of the queue as the queue page and the API show them: the actor's own and
the shared ones, each with how many appeals it holds, and the queue's query parameters
read into filters.

The counts of every view are taken in one query, each counting no further than
`COUNT_CAP` (a view of every finished appeal would otherwise count years of history), and
kept in the cache for `COUNT_TTL`; the worker takes them afresh every minute
(`view_counts_refresh`), so the queue page reads forty counts from the cache instead of
counting them in a million appeals on every load, and they are at most a minute old.
A view's count is the same for every operator (they all see every appeal) unless its
filters say «мои»: that one is kept per operator.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.utils import timezone

from okno.accounts.models import User
from okno.core.actor import Actor, actor_for_user
from okno.core.schemas import parse_id, search_term
from okno.desk.models import AppealStatus, Channel, QueueSort, SavedView, SlaState
from okno.desk.selectors.lists import CSAT_FILTERS, OPEN, QueueFilters, appeal_matching

COUNT_CAP = 1000
# Longer than the worker's minute between refreshes: a count is never missing while it runs.
COUNT_TTL = 150
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
    at most two queries whatever their number, one when the counts are in the cache."""
    views = list(SavedView.objects.visible_to(actor).select_related("owner"))
    keys = [_count_key(view, actor) for view in views]
    known = cache.get_many(keys)
    missing = [view for view, key in zip(views, keys, strict=True) if key not in known]
    known |= _counts_store(missing, actor)
    for view, key in zip(views, keys, strict=True):
        view.count = CappedCount(*known[key])  # type: ignore[attr-defined]
    return views


def view_counts_refresh() -> int:
    """Count every view afresh into the cache: the shared and personal ones once, those
    of «мои» for each operator who signed in during the last day (the only ones whose
    queue is opened). Returns how many counts were taken."""
    views = list(SavedView.objects.select_related("owner"))
    counted = 0
    for actor in _desk_actors():
        chosen = [view for view in views if _counted_for(view, actor)]
        counted += len(_counts_store(chosen, actor))
        # Counts not of «мои» are the same for everyone: taken with the first operator.
        views = [view for view in views if _uses_me(view)]
    return counted


def _counted_for(view: SavedView, actor: Actor) -> bool:
    return view.is_shared or view.owner_id == actor.user_id or not _uses_me(view)


def _desk_actors() -> list[Actor]:
    from okno.desk.services.rules import works_desk

    recent = timezone.now() - datetime.timedelta(days=1)
    people = User.objects.filter(is_active=True, last_login__gte=recent).exclude(staff_role="")
    actors = (actor_for_user(person) for person in people.order_by("pk"))
    return [actor for actor in actors if works_desk(actor)]


def _uses_me(view: SavedView) -> bool:
    return view.filters.get("assignee") == "me"


def _count_key(view: SavedView, actor: Actor) -> str:
    person = actor.user_id if _uses_me(view) else 0
    return f"desk:view-count:{view.pk}:{view.updated_at.isoformat()}:{person}"


def _counts_store(views: list[SavedView], actor: Actor) -> dict[str, tuple[int, bool]]:
    """Count the views as the actor and keep the counts; the kept values by key."""
    counts = _capped_counts(
        [appeal_matching(actor=actor, filters=queue_filters(view.filters, actor)) for view in views]
    )
    fresh = {
        _count_key(view, actor): (count.value, count.more)
        for view, count in zip(views, counts, strict=True)
    }
    cache.set_many(fresh, COUNT_TTL)
    return fresh


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
