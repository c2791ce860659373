"""Reading the exchange log: sessions with what their imports did, one session with its
requests, files and import jobs, the integrations. Administrators only (`exchange.view_log`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.core.actor import Actor
from okno.core.errors import NotAllowed
from okno.core.roles import Perm
from okno.exchange.importing.counts import FIGURES
from okno.exchange.models import (
    ExchangeFile,
    ExchangeRequest,
    ExchangeSession,
    ImportJob,
    Integration,
)

# A session of a huge upload has hundreds of requests; the page shows the first ones.
REQUESTS_SHOWN = 500


@dataclass(frozen=True)
class SessionFilters:
    """What the log list narrows sessions by; empty values do not filter."""

    status: str = ""
    kind: str = ""
    integration_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass
class SessionRow:
    """One line of the log: the session and the counts its import jobs add up to."""

    session: ExchangeSession
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def duration(self) -> timedelta:
        return session_duration(self.session)


def log_check(actor: Actor) -> None:
    """Refuse anyone but those who keep the exchange (administrators)."""
    if not actor.can(Perm.EXCHANGE_VIEW_LOG):
        raise NotAllowed(_("Журнал обмена с 1С доступен только администраторам."))


def session_list(*, actor: Actor, filters: SessionFilters) -> QuerySet[ExchangeSession]:
    """Sessions newest first, with their integration joined."""
    log_check(actor)
    sessions = ExchangeSession.objects.select_related("integration")
    if filters.status:
        sessions = sessions.filter(status=filters.status)
    if filters.kind:
        sessions = sessions.filter(kind=filters.kind)
    if filters.integration_id:
        sessions = sessions.filter(integration_id=filters.integration_id)
    if filters.date_from:
        sessions = sessions.filter(started_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        sessions = sessions.filter(started_at__lt=_day_start(filters.date_to + timedelta(days=1)))
    return sessions.order_by("-started_at", "-id")


def session_rows(sessions: Iterable[ExchangeSession]) -> list[SessionRow]:
    """The rows of a page of sessions, their jobs' counts summed in one query."""
    rows = {session.pk: SessionRow(session=session, counts=_zero()) for session in sessions}
    jobs = ImportJob.objects.filter(session_id__in=rows).values_list("session_id", "counts")
    for session_id, counts in jobs:
        _add(rows[session_id].counts, counts)
    return list(rows.values())


def counts_total(counts: dict) -> dict[str, int]:
    """created, updated, unchanged, deactivated and errors over every kind of object of a
    job's `counts` (`{kind: {created: …}}`)."""
    total = _zero()
    _add(total, counts)
    return total


def _zero() -> dict[str, int]:
    return dict.fromkeys(FIGURES, 0)


def _add(total: dict[str, int], counts) -> None:
    """Add a job's `{kind: {name: n}}`; a value that is not a count is left out."""
    if not isinstance(counts, dict):
        return
    for per_kind in counts.values():
        if not isinstance(per_kind, dict):
            continue
        for name in FIGURES:
            value = per_kind.get(name)
            if isinstance(value, int) and not isinstance(value, bool):
                total[name] += value


def session_duration(session: ExchangeSession) -> timedelta:
    """From `checkauth` to the end, or to the last request of a session still open."""
    end = session.finished_at or session.last_request_at or session.started_at
    return max(end - session.started_at, timedelta(0))


@dataclass
class JobRow:
    """One import job and its counts over every kind of object."""

    job: ImportJob
    counts: dict[str, int]


@dataclass
class SessionDetail:
    """Everything the session page shows."""

    session: ExchangeSession
    counts: dict[str, int]
    requests: list[ExchangeRequest]
    requests_count: int
    jobs: list[JobRow]
    reruns: list[ExchangeSession]

    @property
    def duration(self) -> timedelta:
        return session_duration(self.session)


def session_detail(*, actor: Actor, session_id: int) -> SessionDetail:
    """A session with its requests (the first `REQUESTS_SHOWN`), import jobs and re-runs;
    raises ExchangeSession.DoesNotExist for an unknown id."""
    log_check(actor)
    session = ExchangeSession.objects.select_related("integration", "rerun_of").get(pk=session_id)
    jobs = session.imports.select_related("file").order_by("id")
    requests = session.requests.order_by("created_at", "id")
    return SessionDetail(
        session=session,
        counts=session_rows([session])[0].counts,
        requests=list(requests[:REQUESTS_SHOWN]),
        requests_count=requests.count(),
        jobs=[JobRow(job=job, counts=counts_total(job.counts)) for job in jobs],
        reruns=list(session.reruns.order_by("started_at")),
    )


def session_files(*, actor: Actor, session: ExchangeSession) -> QuerySet[ExchangeFile]:
    """The session's files in the order they were received."""
    log_check(actor)
    return session.files.order_by("received_at", "id")


def exchange_file_get(*, actor: Actor, file_id: int) -> ExchangeFile:
    """A stored file of the log; raises ExchangeFile.DoesNotExist for an unknown id."""
    log_check(actor)
    return ExchangeFile.objects.select_related("session").get(pk=file_id)


def integration_list(*, actor: Actor) -> QuerySet[Integration]:
    """Integrations with their user and how many sessions each had."""
    log_check(actor)
    return (
        Integration.objects.select_related("user")
        .annotate(sessions_count=Count("sessions"))
        .order_by("name", "id")
    )


def integration_get(*, actor: Actor, integration_id: int) -> Integration:
    """Raises Integration.DoesNotExist for an unknown id."""
    log_check(actor)
    return Integration.objects.select_related("user").get(pk=integration_id)


def _day_start(day: date) -> datetime:
    """Midnight of `day` in the company's time zone, so the range matches the dates shown."""
    return timezone.make_aware(datetime.combine(day, time.min))
