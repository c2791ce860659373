"""The SLA on the database: which policy applies to an appeal, its calendar as the pure
functions read it, the clocks computed from the log and stored on the appeal, and their
recomputation when a calendar or a policy changes.

`appeal_sla_refresh` is called by the desk's services after every write to an appeal's log,
inside their transaction, so the stored clocks never lag behind the log."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from okno.desk import states
from okno.desk.models import (
    Appeal,
    AppealEvent,
    AppealSla,
    BusinessCalendar,
    DayKind,
    SlaPauseReason,
    SlaPolicy,
    SlaState,
)
from okno.desk.models.sla import hours_parse
from okno.desk.sla.calendar import CalendarSpec, Minutes, shortened, usual_hours
from okno.desk.sla.clocks import (
    FIRST_RESPONSE,
    NEXT_RESPONSE,
    RESOLUTION,
    LogEntry,
    Sla,
    Targets,
    sla_compute,
)

_LOG_KINDS = ("created", "message", "status", "paused", "resumed")
RECOMPUTE_CHUNK = 500


# --- the calendar ------------------------------------------------------------------------


def day_hours(
    kind: str, hours: str, weekday_hours: tuple[Minutes, ...], usual: tuple[Minutes, ...]
) -> tuple[Minutes, ...]:
    """A dated day's intervals: none for a holiday; its own `hours` if given; otherwise a
    working day works the usual hours and a shortened one its weekday's (or the usual) less
    an hour."""
    if kind == DayKind.HOLIDAY:
        return ()
    own = hours_parse(hours)
    if own:
        return own
    if kind == DayKind.WORKDAY:
        return weekday_hours or usual
    return shortened(weekday_hours or usual)


@lru_cache(maxsize=32)
def _spec(calendar_id: int, version: int) -> CalendarSpec:
    # Keyed by the version: any change raises it, so a cached spec is never stale.
    calendar = BusinessCalendar.objects.get(pk=calendar_id)
    weekly: list[list[Minutes]] = [[] for _day in range(7)]
    for row in calendar.hours.all():
        weekly[row.weekday].append(
            (row.start.hour * 60 + row.start.minute, row.end.hour * 60 + row.end.minute)
        )
    week = tuple(tuple(sorted(day)) for day in weekly)
    usual = usual_hours(week)
    days = {
        row.date: day_hours(row.kind, row.hours, week[row.date.weekday()], usual)
        for row in calendar.days.all()
    }
    return CalendarSpec(time_zone=calendar.time_zone, weekly=week, days=days)


def calendar_spec(calendar: BusinessCalendar) -> CalendarSpec:
    return _spec(calendar.pk, calendar.version)


# --- the policy --------------------------------------------------------------------------


def policy_matches(policy: SlaPolicy, appeal: Appeal) -> bool:
    """Every condition the policy sets holds for the appeal (an empty one holds for any)."""
    return (
        (policy.kind_id is None or policy.kind_id == appeal.kind_id)
        and policy.priority in ("", appeal.priority)
        and policy.client_tier in ("", appeal.client.support_tier)
        and policy.channel in ("", appeal.channel)
    )


@dataclass(frozen=True)
class SlaRules:
    """The active policies in their order and what each pause reason stops: read once for
    a recomputation of many appeals."""

    policies: list[SlaPolicy]
    stops: dict[str, frozenset[str]]

    @classmethod
    def load(cls) -> SlaRules:
        policies = SlaPolicy.objects.filter(is_active=True).select_related("calendar")
        return cls(policies=list(policies.order_by("position", "pk")), stops=pause_stops())

    def policy_for(self, appeal: Appeal) -> SlaPolicy | None:
        """The first active policy, in their order, whose conditions the appeal meets."""
        return next((p for p in self.policies if policy_matches(p, appeal)), None)


def targets_of(policy: SlaPolicy) -> Targets:
    return Targets(
        first_response=policy.first_response_minutes * 60,
        next_response=policy.next_response_minutes * 60,
        resolution=policy.resolution_minutes * 60,
        warning=policy.warning_minutes * 60,
        escalation=policy.escalation_minutes * 60,
    )


def pause_stops() -> dict[str, frozenset[str]]:
    """Per pause reason, the clocks it stops."""
    stops = {}
    for reason in SlaPauseReason.objects.all():
        clocks = {
            FIRST_RESPONSE: reason.stops_first_response,
            NEXT_RESPONSE: reason.stops_next_response,
            RESOLUTION: reason.stops_resolution,
        }
        stops[reason.code] = frozenset(name for name, stops_it in clocks.items() if stops_it)
    return stops


# --- an appeal's clocks ------------------------------------------------------------------


def log_entries(appeal_id: int) -> list[LogEntry]:
    rows = AppealEvent.objects.filter(appeal_id=appeal_id, kind__in=_LOG_KINDS).order_by("at", "pk")
    return [
        LogEntry(
            at=row["at"],
            kind=row["kind"],
            direction=row["direction"],
            is_public=row["is_public"],
            to_status=row["to_status"],
            pause_reason=row["pause_reason"],
        )
        for row in rows.values("at", "kind", "direction", "is_public", "to_status", "pause_reason")
    ]


def appeal_sla_compute(appeal: Appeal, policy: SlaPolicy, rules: SlaRules) -> Sla:
    """The appeal's clocks under the policy, from its log as it is now."""
    return sla_compute(
        log_entries(appeal.pk),
        calendar=calendar_spec(policy.calendar),
        targets=targets_of(policy),
        stops=rules.stops,
    )


def appeal_sla_refresh(
    appeal: Appeal, *, now: datetime.datetime | None = None, rules: SlaRules | None = None
) -> AppealSla:
    """Compute the appeal's clocks again and store them. A due time that moved makes its
    warning and escalation letters due again. Precondition: inside the transaction that
    wrote the log's new entry (or none is being written)."""
    now = now or timezone.now()
    rules = rules or SlaRules.load()
    row = AppealSla.objects.filter(appeal_id=appeal.pk).first() or AppealSla(appeal=appeal)
    policy = rules.policy_for(appeal)
    if policy is None:
        sla = Sla()
        row.policy, row.policy_version, row.calendar_version = None, None, None
    else:
        sla = appeal_sla_compute(appeal, policy, rules)
        row.policy, row.policy_version = policy, policy.version
        row.calendar_version = policy.calendar.version
    _store(row, sla, now)
    row.paused_for = _paused_for(appeal) if appeal.status in states.OPEN else ""
    row.save()
    return row


def _store(row: AppealSla, sla: Sla, now: datetime.datetime) -> None:
    due = sla.nearest_due
    if due != row.due:
        row.warned_at = row.breach_notified_at = row.escalated_at = None
    row.first_response_due = sla.due(FIRST_RESPONSE)
    row.next_response_due = sla.due(NEXT_RESPONSE)
    row.resolution_due = sla.due(RESOLUTION)
    row.due, row.warn_at, row.escalate_at = due, sla.warn_at, sla.escalate_at
    row.state = sla.state(now) if sla.clocks else SlaState.MET
    row.computed_at = now


def _paused_for(appeal: Appeal) -> str:
    """The reason of the pause in force: the latest pause not yet lifted, or awaiting the
    client by the status."""
    if appeal.status == states.AppealStatus.AWAITING_CLIENT:
        return "awaiting_client"
    last = (
        AppealEvent.objects.filter(appeal_id=appeal.pk, kind__in=("paused", "resumed"))
        .order_by("-at", "-pk")
        .values("kind", "pause_reason")
        .first()
    )
    return last["pause_reason"] if last and last["kind"] == "paused" else ""


def open_appeals_recompute(*, now: datetime.datetime | None = None) -> int:
    """Compute the clocks of every open appeal again (a calendar or a policy changed), a
    chunk per transaction; returns how many."""
    ids = list(
        Appeal.objects.filter(status__in=states.OPEN).order_by("pk").values_list("pk", flat=True)
    )
    rules = SlaRules.load()
    for start in range(0, len(ids), RECOMPUTE_CHUNK):
        with transaction.atomic():
            chunk = Appeal.objects.filter(pk__in=ids[start : start + RECOMPUTE_CHUNK])
            for appeal in chunk.select_related("client"):
                appeal_sla_refresh(appeal, now=now, rules=rules)
    return len(ids)


def sla_rules_changed(*, calendar_id: int | None = None, policy_id: int | None = None) -> None:
    """A calendar or a policy was edited: raise its version and recompute the open
    appeals after commit, in the background."""
    if calendar_id is not None:
        BusinessCalendar.objects.filter(pk=calendar_id).update(version=F("version") + 1)
    if policy_id is not None:
        SlaPolicy.objects.filter(pk=policy_id).update(version=F("version") + 1)
    # A rolled-back edit may have left a calendar cached under a version the database never
    # kept, which a later edit raises to again: read calendars afresh.
    _spec.cache_clear()
    from okno.desk import tasks

    transaction.on_commit(lambda: tasks.sla_recompute())


def calendar_production_load(*, calendar: BusinessCalendar, year: int) -> int:
    """Add the production calendar's days of the year to the calendar; a date the
    administrator set by hand stays as it is. Returns how many days were added."""
    from okno.desk.models import CalendarDay
    from okno.desk.sla.production import production_days

    taken = set(calendar.days.filter(date__year=year).values_list("date", flat=True))
    added = CalendarDay.objects.bulk_create(
        CalendarDay(
            calendar=calendar, date=day.date, kind=day.kind, name=day.name, from_production=True
        )
        for day in production_days([year])
        if day.date not in taken
    )
    sla_rules_changed(calendar_id=calendar.pk)
    return len(added)
