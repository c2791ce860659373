"""The supervisor's month report, as `python -m bench --only desk_reports` runs it: 20,000
appeals of one month with their logs (created, answered, most resolved, some reopened,
half rated), stored SLA clocks and time entries, on a database created fresh for each run
(SQLite under `var/bench/`, PostgreSQL `<bench database>_desk_reports`).

Timed: the operators report over the month by day and by month (counts in SQL, business-time
percentiles from the period's event instants), and time per client against the support
plan.

    python -m bench.desk_reports --out FILE [--appeals 20000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.exchange import figure_row

ROOT = Path(__file__).resolve().parent.parent
APPEALS = 20_000
OPERATORS = 20
CLIENTS = 200
GOAL_S = 2.0
CHUNK = 2_000
MONTH = dt.date(2026, 10, 1)
MSK = ZoneInfo("Europe/Moscow")


# --- in the measuring process --------------------------------------------------------------


def measure(count: int) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from okno.desk.selectors.reports import (
        ReportPeriod,
        operators_report,
        support_time_report,
    )

    call_command("migrate", "--no-input", "-v", "0")
    _month_of_appeals(count)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    last = (MONTH + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
    rows = []
    for group in ("day", "month"):
        period = ReportPeriod(MONTH, last, group)
        rows.append(
            _timed(
                f"operators report, month by {group}",
                count,
                lambda p=period: operators_report(period=p),
            )
        )
    month = ReportPeriod(MONTH, last, "month")
    rows.append(_timed("time per client, month", count, lambda: support_time_report(period=month)))
    return {"database": {"vendor": connection.vendor, "appeals": count}, "results": rows}


def _timed(name: str, count: int, call) -> dict:
    started = time.perf_counter()
    call()
    seconds = time.perf_counter() - started
    return figure_row(
        f"{name} ({count} appeals)", count, round(seconds, 3), f"≤ {GOAL_S} s", seconds <= GOAL_S
    )


def _working_instant(rng: random.Random) -> dt.datetime:
    """Some moment of a working day of the month, Moscow time."""
    while True:
        day = MONTH + dt.timedelta(days=rng.randrange(31))
        if day.weekday() < 5 and day.month == MONTH.month:
            minute = rng.randrange(10 * 60, 18 * 60)
            start = dt.datetime.combine(day, dt.time(), tzinfo=MSK)
            return start + dt.timedelta(minutes=minute)


def _month_of_appeals(count: int) -> None:
    """`count` appeals of the month from `CLIENTS` clients, spread over `OPERATORS`."""
    from okno.accounts.models import User
    from okno.clients.models import Client
    from okno.core.roles import StaffRole
    from okno.desk.defaults import desk_defaults_ensure
    from okno.desk.models import Appeal, AppealKind, SlaPolicy

    desk_defaults_ensure()
    operators = [
        User.objects.create_user(
            email=f"operator{index}@bench.okno",
            password="Bench2026pass",
            full_name=f"Оператор {index:02d}",
            staff_role=StaffRole.OPERATOR,
        )
        for index in range(OPERATORS)
    ]
    clients = Client.objects.bulk_create(
        Client(name=f"Клиент {index:03d}", support_hours=10 + index % 30)
        for index in range(CLIENTS)
    )
    kind = AppealKind.objects.get(code="question")
    policy = SlaPolicy.objects.get()
    rng = random.Random(2026)
    for start in range(0, count, CHUNK):
        made = Appeal.objects.bulk_create(
            _appeal(index, kind, rng.choice(clients), operators[index % OPERATORS], rng)
            for index in range(start, min(start + CHUNK, count))
        )
        _logs(made, policy, rng)


def _appeal(index: int, kind, client, operator, rng: random.Random):
    from okno.desk.models import Appeal

    created = _working_instant(rng)
    rated = index % 2 == 0
    return Appeal(
        number=f"ОБ-{index + 1:06d}",
        kind=kind,
        subject=f"Вопрос {index}",
        channel="portal",
        client=client,
        assignee=operator,
        status="resolved" if index % 5 else "in_progress",
        created_at=created,
        csat_score=1 + index % 5 if rated else None,
        csat_at=created + dt.timedelta(days=2) if rated else None,
    )


def _logs(appeals, policy, rng: random.Random) -> None:
    """Each appeal's log, stored clocks and time entries, written set-based."""
    from okno.desk.models import AppealEvent, AppealSla, TimeEntry

    events, clocks, entries = [], [], []
    for appeal in appeals:
        created = appeal.created_at
        answered = created + dt.timedelta(minutes=rng.randrange(5, 960))
        events.append(AppealEvent(appeal=appeal, kind="created", at=created))
        events.append(
            AppealEvent(appeal=appeal, kind="message", direction="out", is_public=True, at=answered)
        )
        if appeal.status == "resolved":
            events.extend(_resolving(appeal, answered, rng))
        clocks.append(
            AppealSla(
                appeal=appeal,
                policy=policy,
                policy_version=policy.version,
                calendar_version=1,
                state="met" if rng.random() < 0.9 else "breached",
            )
        )
        entries.append(
            TimeEntry(
                appeal=appeal,
                user_id=appeal.assignee_id,
                day=answered.astimezone(MSK).date(),
                minutes=rng.randrange(5, 90),
            )
        )
    AppealEvent.objects.bulk_create(events, batch_size=CHUNK)
    AppealSla.objects.bulk_create(clocks, batch_size=CHUNK)
    TimeEntry.objects.bulk_create(entries, batch_size=CHUNK)


def _resolving(appeal, answered: dt.datetime, rng: random.Random) -> list:
    from okno.desk.models import AppealEvent

    resolved = answered + dt.timedelta(minutes=rng.randrange(30, 4 * 1440))
    moves = [("in_progress", "resolved", resolved)]
    if rng.random() < 0.05:  # reopened by the client and resolved again
        reopened = resolved + dt.timedelta(hours=rng.randrange(1, 48))
        moves += [
            ("resolved", "reopened", reopened),
            ("reopened", "resolved", reopened + dt.timedelta(hours=rng.randrange(1, 24))),
        ]
    return [
        AppealEvent(appeal=appeal, kind="status", from_status=before, to_status=after, at=at)
        for before, after, at in moves
    ]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.desk_reports")
    parser.add_argument("--appeals", type=int, default=APPEALS)
    parser.add_argument("--out", required=True)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "okno.settings")
    import django

    django.setup()
    measured = measure(options.appeals)
    Path(options.out).write_text(json.dumps(measured, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
