"""The periodic sweep: warnings before a due time, the assignee told at a breach, the
supervisors after the escalation time. The times were computed in business time when the
clocks were stored, so the sweep only compares them with now — set-based, a few indexed
queries whatever the number of open appeals — and each letter goes once per due time."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from okno.desk import states
from okno.desk.models import Appeal, AppealEvent, AppealSla, EventKind, SlaState
from okno.desk.sla.notify import BREACH, ESCALATION, WARNING, Alert, alert_title, sla_alerts_send
from okno.desk.sla.services import SlaRules, appeal_sla_refresh

CHUNK = 2000
MISSING_PER_SWEEP = 500


@dataclass(frozen=True)
class SweepResult:
    warned: int
    breached: int
    escalated: int


def sla_sweep(*, now: datetime.datetime | None = None) -> SweepResult:
    """Fire what is due at `now` (default: the present), once each."""
    now = now or timezone.now()
    _missing_compute(now)
    with transaction.atomic():
        running = AppealSla.objects.filter(appeal__status__in=states.OPEN)
        warned = _fire(
            running.filter(warn_at__lte=now, due__gt=now, warned_at__isnull=True),
            WARNING,
            {"warned_at": now},
            Q(state=SlaState.OK),
            SlaState.WARNING,
        )
        breached = _fire(
            running.filter(due__lte=now, breach_notified_at__isnull=True),
            BREACH,
            {"breach_notified_at": now},
            ~Q(state=SlaState.BREACHED),
            SlaState.BREACHED,
        )
        escalated = _fire(
            running.filter(escalate_at__lte=now, escalated_at__isnull=True),
            ESCALATION,
            {"escalated_at": now},
            None,
            None,
        )
    return SweepResult(warned=len(warned), breached=len(breached), escalated=len(escalated))


def _fire(rows, kind: str, marks: dict, moving: Q | None, to_state: str | None) -> list[Alert]:
    """Lock the rows due, mark them told (and move their state), log it and send the
    letters after commit."""
    locked = rows.select_for_update(skip_locked=True, of=("self",))
    alerts = [
        Alert(
            appeal_id=row["appeal_id"],
            number=row["appeal__number"] or "",
            subject=row["appeal__subject"],
            due=row["due"],
            assignee_email=row["appeal__assignee__email"] or "",
        )
        for row in locked.values(
            "appeal_id", "appeal__number", "appeal__subject", "due", "appeal__assignee__email"
        )
    ]
    ids = [alert.appeal_id for alert in alerts]
    title = alert_title(kind)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        changes = dict(marks)
        if moving is not None:
            changes["state"] = Case(When(moving, then=Value(to_state)), default=F("state"))
        AppealSla.objects.filter(pk__in=chunk).update(**changes)
        _log(chunk, kind, title, marks)
    if alerts:
        sla_alerts_send(kind, alerts)
    return alerts


def _log(appeal_ids: list[int], kind: str, title: str, marks: dict) -> None:
    """An internal entry in each appeal's log, written in one statement for the chunk."""
    (at,) = marks.values()  # the one «told at» mark
    table = AppealEvent._meta.db_table
    columns = (
        "appeal_id, kind, at, is_public, direction, channel, body, from_status, to_status, "
        "reason, pause_reason"
    )
    marks_list = ", ".join(["%s"] * len(appeal_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) "
            f"SELECT appeal_id, %s, %s, %s, '', '', %s, '', '', %s, '' "
            f"FROM {AppealSla._meta.db_table} WHERE appeal_id IN ({marks_list})",
            [EventKind.SLA_ALERT, at, False, title, kind, *appeal_ids],
        )


def _missing_compute(now: datetime.datetime) -> None:
    """Open appeals with no clocks yet (made before the SLA was set up): computed a few
    hundred a sweep."""
    missing = Appeal.objects.filter(status__in=states.OPEN, sla__isnull=True)
    found = list(missing.select_related("client").order_by("pk")[:MISSING_PER_SWEEP])
    if not found:
        return
    rules = SlaRules.load()
    for appeal in found:
        with transaction.atomic():
            appeal_sla_refresh(appeal, now=now, rules=rules)
