"""The versions of calendars and policies: what each said, kept as a snapshot the first time
a version is used or made, so an appeal's clocks can be computed again from its log and the
two versions it names — today or years later — and come out the same.

A calendar's snapshot is its `CalendarSpec` (time zone, weekly hours, dated days as
intervals); a policy's is its calendar, targets in business seconds and, per pause reason,
the clocks it stops."""

from __future__ import annotations

import datetime
from functools import lru_cache
from typing import Any

from django.db import transaction

from okno.desk.models import (
    BusinessCalendar,
    CalendarVersion,
    DayKind,
    PolicyVersion,
    SlaPauseReason,
    SlaPolicy,
)
from okno.desk.models.sla import hours_parse
from okno.desk.sla.calendar import CalendarSpec, Minutes, shortened, usual_hours
from okno.desk.sla.clocks import FIRST_RESPONSE, NEXT_RESPONSE, RESOLUTION, Targets

_kept: set[tuple[str, int, int]] = set()


# --- calendars ---------------------------------------------------------------------------


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


def calendar_read(calendar: BusinessCalendar) -> CalendarSpec:
    """The calendar as its rows say now."""
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


def spec_dump(spec: CalendarSpec) -> dict[str, Any]:
    return {
        "time_zone": spec.time_zone,
        "weekly": [[list(interval) for interval in day] for day in spec.weekly],
        "days": {day.isoformat(): [list(i) for i in hours] for day, hours in spec.days.items()},
    }


def spec_load(data: dict[str, Any]) -> CalendarSpec:
    return CalendarSpec(
        time_zone=data["time_zone"],
        weekly=tuple(tuple((start, end) for start, end in day) for day in data["weekly"]),
        days={
            datetime.date.fromisoformat(day): tuple((start, end) for start, end in hours)
            for day, hours in data["days"].items()
        },
    )


@lru_cache(maxsize=64)
def calendar_at(calendar_id: int, version: int) -> CalendarSpec:
    """The calendar as it was at the version: its snapshot, or its rows if the version was
    never kept (it is then the one in force)."""
    kept = CalendarVersion.objects.filter(calendar_id=calendar_id, version=version)
    data = kept.values_list("spec", flat=True).first()
    if data is not None:
        return spec_load(data)
    return calendar_read(BusinessCalendar.objects.get(pk=calendar_id))


def calendar_version_keep(calendar: BusinessCalendar) -> None:
    """Keep the snapshot of the calendar's version in force, once."""
    key = ("calendar", calendar.pk, calendar.version)
    if key in _kept:
        return
    CalendarVersion.objects.get_or_create(
        calendar=calendar,
        version=calendar.version,
        defaults={"spec": spec_dump(calendar_read(calendar))},
    )
    _kept_after_commit(key)


# --- policies ----------------------------------------------------------------------------


def pause_stops() -> dict[str, list[str]]:
    """Per pause reason, the clocks it stops."""
    stops = {}
    for reason in SlaPauseReason.objects.order_by("code"):
        clocks = {
            FIRST_RESPONSE: reason.stops_first_response,
            NEXT_RESPONSE: reason.stops_next_response,
            RESOLUTION: reason.stops_resolution,
        }
        stops[reason.code] = [name for name, stops_it in clocks.items() if stops_it]
    return stops


def policy_rules(policy: SlaPolicy, stops: dict[str, list[str]]) -> dict[str, Any]:
    """What the policy says now, as its snapshot keeps it."""
    return {
        "calendar_id": policy.calendar_id,
        "targets": {
            "first_response": policy.first_response_minutes * 60,
            "next_response": policy.next_response_minutes * 60,
            "resolution": policy.resolution_minutes * 60,
            "warning": policy.warning_minutes * 60,
            "escalation": policy.escalation_minutes * 60,
        },
        "stops": stops,
    }


def policy_at(policy_id: int, version: int) -> dict[str, Any] | None:
    kept = PolicyVersion.objects.filter(policy_id=policy_id, version=version)
    return kept.values_list("rules", flat=True).first()


def policy_version_keep(policy: SlaPolicy, rules: dict[str, Any]) -> None:
    """Keep the snapshot of the policy's version in force, once."""
    key = ("policy", policy.pk, policy.version)
    if key in _kept:
        return
    PolicyVersion.objects.get_or_create(
        policy=policy, version=policy.version, defaults={"rules": rules}
    )
    _kept_after_commit(key)


def _kept_after_commit(key: tuple[str, int, int]) -> None:
    """Remember the snapshot as kept once its row is committed: a transaction rolled back
    after keeping it leaves no row, and a version remembered as kept would never be
    kept — its appeals' clocks read from rows changed since."""
    transaction.on_commit(lambda: _kept.add(key))


def targets_of(rules: dict[str, Any]) -> Targets:
    return Targets(**rules["targets"])


def stops_of(rules: dict[str, Any]) -> dict[str, frozenset[str]]:
    return {code: frozenset(clocks) for code, clocks in rules["stops"].items()}


def versions_forget() -> None:
    """A rolled-back edit may have left a version cached that the database never kept,
    which a later edit raises to again: read afresh."""
    calendar_at.cache_clear()
    _kept.clear()
