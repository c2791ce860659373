"""The clocks read from an appeal's log (`desk/sla/clocks.py`), without a database."""

import datetime
from zoneinfo import ZoneInfo

from okno.desk.sla.calendar import CalendarSpec
from okno.desk.sla.clocks import (
    BREACHED,
    FIRST_RESPONSE,
    MET,
    NEXT_RESPONSE,
    OK,
    PAUSED,
    RESOLUTION,
    WARNING,
    LogEntry,
    Targets,
    sla_compute,
)

MSK = ZoneInfo("Europe/Moscow")
H = 3600
OFFICE = CalendarSpec("Europe/Moscow", tuple(((600, 1080),) if d < 5 else () for d in range(7)))
TARGETS = Targets(first_response=8 * H, next_response=4 * H, resolution=16 * H, warning=H)
STOPS = {
    "awaiting_client": frozenset({NEXT_RESPONSE, RESOLUTION}),
    "awaiting_warehouse": frozenset({FIRST_RESPONSE, NEXT_RESPONSE, RESOLUTION}),
}


def msk(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=MSK)


def created(at):
    return LogEntry(at=at, kind="created", direction="in")


def reply(at, public=True):
    return LogEntry(at=at, kind="message", direction="out", is_public=public)


def answer(at):
    return LogEntry(at=at, kind="message", direction="in")


def status(at, to):
    return LogEntry(at=at, kind="status", to_status=to)


def compute(*entries):
    return sla_compute(entries, calendar=OFFICE, targets=TARGETS, stops=STOPS)


def test_new_appeal_runs_first_response_and_resolution():
    sla = compute(created(msk(2026, 11, 20, 17)))
    assert sla.due(FIRST_RESPONSE) == msk(2026, 11, 23, 17)
    assert sla.due(RESOLUTION) == msk(2026, 11, 24, 17)
    assert sla.due(NEXT_RESPONSE) is None
    assert sla.warn_at == msk(2026, 11, 23, 16)
    assert sla.escalate_at == msk(2026, 11, 23, 18)
    assert sla.state(msk(2026, 11, 23, 15)) == OK
    assert sla.state(msk(2026, 11, 23, 16)) == WARNING
    assert sla.state(msk(2026, 11, 23, 17, 1)) == BREACHED


def test_a_public_reply_stops_first_response_an_internal_note_does_not():
    sla = compute(created(msk(2026, 11, 23, 10)), reply(msk(2026, 11, 23, 11), public=False))
    assert sla.clocks[FIRST_RESPONSE].running
    sla = compute(created(msk(2026, 11, 23, 10)), reply(msk(2026, 11, 23, 11)))
    assert not sla.clocks[FIRST_RESPONSE].running
    assert sla.clocks[FIRST_RESPONSE].state(msk(2026, 11, 30)) == MET


def test_the_clients_message_after_a_reply_starts_next_response():
    sla = compute(
        created(msk(2026, 11, 23, 10)),
        reply(msk(2026, 11, 23, 11)),
        answer(msk(2026, 11, 23, 16)),
    )
    assert sla.due(NEXT_RESPONSE) == msk(2026, 11, 24, 12)
    # Two messages before an answer: the clock runs from the first.
    sla = compute(
        created(msk(2026, 11, 23, 10)),
        reply(msk(2026, 11, 23, 11)),
        answer(msk(2026, 11, 23, 16)),
        answer(msk(2026, 11, 23, 17)),
    )
    assert sla.due(NEXT_RESPONSE) == msk(2026, 11, 24, 12)


def test_a_late_first_response_leaves_the_appeal_breached():
    sla = compute(created(msk(2026, 11, 23, 10)), reply(msk(2026, 11, 24, 11)))
    assert sla.state(msk(2026, 11, 24, 12)) == BREACHED


def test_awaiting_the_client_pauses_resolution_across_midnight():
    sla = compute(
        created(msk(2026, 11, 23, 10)),
        reply(msk(2026, 11, 23, 12)),
        status(msk(2026, 11, 23, 16), "awaiting_client"),
        status(msk(2026, 11, 24, 12), "in_progress"),
    )
    # 16 h less the paused 2 h of Monday and 2 h of Tuesday: Tuesday 18:00 + 4 h.
    assert sla.due(RESOLUTION) == msk(2026, 11, 25, 14)


def test_an_open_pause_shows_paused_and_no_due():
    sla = compute(
        created(msk(2026, 11, 23, 10)),
        reply(msk(2026, 11, 23, 12)),
        status(msk(2026, 11, 23, 16), "awaiting_client"),
    )
    assert sla.due(RESOLUTION) is None
    assert sla.state(msk(2026, 12, 30)) == PAUSED


def test_a_pause_reason_stops_only_its_clocks():
    entries = [
        created(msk(2026, 11, 23, 10)),
        LogEntry(at=msk(2026, 11, 23, 12), kind="paused", pause_reason="awaiting_client"),
    ]
    sla = compute(*entries)
    # «Awaiting the client» leaves the first response running.
    assert sla.due(FIRST_RESPONSE) == msk(2026, 11, 23, 18)
    assert sla.due(RESOLUTION) is None
    entries.append(
        LogEntry(at=msk(2026, 11, 24, 12), kind="resumed", pause_reason="awaiting_client")
    )
    assert compute(*entries).due(RESOLUTION) == msk(2026, 11, 25, 18)


def test_finishing_stops_every_clock_and_reopening_goes_on():
    finished = [
        created(msk(2026, 11, 23, 10)),
        reply(msk(2026, 11, 23, 12)),
        status(msk(2026, 11, 23, 14), "resolved"),
    ]
    assert compute(*finished).state(msk(2026, 12, 30)) == MET
    sla = compute(*finished, status(msk(2026, 11, 27, 10), "reopened"))
    # Four hours were used before: twelve are left from Friday 10:00.
    assert sla.due(RESOLUTION) == msk(2026, 11, 30, 14)
    assert sla.due(NEXT_RESPONSE) == msk(2026, 11, 27, 14)


def test_the_same_log_gives_the_same_clocks():
    entries = [created(msk(2026, 11, 23, 10)), reply(msk(2026, 11, 23, 12))]
    assert compute(*entries) == compute(*reversed(entries))
