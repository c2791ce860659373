"""An appeal's SLA clocks read from its log, with no database: the same log, calendar and
policy always give the same due times and state.

Three clocks run in business time:
- first response — from the appeal's creation to the first public reply of staff;
- next response — from a client's message that came after a reply (or a reopening) to the
  next public reply;
- resolution — from creation to the appeal's resolving or closing; a reopened appeal's
  clock goes on from where it stopped.
Finishing the appeal stops every clock. A pause (awaiting the client, the warehouse's
inspection, 1C…) stops the clocks its reason is set to stop, from its start to its end.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from okno.desk.sla.calendar import CalendarSpec, Pause, instant_after

FIRST_RESPONSE = "first_response"
NEXT_RESPONSE = "next_response"
RESOLUTION = "resolution"
CLOCKS = (FIRST_RESPONSE, NEXT_RESPONSE, RESOLUTION)

OK, WARNING, BREACHED, PAUSED, MET = "ok", "warning", "breached", "paused", "met"
# Pause by the status «awaiting the client»: the log says it by the status, not by a reason.
AWAITING_CLIENT = "awaiting_client"
FINISHED_STATUSES = frozenset({"resolved", "closed", "merged"})


@dataclass(frozen=True)
class LogEntry:
    """What of one event of the appeal's log the clocks read."""

    at: datetime.datetime
    kind: str  # created, message, status, paused, resumed; others are ignored
    direction: str = ""  # "in" from the client, "out" to the client
    is_public: bool = True
    to_status: str = ""
    pause_reason: str = ""


@dataclass(frozen=True)
class Targets:
    """A policy's targets in business seconds; the warning comes `warning` seconds before
    a due time, the escalation to the supervisor `escalation` seconds after it."""

    first_response: float
    next_response: float
    resolution: float
    warning: float = 3600
    escalation: float = 3600

    def of(self, clock: str) -> float:
        return float(getattr(self, clock))


@dataclass
class Span:
    """One run of a clock: started at `start`, stopped at `stop` (None: still running)."""

    start: datetime.datetime
    stop: datetime.datetime | None = None


@dataclass(frozen=True)
class Clock:
    name: str
    start: datetime.datetime
    stopped_at: datetime.datetime | None
    due: datetime.datetime | None  # None while paused
    warn_at: datetime.datetime | None
    escalate_at: datetime.datetime | None
    pauses: tuple[Pause, ...]

    @property
    def running(self) -> bool:
        return self.stopped_at is None

    def breached(self, now: datetime.datetime) -> bool:
        if self.due is None:
            return False
        return (self.stopped_at or now) > self.due

    def state(self, now: datetime.datetime) -> str:
        if self.breached(now):
            return BREACHED
        if not self.running:
            return MET
        if self.due is None:
            return PAUSED
        if self.warn_at is not None and now >= self.warn_at:
            return WARNING
        return OK


@dataclass(frozen=True)
class Sla:
    """The clocks of one appeal and what the lists store of them."""

    clocks: dict[str, Clock] = field(default_factory=dict)

    def due(self, name: str) -> datetime.datetime | None:
        clock = self.clocks.get(name)
        return clock.due if clock is not None and clock.running else None

    def running(self) -> list[Clock]:
        return [clock for clock in self.clocks.values() if clock.running]

    @property
    def nearest_due(self) -> datetime.datetime | None:
        return min((c.due for c in self.running() if c.due is not None), default=None)

    @property
    def warn_at(self) -> datetime.datetime | None:
        return min((c.warn_at for c in self.running() if c.warn_at is not None), default=None)

    @property
    def escalate_at(self) -> datetime.datetime | None:
        dues = [c.escalate_at for c in self.running() if c.escalate_at is not None]
        return min(dues, default=None)

    def state(self, now: datetime.datetime) -> str:
        """Breached if any clock ran past its due time (even one stopped since), met when
        every clock stopped in time, paused when the running ones are all paused, warning
        once the nearest warning time has come, otherwise ok."""
        states = {clock.state(now) for clock in self.clocks.values()}
        for state in (BREACHED, WARNING, OK, PAUSED):
            if state in states:
                return state
        return MET


def _pauses_from_log(
    entries: Sequence[LogEntry], stops: Mapping[str, frozenset[str]]
) -> dict[str, list[Pause]]:
    """Per clock, the pauses that stop it: awaiting the client by the status, the others by
    the pause and resume entries."""
    open_since: dict[str, datetime.datetime] = {}
    found: list[tuple[str, datetime.datetime, datetime.datetime | None]] = []

    def begin(reason: str, at: datetime.datetime) -> None:
        open_since.setdefault(reason, at)

    def end(reason: str, at: datetime.datetime) -> None:
        if reason in open_since:
            found.append((reason, open_since.pop(reason), at))

    for entry in entries:
        if entry.kind == "status" and entry.to_status:
            if entry.to_status == AWAITING_CLIENT:
                begin(AWAITING_CLIENT, entry.at)
            else:
                end(AWAITING_CLIENT, entry.at)
            if entry.to_status in FINISHED_STATUSES:
                for reason in list(open_since):
                    end(reason, entry.at)
        elif entry.kind == "paused" and entry.pause_reason:
            begin(entry.pause_reason, entry.at)
        elif entry.kind == "resumed" and entry.pause_reason:
            end(entry.pause_reason, entry.at)
    found.extend((reason, at, None) for reason, at in open_since.items())
    per_clock: dict[str, list[Pause]] = {name: [] for name in CLOCKS}
    for reason, start, stop in found:
        for clock in stops.get(reason, frozenset()):
            per_clock[clock].append((start, stop))
    return per_clock


def _spans_from_log(entries: Sequence[LogEntry]) -> dict[str, list[Span]]:
    """When each clock ran: its spans, in order."""
    spans: dict[str, list[Span]] = {name: [] for name in CLOCKS}
    replied = False

    def running(name: str) -> bool:
        return bool(spans[name]) and spans[name][-1].stop is None

    def stop(name: str, at: datetime.datetime) -> None:
        if running(name):
            spans[name][-1].stop = at

    for entry in entries:
        if entry.kind == "created":
            spans[FIRST_RESPONSE].append(Span(entry.at))
            spans[RESOLUTION].append(Span(entry.at))
        elif entry.kind == "message" and entry.is_public and entry.direction == "out":
            replied = True
            stop(FIRST_RESPONSE, entry.at)
            stop(NEXT_RESPONSE, entry.at)
        elif entry.kind == "message" and entry.direction == "in":
            if replied and not running(FIRST_RESPONSE) and not running(NEXT_RESPONSE):
                spans[NEXT_RESPONSE].append(Span(entry.at))
        elif entry.kind == "status" and entry.to_status in FINISHED_STATUSES:
            for name in CLOCKS:
                stop(name, entry.at)
        elif entry.kind == "status" and entry.to_status == "reopened":
            spans[RESOLUTION].append(Span(entry.at))
            if replied:
                spans[NEXT_RESPONSE].append(Span(entry.at))
            else:
                spans[FIRST_RESPONSE].append(Span(entry.at))
    return spans


def _gaps(spans: Sequence[Span]) -> list[Pause]:
    """The time between a clock's runs, not counted (a finished appeal before reopening)."""
    return [
        (earlier.stop, later.start)
        for earlier, later in pairwise(spans)
        if earlier.stop is not None
    ]


def _clock(
    name: str, spans: list[Span], pauses: list[Pause], calendar: CalendarSpec, targets: Targets
) -> Clock:
    # The response clocks start afresh with each run; resolution adds its runs up.
    counted = spans if name == RESOLUTION else spans[-1:]
    start = counted[0].start
    all_pauses = tuple(pauses) + tuple(_gaps(counted))
    target = targets.of(name)
    return Clock(
        name=name,
        start=start,
        stopped_at=counted[-1].stop,
        due=instant_after(calendar, start, target, all_pauses),
        warn_at=instant_after(calendar, start, max(target - targets.warning, 0), all_pauses),
        escalate_at=instant_after(calendar, start, target + targets.escalation, all_pauses),
        pauses=all_pauses,
    )


def sla_compute(
    entries: Sequence[LogEntry],
    *,
    calendar: CalendarSpec,
    targets: Targets,
    stops: Mapping[str, frozenset[str]],
) -> Sla:
    """The appeal's clocks from its log (in the order written). `stops` names, per pause
    reason, the clocks it stops."""
    ordered = sorted(entries, key=lambda entry: entry.at)
    spans = _spans_from_log(ordered)
    pauses = _pauses_from_log(ordered, stops)
    clocks = {
        name: _clock(name, spans[name], pauses[name], calendar, targets)
        for name in CLOCKS
        if spans[name]
    }
    return Sla(clocks=clocks)
