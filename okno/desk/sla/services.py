"""The SLA on the database: which policy applies to an appeal, its calendar as the pure
functions read it, the clocks computed from the log and stored on the appeal, and their
recomputation when a calendar or a policy changes.

`appeal_sla_refresh` is called by the desk's services after every write to an appeal's log,
inside their transaction, so the stored clocks never lag behind the log."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from okno.desk import states
from okno.desk.models import (
    Appeal,
    AppealEvent,
    AppealSla,
    BusinessCalendar,
    SlaPolicy,
    SlaState,
)
from okno.desk.sla.calendar import CalendarSpec
from okno.desk.sla.clocks import (
    FIRST_RESPONSE,
    NEXT_RESPONSE,
    RESOLUTION,
    LogEntry,
    Sla,
    sla_compute,
)
from okno.desk.sla.versions import (
    calendar_at,
    calendar_version_keep,
    pause_stops,
    policy_at,
    policy_rules,
    policy_version_keep,
    stops_of,
    targets_of,
    versions_forget,
)

_LOG_KINDS = ("created", "message", "status", "paused", "resumed")
RECOMPUTE_CHUNK = 500


def calendar_spec(calendar: BusinessCalendar) -> CalendarSpec:
    """The calendar's version in force, as the clocks read it."""
    return calendar_at(calendar.pk, calendar.version)


# --- the policy --------------------------------------------------------------------------


def policy_matches(policy: SlaPolicy, appeal: Appeal) -> bool:
    """Every condition the policy sets holds for the appeal (an empty one holds for any);
    an appeal of an unknown sender has no client, so no level of service."""
    tier = appeal.client.support_tier if appeal.client is not None else ""
    return (
        (policy.kind_id is None or policy.kind_id == appeal.kind_id)
        and policy.priority in ("", appeal.priority)
        and policy.client_tier in ("", tier)
        and policy.channel in ("", appeal.channel)
    )


@dataclass(frozen=True)
class SlaRules:
    """The active policies in their order and what each pause reason stops: read once for
    a recomputation of many appeals."""

    policies: list[SlaPolicy]
    stops: dict[str, list[str]]

    @classmethod
    def load(cls) -> SlaRules:
        policies = SlaPolicy.objects.filter(is_active=True).select_related("calendar")
        return cls(policies=list(policies.order_by("position", "pk")), stops=pause_stops())

    def policy_for(self, appeal: Appeal) -> SlaPolicy | None:
        """The first active policy, in their order, whose conditions the appeal meets."""
        return next((p for p in self.policies if policy_matches(p, appeal)), None)


# --- an appeal's clocks ------------------------------------------------------------------


def log_entries(appeal_id: int) -> list[LogEntry]:
    rows = AppealEvent.objects.filter(appeal_id=appeal_id, kind__in=_LOG_KINDS).order_by("at", "pk")
    return [
        LogEntry(
            at=row["at"],
            kind=row["kind"],
            direction=row["direction"],
            is_public=row["is_public"],
            to_status=row["to_status"],
            pause_reason=row["pause_reason"],
        )
        for row in rows.values("at", "kind", "direction", "is_public", "to_status", "pause_reason")
    ]


def appeal_sla_compute(appeal_id: int, calendar: CalendarSpec, policy: dict) -> Sla:
    """The appeal's clocks from its log as it is now, on a calendar and a policy's rules
    (`versions.policy_rules`)."""
    return sla_compute(
        log_entries(appeal_id),
        calendar=calendar,
        targets=targets_of(policy),
        stops=stops_of(policy),
    )


def appeal_sla_replay(row: AppealSla) -> Sla | None:
    """The appeal's clocks computed again with the calendar and policy versions its stored
    clocks name: the same as stored, whatever was edited since."""
    if row.policy_id is None or row.policy_version is None or row.calendar_version is None:
        return None
    policy = policy_at(row.policy_id, row.policy_version)
    if policy is None:
        return None
    calendar = calendar_at(policy["calendar_id"], row.calendar_version)
    return appeal_sla_compute(row.appeal_id, calendar, policy)


def appeal_sla_refresh(
    appeal: Appeal, *, now: datetime.datetime | None = None, rules: SlaRules | None = None
) -> AppealSla:
    """Compute the appeal's clocks again and store them. A due time that moved makes its
    warning and escalation letters due again. Precondition: inside the transaction that
    wrote the log's new entry (or none is being written)."""
    now = now or timezone.now()
    rules = rules or SlaRules.load()
    row = AppealSla.objects.filter(appeal_id=appeal.pk).first() or AppealSla(appeal=appeal)
    policy = rules.policy_for(appeal)
    if policy is None:
        sla = Sla()
        row.policy, row.policy_version, row.calendar_version = None, None, None
    else:
        said = policy_rules(policy, rules.stops)
        policy_version_keep(policy, said)
        calendar_version_keep(policy.calendar)
        sla = appeal_sla_compute(appeal.pk, calendar_spec(policy.calendar), said)
        row.policy, row.policy_version = policy, policy.version
        row.calendar_version = policy.calendar.version
    _store(row, sla, now)
    row.paused_for = _paused_for(appeal) if appeal.status in states.OPEN else ""
    row.save()
    return row


def _store(row: AppealSla, sla: Sla, now: datetime.datetime) -> None:
    due = sla.nearest_due
    if due != row.due:
        row.warned_at = row.breach_notified_at = row.escalated_at = None
    row.first_response_due = sla.due(FIRST_RESPONSE)
    row.next_response_due = sla.due(NEXT_RESPONSE)
    row.resolution_due = sla.due(RESOLUTION)
    row.due, row.warn_at, row.escalate_at = due, sla.warn_at, sla.escalate_at
    row.state = sla.state(now) if sla.clocks else SlaState.MET
    row.computed_at = now


def _paused_for(appeal: Appeal) -> str:
    """The reason of the pause in force: the latest pause not yet lifted, or awaiting the
    client by the status."""
    if appeal.status == states.AppealStatus.AWAITING_CLIENT:
        return "awaiting_client"
    last = (
        AppealEvent.objects.filter(appeal_id=appeal.pk, kind__in=("paused", "resumed"))
        .order_by("-at", "-pk")
        .values("kind", "pause_reason")
        .first()
    )
    return last["pause_reason"] if last and last["kind"] == "paused" else ""


def open_appeals_recompute(
    *, now: datetime.datetime | None = None, client_id: int | None = None
) -> int:
    """Compute the clocks of every open appeal again (a calendar or a policy changed), or
    of one client's (its level of service changed), a chunk per transaction; returns how
    many."""
    open_appeals = Appeal.objects.filter(status__in=states.OPEN)
    if client_id is not None:
        open_appeals = open_appeals.filter(client_id=client_id)
    ids = list(open_appeals.order_by("pk").values_list("pk", flat=True))
    rules = SlaRules.load()
    for start in range(0, len(ids), RECOMPUTE_CHUNK):
        with transaction.atomic():
            chunk = Appeal.objects.filter(pk__in=ids[start : start + RECOMPUTE_CHUNK])
            for appeal in chunk.select_related("client"):
                appeal_sla_refresh(appeal, now=now, rules=rules)
    return len(ids)


def sla_rules_changed(*, calendar_id: int | None = None, policy_id: int | None = None) -> None:
    """A calendar or a policy was edited: raise its version and recompute the open
    appeals after commit, in the background."""
    if calendar_id is not None:
        BusinessCalendar.objects.filter(pk=calendar_id).update(version=F("version") + 1)
        calendar_version_keep(BusinessCalendar.objects.get(pk=calendar_id))
    # A policy's version covers the pause reasons' stops too: an edit of those raises all.
    policies = (
        SlaPolicy.objects.all() if policy_id is None else SlaPolicy.objects.filter(pk=policy_id)
    )
    if calendar_id is None:
        policies.update(version=F("version") + 1)
        stops = pause_stops()
        for policy in policies:
            policy_version_keep(policy, policy_rules(policy, stops))
    versions_forget()
    from okno.desk import tasks

    transaction.on_commit(lambda: tasks.sla_recompute())


def client_tier_changed(*, client_id: int) -> None:
    """A client's level of service changed: the policies are chosen again for its open
    appeals and their clocks recomputed after commit, in the background, as for an edit of
    the rules. Finished appeals keep the clocks they were measured by."""
    from okno.desk import tasks

    transaction.on_commit(lambda: tasks.sla_recompute_client(client_id=client_id))


def calendar_production_load(*, calendar: BusinessCalendar, year: int) -> int:
    """Add the production calendar's days of the year to the calendar; a date the
    administrator set by hand stays as it is. Returns how many days were added."""
    from okno.desk.models import CalendarDay
    from okno.desk.sla.production import production_days

    taken = set(calendar.days.filter(date__year=year).values_list("date", flat=True))
    added = CalendarDay.objects.bulk_create(
        CalendarDay(
            calendar=calendar, date=day.date, kind=day.kind, name=day.name, from_production=True
        )
        for day in production_days([year])
        if day.date not in taken
    )
    sla_rules_changed(calendar_id=calendar.pk)
    return len(added)
