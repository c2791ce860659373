"""The operators' report: per operator (the appeal's assignee) and per day, week or month —
appeals received, first answers given, resolved, reopened, the first answer's and the
resolution's time in business hours (p50, p90), SLA compliance and the clients' ratings.

Counts of appeals received, reopened and rated are added up by the database; the first
answers and the resolutions are read as rows (one per appeal or resolving, with its
instants) because their business-time percentiles are computed here, on the calendar of
the appeal's SLA policy (the default calendar when it has none)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum

from okno.accounts.models import User
from okno.desk import states
from okno.desk.defaults import CALENDAR_NAME
from okno.desk.models import Appeal, AppealEvent, BusinessCalendar, EventKind, SlaState
from okno.desk.selectors.reports.business import BusinessTimeline, percentile
from okno.desk.selectors.reports.period import ReportPeriod
from okno.desk.sla.calendar import CalendarSpec
from okno.desk.sla.services import calendar_spec

FINISHED = tuple(states.FINISHED)
P50, P90 = 0.5, 0.9


@dataclass
class OperatorStats:
    """What one operator did in one group of days (or the whole period)."""

    received: int = 0
    reopened: int = 0
    first_response_seconds: list[float] = field(default_factory=list)
    resolution_seconds: list[float] = field(default_factory=list)
    sla_counted: int = 0
    sla_met: int = 0
    csat_sum: int = 0
    csat_count: int = 0

    @property
    def first_responses(self) -> int:
        return len(self.first_response_seconds)

    @property
    def resolved(self) -> int:
        return len(self.resolution_seconds)

    @property
    def first_response_p50(self) -> float | None:
        return percentile(self.first_response_seconds, P50)

    @property
    def first_response_p90(self) -> float | None:
        return percentile(self.first_response_seconds, P90)

    @property
    def resolution_p50(self) -> float | None:
        return percentile(self.resolution_seconds, P50)

    @property
    def resolution_p90(self) -> float | None:
        return percentile(self.resolution_seconds, P90)

    @property
    def sla_compliance(self) -> float | None:
        """The share (0–1) of resolved appeals under a policy whose clocks were all met."""
        return self.sla_met / self.sla_counted if self.sla_counted else None

    @property
    def csat_average(self) -> float | None:
        return self.csat_sum / self.csat_count if self.csat_count else None

    def add(self, other: OperatorStats) -> None:
        self.received += other.received
        self.reopened += other.reopened
        self.first_response_seconds += other.first_response_seconds
        self.resolution_seconds += other.resolution_seconds
        self.sla_counted += other.sla_counted
        self.sla_met += other.sla_met
        self.csat_sum += other.csat_sum
        self.csat_count += other.csat_count


@dataclass(frozen=True)
class OperatorRow:
    period: datetime.date | None  # the group's first day; None for the whole period
    operator_id: int | None  # None: appeals nobody is assigned
    operator_name: str
    stats: OperatorStats


@dataclass(frozen=True)
class OperatorsReport:
    period: ReportPeriod
    rows: list[OperatorRow]  # per group and operator, by group then name
    totals: list[OperatorRow]  # per operator over the whole period, by name
    total: OperatorStats  # everyone over the whole period


Key = tuple[datetime.date, int | None]


class _Calendars:
    """The business timelines of the calendars the period's appeals are measured on."""

    def __init__(self, start: datetime.datetime, end: datetime.datetime):
        self.start, self.end = start, end
        self.default_id = _default_calendar_id()
        self.timelines: dict[int | None, BusinessTimeline] = {}

    def seconds(self, calendar_id: int | None, begin, end) -> float:
        key = calendar_id or self.default_id
        if key not in self.timelines:
            self.timelines[key] = BusinessTimeline(_spec(key), self.start, self.end)
        return self.timelines[key].seconds(begin, end)


def _default_calendar_id() -> int | None:
    calendars = BusinessCalendar.objects.order_by("pk")
    named = calendars.filter(name=CALENDAR_NAME).values_list("pk", flat=True).first()
    return named or calendars.values_list("pk", flat=True).first()


def _spec(calendar_id: int | None) -> CalendarSpec:
    if calendar_id is None:  # no calendar at all: the desk's default hours
        weekday = ((600, 1080),)
        return CalendarSpec(time_zone="Europe/Moscow", weekly=(weekday,) * 5 + ((), ()))
    return calendar_spec(BusinessCalendar.objects.get(pk=calendar_id))


def operators_report(*, period: ReportPeriod) -> OperatorsReport:
    """The report over the period. Precondition: the actor supervises the desk."""
    cells: dict[Key, OperatorStats] = defaultdict(OperatorStats)
    _count_received(period, cells)
    _count_reopened(period, cells)
    _count_csat(period, cells)
    first_rows = list(_first_responses(period))
    resolved_rows = list(_resolutions(period))
    earliest = min((row["created_at"] for row in first_rows + resolved_rows), default=None)
    calendars = _Calendars(min(earliest or period.start, period.start), period.end)
    for row in first_rows:
        seconds = calendars.seconds(row["calendar_id"], row["created_at"], row["first_at"])
        cells[(period.bucket(row["first_at"]), row["operator_id"])].first_response_seconds.append(
            seconds
        )
    for row in resolved_rows:
        stats = cells[(period.bucket(row["at"]), row["operator_id"])]
        stats.resolution_seconds.append(
            calendars.seconds(row["calendar_id"], row["created_at"], row["at"])
        )
        if row["policy_id"] is not None:
            stats.sla_counted += 1
            stats.sla_met += row["sla_state"] == SlaState.MET
    return _assemble(period, cells)


def _count_received(period: ReportPeriod, cells: dict[Key, OperatorStats]) -> None:
    rows = (
        Appeal.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
        .values(bucket=period.bucket_sql("created_at"), operator_id=F("assignee_id"))
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in rows:
        cells[(row["bucket"], row["operator_id"])].received = row["count"]


def _count_reopened(period: ReportPeriod, cells: dict[Key, OperatorStats]) -> None:
    rows = (
        AppealEvent.objects.filter(
            kind=EventKind.STATUS,
            to_status=states.AppealStatus.REOPENED,
            at__gte=period.start,
            at__lt=period.end,
        )
        .values(bucket=period.bucket_sql("at"), operator_id=F("appeal__assignee_id"))
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in rows:
        cells[(row["bucket"], row["operator_id"])].reopened = row["count"]


def _count_csat(period: ReportPeriod, cells: dict[Key, OperatorStats]) -> None:
    rows = (
        Appeal.objects.filter(
            csat_score__isnull=False, csat_at__gte=period.start, csat_at__lt=period.end
        )
        .values(bucket=period.bucket_sql("csat_at"), operator_id=F("assignee_id"))
        .annotate(total=Sum("csat_score"), count=Count("pk"))
        .order_by()
    )
    for row in rows:
        stats = cells[(row["bucket"], row["operator_id"])]
        stats.csat_sum, stats.csat_count = row["total"], row["count"]


def _public_answers() -> QuerySet:
    return AppealEvent.objects.filter(kind=EventKind.MESSAGE, direction="out", is_public=True)


def _first_responses(period: ReportPeriod) -> QuerySet:
    """Per appeal whose first public answer of staff falls in the period: its creation, the
    answer's instant, its assignee and calendar. Read from the period's answers (those with
    none before them), so the cost follows the period, not the years of history."""
    earlier = (
        _public_answers()
        .filter(appeal_id=OuterRef("appeal_id"))
        .filter(Q(at__lt=OuterRef("at")) | Q(at=OuterRef("at"), pk__lt=OuterRef("pk")))
    )
    return (
        _public_answers()
        .filter(at__gte=period.start, at__lt=period.end)
        .exclude(Exists(earlier))
        .values(
            first_at=F("at"),
            created_at=F("appeal__created_at"),
            operator_id=F("appeal__assignee_id"),
            calendar_id=F("appeal__sla__policy__calendar_id"),
        )
        .order_by()
    )


def _resolutions(period: ReportPeriod) -> QuerySet:
    """Every resolving in the period (a move from an open status to resolved or closed),
    with the appeal's creation, assignee, calendar and SLA state."""
    return (
        AppealEvent.objects.filter(
            kind=EventKind.STATUS,
            to_status__in=FINISHED,
            at__gte=period.start,
            at__lt=period.end,
        )
        .exclude(from_status__in=FINISHED)
        .values(
            "at",
            created_at=F("appeal__created_at"),
            operator_id=F("appeal__assignee_id"),
            calendar_id=F("appeal__sla__policy__calendar_id"),
            policy_id=F("appeal__sla__policy_id"),
            sla_state=F("appeal__sla__state"),
        )
        .order_by()
    )


def _assemble(period: ReportPeriod, cells: dict[Key, OperatorStats]) -> OperatorsReport:
    names = _operator_names({operator_id for _bucket, operator_id in cells})
    per_operator: dict[int | None, OperatorStats] = defaultdict(OperatorStats)
    total = OperatorStats()
    rows = []
    for (bucket, operator_id), stats in cells.items():
        rows.append(OperatorRow(bucket, operator_id, names[operator_id], stats))
        per_operator[operator_id].add(stats)
        total.add(stats)
    totals = [
        OperatorRow(None, operator_id, names[operator_id], stats)
        for operator_id, stats in per_operator.items()
    ]
    rows.sort(key=lambda row: (row.period, _name_key(row)))
    totals.sort(key=_name_key)
    return OperatorsReport(period=period, rows=rows, totals=totals, total=total)


def _name_key(row: OperatorRow) -> tuple[bool, str]:
    return (row.operator_id is None, row.operator_name)


def _operator_names(ids: set[int | None]) -> dict[int | None, str]:
    from django.utils.translation import gettext as _

    names: dict[int | None, str] = {None: _("Не назначено")}
    for user in User.objects.filter(pk__in=[pk for pk in ids if pk is not None]):
        names[user.pk] = str(user)
    return names
