"""The client's list of appeals and the operators' queue, with their search and filters.

Search by number (exact, or the digits of it), by the client's name, a legal entity's
ИНН (or its beginning), an order's number, or words of the subject. Number, ИНН and order
are index lookups; the client's name and the subject's words are read row by row, which a
full-text index (FTS5 / pg_trgm, as the catalog's search) will replace when the history
grows past what a scan answers quickly. The queue pages 50 at a time on a fixed
number of queries, whatever the page holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Case, F, Q, When

from okno.clients.models import LegalEntity
from okno.core.actor import Actor
from okno.core.scoping import ScopedQuerySet
from okno.desk import states
from okno.desk.models import Appeal, AppealStatus, Priority

_DIGITS = re.compile(r"\d+")
OPEN = "open"  # the queue's default status filter: every status still to work on


@dataclass(frozen=True)
class QueueFilters:
    """What the queue is narrowed to; None or empty means any. `status` may be `OPEN`."""

    search: str = ""
    status: str | None = OPEN
    kind_id: int | None = None
    topic_id: int | None = None
    channel: str | None = None
    assignee_id: int | None = None
    unassigned: bool = False
    team_id: int | None = None
    client_id: int | None = None
    csat: str | None = None  # a score "1"…"5", "rated" or "unrated"
    sla_state: str | None = None  # ok, warning, breached, paused, met
    sort: str = "newest"  # a `QueueSort`


CSAT_FILTERS = ("1", "2", "3", "4", "5", "rated", "unrated")


def _listed(rows: ScopedQuerySet) -> ScopedQuerySet:
    # The number of the appeal a flagged duplicate should be merged into, for the row.
    return rows.select_related(
        "kind", "topic", "client", "legal_entity", "order", "assignee", "team", "sla"
    ).annotate(duplicate_number=F("duplicate_of__number"))


def appeal_search(term: str) -> Q:
    """An appeal whose number, client, ИНН, order number or subject matches the term."""
    match = Q(subject__ucontains=term) | Q(client__name__ucontains=term)
    match |= Q(number__iexact=term) | Q(order__number__iexact=term)
    digits = "".join(_DIGITS.findall(term))
    if digits and len(digits) == len(term.replace("-", "").replace(" ", "")):
        match |= Q(number__endswith=f"-{int(digits):06d}") if len(digits) <= 6 else Q()
        # Clients by ИНН first (the ИНН index), then their appeals (the client index).
        by_inn = LegalEntity.objects.filter(inn__startswith=digits).values("client_id")
        match |= Q(client_id__in=by_inn)
    return match


def appeal_queue(*, actor: Actor, filters: QueueFilters) -> ScopedQuerySet:
    """The operators' queue: appeals the actor sees, narrowed by filters, in the order
    `filters.sort` names (newest first unless told)."""
    return _listed(appeal_matching(actor=actor, filters=filters)).order_by(
        *QUEUE_ORDER.get(filters.sort, QUEUE_ORDER["newest"])
    )


_PRIORITY_RANK = Case(
    *(When(priority=value, then=rank) for rank, value in enumerate(reversed(Priority.values))),
    default=len(Priority.values),
)
QUEUE_ORDER = {
    "newest": ("-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
    "due": (F("sla__due").asc(nulls_last=True), "-created_at", "-pk"),
    "priority": (_PRIORITY_RANK, "-created_at", "-pk"),
}


def appeal_matching(*, actor: Actor, filters: QueueFilters) -> ScopedQuerySet:
    """The appeals the actor sees that the filters let through, unordered (to count)."""
    rows = Appeal.objects.visible_to(actor)
    if filters.status == OPEN:
        rows = rows.filter(status__in=states.OPEN)
    elif filters.status:
        rows = rows.filter(status=filters.status)
    rows = rows.filter_given(
        kind_id=filters.kind_id,
        topic_id=filters.topic_id,
        channel=filters.channel or None,
        assignee_id=filters.assignee_id,
        team_id=filters.team_id,
        client_id=filters.client_id,
    )
    if filters.unassigned:
        rows = rows.filter(assignee__isnull=True)
    if filters.csat == "rated":
        rows = rows.filter(csat_score__isnull=False)
    elif filters.csat == "unrated":
        rows = rows.filter(csat_score__isnull=True, status__in=states.FINISHED)
    elif filters.csat in CSAT_FILTERS:
        rows = rows.filter(csat_score=int(filters.csat))
    if filters.sla_state:
        rows = rows.filter(sla__state=filters.sla_state)
    if filters.search:
        rows = rows.filter(appeal_search(filters.search))
    return rows


@dataclass(frozen=True)
class TopicGroup:
    topic: str
    appeals: list[Appeal]


def client_appeals(*, actor: Actor, search: str = "", finished: bool = False) -> ScopedQuerySet:
    """A client's appeals, by topic then newest first; open ones, or finished with
    `finished`."""
    rows = Appeal.objects.visible_to(actor)
    statuses = states.FINISHED if finished else states.OPEN
    rows = rows.filter(status__in=statuses)
    if search:
        rows = rows.filter(appeal_search(search))
    return _listed(rows).order_by(
        F("topic__position").asc(nulls_last=True),
        "topic_id",
        "kind__position",
        "-created_at",
        "-pk",
    )


def group_by_topic(appeals) -> list[TopicGroup]:
    """One page of appeals grouped by topic, in the order they came; an appeal without a
    topic (a claim from the order page) is grouped under its kind."""
    return [
        TopicGroup(topic=name, appeals=list(items))
        for name, items in groupby(
            appeals, key=lambda appeal: appeal.topic.name if appeal.topic else appeal.kind.name
        )
    ]


def awaiting_count(*, actor: Actor) -> int:
    """How many of the client's appeals wait for their answer."""
    return Appeal.objects.visible_to(actor).filter(status=AppealStatus.AWAITING_CLIENT).count()


def appeals_chosen(
    *, actor: Actor, ids: list[int] | None = None, filters: QueueFilters | None = None, cap: int
) -> tuple[list[Appeal], bool]:
    """The appeals a bulk operation is about: those of `ids` the actor sees, or every one
    the filters let through, in the queue's order, at most `cap`. Returns them and whether
    more matched than `cap`."""
    if filters is not None:
        rows = appeal_queue(actor=actor, filters=filters)
    else:
        rows = _listed(Appeal.objects.visible_to(actor).filter(pk__in=ids or [])).order_by("pk")
    found = list(rows.select_related("team")[: cap + 1])
    return found[:cap], len(found) > cap
