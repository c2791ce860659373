"""The Russian production calendar («производственный календарь») from the `holidays`
package: non-working holidays and the days off moved by the Government's decrees, the
weekend days made working in exchange, and the shortened pre-holiday days.

`holidays` has no shortened days, so they are derived as the Labour Code (art. 95) says:
the working day right before a non-working holiday is one hour shorter. A day before a
day off that was only moved (31 December 2025) is not; a weekend day made working carries
the shortening when the days off after it lead to a holiday (1 November 2025, before the
4th).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

import holidays

HOLIDAY, WORKDAY, SHORTENED = "holiday", "workday", "shortened"
_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class ProductionDay:
    date: datetime.date
    kind: str  # HOLIDAY (no work), WORKDAY (a weekend day made working), SHORTENED
    name: str


def _official(calendar: holidays.HolidayBase, day: datetime.date) -> bool:
    """A non-working holiday of the Labour Code, not a day off moved to that date."""
    moved = calendar.substituted_label.split("%s")[0]
    observed = calendar.observed_label.replace("%s", "")
    names = calendar.get_list(day)
    return any(not name.startswith(moved) and not name.endswith(observed) for name in names)


def production_days(years: Iterable[int]) -> list[ProductionDay]:
    """Every date of the years that differs from a Monday–Friday week, in date order."""
    years = sorted(set(years))
    # The next year too: the last working days of December look at January's holidays.
    calendar = holidays.Russia(years=[*years, years[-1] + 1], language="ru")
    workdays = set(calendar.weekend_workdays)

    def working(day: datetime.date) -> bool:
        return day in workdays or (day.weekday() < 5 and day not in calendar)

    found = []
    day = datetime.date(years[0], 1, 1)
    while day.year <= years[-1]:
        if day in calendar:
            found.append(ProductionDay(day, HOLIDAY, "; ".join(calendar.get_list(day))))
        elif working(day) and _before_holiday(calendar, day, day in workdays, working):
            found.append(ProductionDay(day, SHORTENED, "Предпраздничный день"))
        elif day in workdays:
            found.append(ProductionDay(day, WORKDAY, "Рабочий день (перенос)"))
        day += _DAY
    return found


def _before_holiday(calendar, day: datetime.date, moved_workday: bool, working) -> bool:
    if _official(calendar, day + _DAY):
        return True
    if not moved_workday:
        return False
    following = day + _DAY
    while not working(following):
        if _official(calendar, following):
            return True
        following += _DAY
    return False
