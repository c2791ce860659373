"""Business time for many appeals at once: a calendar's working periods over the report's
span laid out once with the business seconds before each, so the business time between
two instants is two binary searches instead of a walk over the days (the SLA's own
`business_seconds` walks the days; both read the same `working_periods`)."""

from __future__ import annotations

import datetime
import math
from bisect import bisect_right
from collections.abc import Sequence

from okno.desk.sla.calendar import CalendarSpec, working_periods


class BusinessTimeline:
    """The calendar's working periods from `start` to `end`, with running totals."""

    def __init__(self, spec: CalendarSpec, start: datetime.datetime, end: datetime.datetime):
        self.starts: list[datetime.datetime] = []
        self.lengths: list[float] = []
        self.before: list[float] = []
        total = 0.0
        for begin, finish in working_periods(spec, start):
            if begin >= end:
                break
            self.starts.append(begin)
            self.lengths.append((finish - begin).total_seconds())
            self.before.append(total)
            total += self.lengths[-1]

    def _elapsed(self, moment: datetime.datetime) -> float:
        index = bisect_right(self.starts, moment) - 1
        if index < 0:
            return 0.0
        into = (moment - self.starts[index]).total_seconds()
        return self.before[index] + min(into, self.lengths[index])

    def seconds(self, begin: datetime.datetime, end: datetime.datetime) -> float:
        """Business seconds from `begin` to `end` (0 if `end` is not later)."""
        return max(self._elapsed(end) - self._elapsed(begin), 0.0)


def percentile(values: Sequence[float], share: float) -> float | None:
    """The nearest-rank percentile: the smallest value that at least `share` of the values
    do not exceed (None for no values)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(math.ceil(share * len(ordered)), 1)
    return ordered[rank - 1]
