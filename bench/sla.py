"""The desk's SLA sweep, as `python -m bench --only sla` runs it: 20,000 open appeals with
their stored clocks on a database created fresh for each run (SQLite under `var/bench/`,
PostgreSQL `<bench database>_sla`).

The appeals and their clocks are written set-based, their due, warning and escalation times
spread over the days around now. Then `sla_sweep` (the periodic task's body) is timed three
ways: an ordinary minute (the few dozen appeals whose times came within it), a sweep with
nothing new to fire, and the worst case — every appeal's first response breached at once.

    python -m bench.sla --out FILE [--appeals 20000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import time
from pathlib import Path

from bench.exchange import figure_row

ROOT = Path(__file__).resolve().parent.parent
APPEALS = 20_000
GOAL_S = 2.0
CHUNK = 2_000


# --- in the measuring process --------------------------------------------------------------


def measure(count: int) -> dict:
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse
    from django.utils import timezone

    from okno.desk.models import AppealSla
    from okno.desk.sla.sweep import sla_sweep

    call_command("migrate", "--no-input", "-v", "0")
    now = timezone.now()
    _appeals(count, now)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    rows = []
    # Every time already past was told before the run: the minute's sweep finds only what
    # came due within it.
    AppealSla.objects.filter(warn_at__lt=now).update(warned_at=now)
    AppealSla.objects.filter(due__lt=now).update(breach_notified_at=now)
    AppealSla.objects.filter(escalate_at__lt=now).update(escalated_at=now)
    minute = now + dt.timedelta(minutes=1)
    reverse("desk:queue")  # a running worker has its URL configuration loaded already
    rows.append(_timed("sweep: an ordinary minute", count, lambda: sla_sweep(now=minute)))
    rows.append(_timed("sweep: nothing new", count, lambda: sla_sweep(now=minute)))
    AppealSla.objects.update(due=now, warn_at=now, breach_notified_at=None, state="ok")
    later = now + dt.timedelta(seconds=1)
    rows.append(_timed("sweep: every appeal breached at once", count, lambda: sla_sweep(now=later)))
    return {"database": {"vendor": connection.vendor, "appeals": count}, "results": rows}


def _timed(name: str, count: int, call) -> dict:
    started = time.perf_counter()
    fired = call()
    seconds = time.perf_counter() - started
    told = fired.warned + fired.breached + fired.escalated
    return figure_row(
        f"{name} ({count} open, {told} letters' appeals)",
        count,
        round(seconds, 3),
        f"≤ {GOAL_S} s",
        seconds <= GOAL_S,
    )


def _appeals(count: int, now: dt.datetime) -> None:
    """`count` open appeals of one client, half assigned, each with stored clocks due
    somewhere within two days of now, and a supervisor."""
    from okno.accounts.models import User
    from okno.clients.models import Client
    from okno.core.roles import StaffRole
    from okno.desk.defaults import desk_defaults_ensure
    from okno.desk.models import Appeal, AppealKind, AppealSla, SlaPolicy

    desk_defaults_ensure()
    operator = User.objects.create_user(
        email="operator@bench.okno", password="Bench2026pass", staff_role=StaffRole.OPERATOR
    )
    User.objects.create_user(
        email="supervisor@bench.okno", password="Bench2026pass", staff_role=StaffRole.SUPERVISOR
    )
    client = Client.objects.create(name="Торговый дом «Бенчмарк»")
    kind = AppealKind.objects.get(code="question")
    policy = SlaPolicy.objects.get()
    for start in range(0, count, CHUNK):
        made = Appeal.objects.bulk_create(
            Appeal(
                number=f"ОБ-{index + 1:06d}",
                kind=kind,
                subject=f"Вопрос {index}",
                channel="portal",
                client=client,
                assignee=operator if index % 2 else None,
                created_at=now - dt.timedelta(minutes=index % 2880),
            )
            for index in range(start, min(start + CHUNK, count))
        )
        AppealSla.objects.bulk_create(
            _clock(appeal, policy, now, offset) for offset, appeal in enumerate(made, start)
        )


def _clock(appeal, policy, now: dt.datetime, index: int):
    from okno.desk.models import AppealSla

    # Spread over ±2 days, a minute apart in turn: some dozens fall within any minute.
    due = now + dt.timedelta(seconds=(index * 13) % (4 * 86400) - 2 * 86400)
    return AppealSla(
        appeal=appeal,
        policy=policy,
        policy_version=policy.version,
        calendar_version=1,
        first_response_due=due,
        resolution_due=due + dt.timedelta(days=5),
        due=due,
        warn_at=due - dt.timedelta(hours=1),
        escalate_at=due + dt.timedelta(hours=1),
        state="ok",
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.sla")
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
