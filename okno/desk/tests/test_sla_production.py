"""The Russian production calendar from `holidays` with the derived shortened days."""

import datetime

from okno.desk.sla.production import HOLIDAY, SHORTENED, WORKDAY, production_days


def _of(year, kind):
    return [day.date for day in production_days([year]) if day.kind == kind]


def test_2026_holidays_and_moved_days_off():
    holidays = set(_of(2026, HOLIDAY))
    for month, day in [(1, 1), (1, 8), (1, 9), (2, 23), (3, 9), (5, 11), (6, 12), (12, 31)]:
        assert datetime.date(2026, month, day) in holidays


def test_2026_shortened_days_are_those_of_the_decree():
    assert _of(2026, SHORTENED) == [
        datetime.date(2026, 4, 30),
        datetime.date(2026, 5, 8),
        datetime.date(2026, 6, 11),
        datetime.date(2026, 11, 3),
    ]


def test_2025_a_working_saturday_before_a_holiday_is_shortened():
    # 1 November 2025 was worked for Monday the 3rd, the day before Unity Day; 30 December
    # comes before a moved day off, not a holiday, and is a full day.
    assert _of(2025, SHORTENED) == [
        datetime.date(2025, 3, 7),
        datetime.date(2025, 4, 30),
        datetime.date(2025, 6, 11),
        datetime.date(2025, 11, 1),
    ]
    assert _of(2025, WORKDAY) == []
