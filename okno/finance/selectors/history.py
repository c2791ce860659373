"""The balance over time of the contracts a page shows, drawn as an inline SVG chart.

The chart is computed here and drawn by the template as one `<polyline>`: no script, no
library, nothing fetched. The balance is a step: it holds from one document's date to the
next.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from okno.core.money import format_money
from okno.finance.models import LedgerEntry
from okno.finance.selectors.balances import ledger_sums

ZERO = Decimal("0")
WIDTH, HEIGHT, LEFT, TOP, BOTTOM = 720, 220, 8, 12, 24


@dataclass(frozen=True)
class BalanceChart:
    """The chart's geometry in the SVG's own units, and its labels."""

    points: str  # "x,y x,y …" of the step line
    zero_y: float
    start: dt.date
    end: dt.date
    highest: str
    lowest: str
    last: str
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def bottom_y(self) -> int:
        return HEIGHT - BOTTOM + 14


def balance_chart(
    *,
    contract_ids: list[int],
    start: dt.date,
    end: dt.date,
    closing: Decimal | None = None,
) -> BalanceChart:
    """The sum of the contracts' balances each day from `start` to `end`. Given the
    balance on `end` (`closing`, which the page has already summed), one query; else two."""
    moves = list(
        LedgerEntry.objects.filter(contract_id__in=contract_ids, date__gte=start, date__lte=end)
        .values("date")
        .annotate(total=Sum("amount"))
        .order_by("date")
    )
    if closing is None:
        before = ledger_sums(contract_ids, on=start - dt.timedelta(days=1))
        opening = sum(before.values(), ZERO)
    else:
        opening = closing - sum((move["total"] for move in moves), ZERO)
    steps = [(start, opening)]
    balance = opening
    for move in moves:
        balance += move["total"]
        steps.append((move["date"], balance))
    return _draw(steps, start, end)


def _draw(steps: list[tuple[dt.date, Decimal]], start: dt.date, end: dt.date) -> BalanceChart:
    values = [value for _date, value in steps]
    high, low = max(max(values), ZERO), min(min(values), ZERO)
    span = (high - low) or Decimal("1")
    days = max((end - start).days, 1)
    plot_w, plot_h = WIDTH - 2 * LEFT, HEIGHT - TOP - BOTTOM

    def x(day: dt.date) -> float:
        return round(LEFT + plot_w * (day - start).days / days, 1)

    def y(value: Decimal) -> float:
        return round(TOP + float((high - value) / span) * plot_h, 1)

    points: list[str] = []
    previous: Decimal | None = None
    for day, value in steps:
        if previous is not None:
            points.append(f"{x(day)},{y(previous)}")
        points.append(f"{x(day)},{y(value)}")
        previous = value
    points.append(f"{x(end)},{y(values[-1])}")
    return BalanceChart(
        points=" ".join(points),
        zero_y=y(ZERO),
        start=start,
        end=end,
        highest=format_money(high),
        lowest=format_money(low),
        last=format_money(values[-1]),
    )
