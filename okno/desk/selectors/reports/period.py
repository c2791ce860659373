"""The period a supervisor's report covers: whole days of the company's time zone, from
`date_from` to `date_to` inclusive, grouped by day, week (from Monday) or month."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case, DateField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.core.errors import InvalidInput

GROUPS = ("day", "week", "month")
# A report is read over a year at most: longer ones are narrowed, not computed for minutes.
MAX_DAYS = 366


@dataclass(frozen=True)
class ReportPeriod:
    date_from: datetime.date
    date_to: datetime.date
    group: str = "day"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(settings.TIME_ZONE)

    @property
    def start(self) -> datetime.datetime:
        """The first instant of the period (midnight of `date_from`)."""
        return datetime.datetime.combine(self.date_from, datetime.time(), tzinfo=self.zone)

    @property
    def end(self) -> datetime.datetime:
        """The first instant after the period (midnight after `date_to`)."""
        next_day = self.date_to + datetime.timedelta(days=1)
        return datetime.datetime.combine(next_day, datetime.time(), tzinfo=self.zone)

    def bucket(self, moment: datetime.datetime) -> datetime.date:
        """The first day of the group (day, week, month) the instant falls in."""
        return self.bucket_of_day(moment.astimezone(self.zone).date())

    def bucket_of_day(self, day: datetime.date) -> datetime.date:
        if self.group == "week":
            return day - datetime.timedelta(days=day.weekday())
        if self.group == "month":
            return day.replace(day=1)
        return day

    def bucket_sql(self, field: str) -> Case:
        """The same grouping in SQL, for the counts the database adds up: the groups'
        boundaries are instants worked out here, so the database compares, never converts
        time zones row by row (SQLite would do that in Python)."""
        whens = [
            When(**{f"{field}__lt": boundary}, then=Value(first_day))
            for first_day, boundary in self._groups()
        ]
        return Case(*whens, default=Value(None), output_field=DateField())

    def _groups(self) -> list[tuple[datetime.date, datetime.datetime]]:
        """(first day, first instant after it) of each group the period touches."""
        groups = []
        day = self.bucket_of_day(self.date_from)
        while day <= self.date_to:
            following = self._next_group(day)
            midnight = datetime.datetime.combine(following, datetime.time(), tzinfo=self.zone)
            groups.append((day, midnight))
            day = following
        return groups

    def _next_group(self, day: datetime.date) -> datetime.date:
        if self.group == "week":
            return day + datetime.timedelta(days=7)
        if self.group == "month":
            return (day + datetime.timedelta(days=32)).replace(day=1)
        return day + datetime.timedelta(days=1)


def this_month() -> ReportPeriod:
    today = timezone.localdate()
    return ReportPeriod(today.replace(day=1), today)


def period_check(
    date_from: datetime.date | None, date_to: datetime.date | None, group: str | None
) -> ReportPeriod:
    """The period asked for, this month to today where a date is missing; refused when it
    ends before it starts, is longer than a year or the grouping is unknown."""
    default = this_month()
    period = ReportPeriod(
        date_from or default.date_from, date_to or default.date_to, group or "day"
    )
    if period.group not in GROUPS:
        raise InvalidInput(_("Группировать можно по дням, неделям или месяцам."), field="group")
    if period.date_to < period.date_from:
        raise InvalidInput(_("Конец периода раньше его начала."), field="date_to")
    if (period.date_to - period.date_from).days >= MAX_DAYS:
        raise InvalidInput(_("Отчёт строится не больше чем за год."), field="date_from")
    return period
