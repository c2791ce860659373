"""The client's list of appeals and the operators' queue, with their search and filters.

Search by number (exact, or the digits of it), by the client's name, a legal entity's
ИНН (or its beginning), an order's number, or words of the subject (see
`appeal_search`). The queue pages 50 at a time on a fixed number of queries, whatever
the page holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Case, F, Q, QuerySet, When

from okno.clients.models import Client, LegalEntity
from okno.core.actor import Actor
from okno.core.scoping import ScopedQuerySet
from okno.desk import states
from okno.desk.models import Appeal, AppealStatus, Priority
from okno.desk.search import subject_holds
from okno.orders.models import Order
from okno.orders.selectors.history import order_number_of

_DIGITS = re.compile(r"\d+")
# An id is at most this many digits; a longer string of digits is an ИНН or a phone.
MAX_ID_DIGITS = 12
# A search finding more appeals than this is answered by its condition, not their ids.
SEARCH_IDS = 2000
# Appeals of more clients than this are not a search result anyone reads.
MAX_CLIENTS_NAMED = 500
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


def appeal_search(term: str, *, looked_up: bool = False) -> Q:
    """An appeal whose number, client, ИНН, order number or subject matches the term.

    Every part is one an index answers on the appeal table: the number (typed whole, or
    its digits, which are the appeal's id), the subject's words (a trigram index, see
    `okno.desk.search`), the clients and the order the term names. With `looked_up` those are
    read first from their own, much smaller tables and given as ids, so that the
    database combines the parts' indexes; without, they stay subqueries (for counting
    many views in one statement)."""
    match = subject_holds(term) | Q(number=term.upper())
    digits = "".join(_DIGITS.findall(term))
    if digits and len(digits) == len(term.replace("-", "").replace(" ", "")):
        match |= Q(pk=int(digits)) if len(digits) <= MAX_ID_DIGITS else Q()
    # An order's number as typed, or as the portal writes it («123» → «ОК-000123»).
    numbers = {term, term.upper(), order_number_of(term) or term}
    clients = Client.objects.filter(_client_named(term, digits)).values_list("pk", flat=True)
    orders = Order.objects.filter(number__in=numbers).values_list("pk", flat=True)
    if looked_up:
        client_ids, order_ids = list(clients[:MAX_CLIENTS_NAMED]), list(orders)
        return match | Q(order_id__in=order_ids) | Q(client_id__in=client_ids)
    return match | Q(order_id__in=orders) | Q(client_id__in=clients)


def _client_named(term: str, digits: str) -> Q:
    """A client whose name holds the term, or one of whose legal entities' ИНН starts
    with its digits."""
    named = Q(name__ucontains=term)
    if digits and digits == term.strip():
        named |= Q(pk__in=LegalEntity.objects.filter(inn__startswith=digits).values("client_id"))
    return named


def appeal_queue(*, actor: Actor, filters: QueueFilters) -> ScopedQuerySet:
    """The operators' queue: appeals the actor sees, narrowed by filters, in the order
    `filters.sort` names (newest first unless told)."""
    return _listed(appeal_matching(actor=actor, filters=filters)).order_by(
        *QUEUE_ORDER.get(filters.sort, QUEUE_ORDER["newest"])
    )


def queue_ids(*, actor: Actor, filters: QueueFilters) -> QuerySet:
    """The queue's appeal ids in its order, joining no table but what the order needs.
    A page is chosen among them and then read whole (`appeals_listed`): the database
    then picks the page's rows by their indexes without weighing a dozen joins for every
    row that might be on it."""
    return (
        appeal_matching(actor=actor, filters=filters, looked_up=True)
        .order_by(*QUEUE_ORDER.get(filters.sort, QUEUE_ORDER["newest"]))
        .values_list("pk", flat=True)
    )


def appeals_listed(ids: list[int]) -> list[Appeal]:
    """The appeals of `ids` as a list shows them, in the order of `ids`."""
    found = {appeal.pk: appeal for appeal in _listed(Appeal.objects.filter(pk__in=ids))}
    return [found[pk] for pk in ids if pk in found]


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


def appeal_matching(
    *, actor: Actor, filters: QueueFilters, looked_up: bool = False
) -> ScopedQuerySet:
    """The appeals the actor sees that the filters let through, unordered (to count).
    With `looked_up`, a search is read first (see `appeal_search`, `_searched`)."""
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
    if filters.search and looked_up:
        rows = _searched(rows, filters.search)
    elif filters.search:
        rows = rows.filter(appeal_search(filters.search))
    return rows


def _searched(rows: ScopedQuerySet, term: str) -> ScopedQuerySet:
    """The rows the term finds. A search that finds a few appeals is answered by their
    ids, read first with no order: sorted with its condition, the database would walk
    the history newest first to meet them, estimating them more common than they are."""
    found = rows.filter(appeal_search(term, looked_up=True))
    ids = list(found.order_by().values_list("pk", flat=True)[: SEARCH_IDS + 1])
    return rows.filter(pk__in=ids) if len(ids) <= SEARCH_IDS else found


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
