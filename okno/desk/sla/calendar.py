"""Business time by interval arithmetic, with no database: a calendar is a time zone,
working intervals per weekday and dated days with their own hours (a holiday has none).

Every instant is an aware datetime; business periods are computed day by day in the
calendar's time zone and compared as instants, so a day that is 23 or 25 hours long in a
zone with daylight saving is still measured right. Pauses are (start, end) instants cut out
of the business periods; an open pause (end None) stops the clock from its start on.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

Minutes = tuple[int, int]  # an interval of a day, minutes from midnight: (600, 1080) 10:00–18:00
Period = tuple[datetime.datetime, datetime.datetime]
Pause = tuple[datetime.datetime, datetime.datetime | None]

# Nothing the desk measures is longer: a clock that has not run out by then never will
# (a calendar without a single working hour).
HORIZON_DAYS = 3 * 366
SHORTENED_BY = 60  # minutes: the Labour Code's pre-holiday day is one hour shorter


@dataclass(frozen=True)
class CalendarSpec:
    """What a business calendar says: `weekly[0]` is Monday's intervals … `weekly[6]`
    Sunday's; `days` gives a date its own intervals (empty for a day off)."""

    time_zone: str
    weekly: tuple[tuple[Minutes, ...], ...]
    days: Mapping[datetime.date, tuple[Minutes, ...]] = field(default_factory=dict)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


def usual_hours(weekly: Sequence[tuple[Minutes, ...]]) -> tuple[Minutes, ...]:
    """The hours of an ordinary working day: those of the first weekday that has any."""
    return next((hours for hours in weekly if hours), ())


def shortened(hours: Sequence[Minutes], by: int = SHORTENED_BY) -> tuple[Minutes, ...]:
    """The hours with the last `by` minutes of work cut off the end of the day."""
    left = by
    kept: list[Minutes] = []
    for start, end in sorted(hours, reverse=True):
        cut = min(left, end - start)
        left -= cut
        if end - cut > start:
            kept.append((start, end - cut))
    return tuple(reversed(kept))


def hours_on(spec: CalendarSpec, day: datetime.date) -> tuple[Minutes, ...]:
    if day in spec.days:
        return spec.days[day]
    return spec.weekly[day.weekday()]


def _at(day: datetime.date, minutes: int, zone: ZoneInfo) -> datetime.datetime:
    base = datetime.datetime.combine(day, datetime.time(), tzinfo=zone)
    # Wall-clock minutes of the day, then the instant they mean in the zone.
    wall = base.replace(tzinfo=None) + datetime.timedelta(minutes=minutes)
    return wall.replace(tzinfo=zone).astimezone(datetime.UTC)


def working_periods(spec: CalendarSpec, start: datetime.datetime) -> Iterator[Period]:
    """The calendar's working periods from `start` on, in order, the first cut at `start`."""
    zone = spec.zone
    start = start.astimezone(datetime.UTC)
    day = start.astimezone(zone).date()
    for _offset in range(HORIZON_DAYS):
        for begin_min, end_min in sorted(hours_on(spec, day)):
            begin, end = _at(day, begin_min, zone), _at(day, end_min, zone)
            if end > start:
                yield max(begin, start), end
        day += datetime.timedelta(days=1)


def _merged(pauses: Sequence[Pause]) -> list[Pause]:
    merged: list[Pause] = []
    for begin, end in sorted(pauses, key=lambda pause: pause[0]):
        if merged and (merged[-1][1] is None or begin <= merged[-1][1]):
            last_begin, last_end = merged[-1]
            longer = None if end is None or last_end is None else max(end, last_end)
            merged[-1] = (last_begin, longer)
        else:
            merged.append((begin, end))
    return merged


def running_periods(
    spec: CalendarSpec, start: datetime.datetime, pauses: Sequence[Pause] = ()
) -> Iterator[Period]:
    """Working periods from `start` with the pauses cut out; nothing after an open pause
    begins."""
    pending = _merged(pauses)
    for begin, end in working_periods(spec, start):
        while pending and pending[0][1] is not None and pending[0][1] <= begin:
            pending.pop(0)
        cursor = begin
        for pause_begin, pause_end in pending:
            if pause_begin >= end:
                break
            if pause_begin > cursor:
                yield cursor, pause_begin
            if pause_end is None:
                return
            cursor = max(cursor, pause_end)
        if cursor < end:
            yield cursor, end


def instant_after(
    spec: CalendarSpec,
    start: datetime.datetime,
    seconds: float,
    pauses: Sequence[Pause] = (),
) -> datetime.datetime | None:
    """The instant when `seconds` of business time have run from `start`, pauses not
    counted; None if an open pause stops the clock first (or the calendar never works)."""
    left = datetime.timedelta(seconds=seconds)
    for begin, end in running_periods(spec, start, pauses):
        if end - begin >= left:
            return begin + left
        left -= end - begin
    return None


def business_seconds(
    spec: CalendarSpec,
    start: datetime.datetime,
    end: datetime.datetime,
    pauses: Sequence[Pause] = (),
) -> float:
    """Business time between two instants, pauses not counted (0 if `end` is not later)."""
    total = datetime.timedelta()
    for begin, finish in running_periods(spec, start, pauses):
        if begin >= end:
            break
        total += min(finish, end) - begin
    return total.total_seconds()
