"""Business time by interval arithmetic (`desk/sla/calendar.py`), without a database."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okno.desk.sla.calendar import (
    CalendarSpec,
    business_seconds,
    instant_after,
    running_periods,
    shortened,
)

MSK = ZoneInfo("Europe/Moscow")
H = 3600
WEEK = tuple(((600, 1080),) if day < 5 else () for day in range(7))
OFFICE = CalendarSpec(time_zone="Europe/Moscow", weekly=WEEK)


def msk(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=MSK)


def test_eight_hours_from_friday_five_is_monday_five():
    # 2026-11-20 is a Friday: one hour on Friday, seven on Monday.
    assert instant_after(OFFICE, msk(2026, 11, 20, 17), 8 * H) == msk(2026, 11, 23, 17)


def test_created_on_saturday_eight_hours_is_monday_six():
    assert instant_after(OFFICE, msk(2026, 11, 21, 12), 8 * H) == msk(2026, 11, 23, 18)


def test_before_opening_counts_from_opening():
    assert instant_after(OFFICE, msk(2026, 11, 23, 7, 30), 2 * H) == msk(2026, 11, 23, 12)


def test_a_whole_day_ends_at_closing_not_next_morning():
    assert instant_after(OFFICE, msk(2026, 11, 23, 10), 8 * H) == msk(2026, 11, 23, 18)


def test_several_intervals_a_day_skip_the_break():
    lunch = CalendarSpec("Europe/Moscow", tuple(((540, 780), (840, 1080)) for _d in range(7)))
    assert instant_after(lunch, msk(2026, 11, 23, 12), 2 * H) == msk(2026, 11, 23, 15)


def test_a_holiday_is_skipped_and_a_moved_working_day_counts():
    days = {datetime.date(2026, 11, 23): (), datetime.date(2026, 11, 21): ((600, 1080),)}
    spec = CalendarSpec("Europe/Moscow", WEEK, days)
    # Friday 17:00 + 8 h: 1 h Friday, 7 h on the working Saturday; Monday is a holiday.
    assert instant_after(spec, msk(2026, 11, 20, 17), 8 * H) == msk(2026, 11, 21, 17)
    assert instant_after(spec, msk(2026, 11, 21, 18), 4 * H) == msk(2026, 11, 24, 14)


def test_a_pause_across_midnight_is_not_counted():
    # Paused Monday 16:00 to Tuesday 12:00: Monday's 2 h and Tuesday's first 2 h are out.
    pauses = [(msk(2026, 11, 23, 16), msk(2026, 11, 24, 12))]
    due = instant_after(OFFICE, msk(2026, 11, 23, 10), 8 * H, pauses)
    assert due == msk(2026, 11, 24, 14)
    assert business_seconds(OFFICE, msk(2026, 11, 23, 10), due, pauses) == 8 * H


def test_an_open_pause_stops_the_clock():
    pauses = [(msk(2026, 11, 23, 12), None)]
    assert instant_after(OFFICE, msk(2026, 11, 23, 10), 8 * H, pauses) is None
    assert business_seconds(OFFICE, msk(2026, 11, 23, 10), msk(2026, 11, 30), pauses) == 2 * H


def test_overlapping_pauses_merge():
    pauses = [
        (msk(2026, 11, 23, 11), msk(2026, 11, 23, 13)),
        (msk(2026, 11, 23, 12), msk(2026, 11, 23, 14)),
    ]
    assert list(running_periods(OFFICE, msk(2026, 11, 23, 10), pauses))[:2] == [
        (msk(2026, 11, 23, 10), msk(2026, 11, 23, 11)),
        (msk(2026, 11, 23, 14), msk(2026, 11, 23, 18)),
    ]


def test_a_calendar_without_hours_never_runs_out():
    closed = CalendarSpec("Europe/Moscow", tuple(() for _d in range(7)))
    assert instant_after(closed, msk(2026, 11, 23, 10), H) is None


def test_shortened_day_loses_its_last_hour():
    assert shortened(((600, 1080),)) == ((600, 1020),)
    # The last interval shorter than an hour goes whole, the rest from the one before.
    assert shortened(((540, 780), (840, 870))) == ((540, 750),)


def test_time_zone_of_the_calendar_is_used():
    vladivostok = CalendarSpec("Asia/Vladivostok", WEEK)
    start = datetime.datetime(2026, 11, 23, 0, tzinfo=datetime.UTC)  # 10:00 in Vladivostok
    assert instant_after(vladivostok, start, H) == start + datetime.timedelta(hours=1)


def test_daylight_saving_day_counts_wall_hours():
    berlin = CalendarSpec("Europe/Berlin", tuple(((0, 1440),) for _d in range(7)))
    start = datetime.datetime(2026, 3, 29, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    # The night clocks go forward has 23 real hours: they are all counted, no more.
    assert business_seconds(berlin, start, start + datetime.timedelta(days=1)) == 23 * H


@given(
    start_minutes=st.integers(min_value=0, max_value=7 * 24 * 60),
    hours=st.integers(min_value=0, max_value=80),
)
def test_business_time_to_the_due_instant_is_the_target(start_minutes, hours):
    start = msk(2026, 11, 16) + datetime.timedelta(minutes=start_minutes)
    due = instant_after(OFFICE, start, hours * H)
    assert due is not None
    assert business_seconds(OFFICE, start, due) == pytest.approx(hours * H)
