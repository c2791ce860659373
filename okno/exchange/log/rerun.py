"""Running a re-run session: its files linked from the session it repeats, then each import
job stepped until done, in order; the first failed file stops the rest, as 1C's own
exchange stops at a `failure`."""

from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.exchange.models import ExchangeSession, ImportJob
from okno.exchange.storage import exchange_file_path, session_folder

logger = logging.getLogger(__name__)

FINISHED = (ImportJob.Status.DONE, ImportJob.Status.FAILED)


class FileMissing(Exception):
    """A file the repeated session received is no longer in its folder."""


def session_rerun_execute(*, session_id: int) -> ExchangeSession:
    """Link the files and import them; the session ends `success` when every job is done,
    `failure` with the failed file's message otherwise. Never raises for a failed import."""
    session = ExchangeSession.objects.select_related("rerun_of").get(pk=session_id)
    if session.status != ExchangeSession.Status.OPEN:
        return session  # a repeated delivery of the task: the run already ended
    try:
        rerun_files_link(session=session)
        failed = _jobs_run(session)
    except FileMissing as missing:
        _finish(session, ExchangeSession.Status.FAILURE, str(missing))
        return session
    except Exception as error:  # an unexpected error still ends the session for the log
        logger.exception("re-run of exchange session %s failed", session.rerun_of_id)
        _finish(session, ExchangeSession.Status.FAILURE, f"{type(error).__name__}: {error}")
        return session
    if failed is not None:
        message = _("Файл %(name)s: %(message)s") % {
            "name": failed.file.name,
            "message": failed.message,
        }
        _finish(session, ExchangeSession.Status.FAILURE, message)
    else:
        _finish(session, ExchangeSession.Status.SUCCESS, session.message)
    return session


def rerun_files_link(*, session: ExchangeSession) -> None:
    """Give the re-run's folder the repeated session's files: hard links where the file
    system allows (no copy of a large file), copies elsewhere."""
    source = session.rerun_of
    if source is None:
        raise ValueError(f"exchange session {session.pk} repeats no session")
    folder = session_folder(session)
    for stored in session.files.select_related("session"):
        original = session_folder(source) / stored.name
        target = exchange_file_path(stored)
        if not _inside(target, folder) or not _inside(original, session_folder(source)):
            raise ValueError(f"unsafe file name {stored.name!r}")
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            continue
        if not original.is_file():
            raise FileMissing(
                _("Файла %(name)s больше нет в папке сеанса №%(number)s.")
                % {"name": stored.name, "number": source.pk}
            )
        try:
            os.link(original, target)
        except OSError:
            shutil.copyfile(original, target)


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def _jobs_run(session: ExchangeSession) -> ImportJob | None:
    """Step every job to its end; the failed job, or None when all are done."""
    from okno.exchange.importing import import_step

    slice_seconds = settings.OKNO_EXCHANGE_SLICE_SECONDS
    for job in session.imports.select_related("file", "session").order_by("id"):
        started = time.monotonic()
        if job.started_at is None:
            job.started_at = timezone.now()
            job.save(update_fields=["started_at"])
        while job.status not in FINISHED:
            import_step(job=job, deadline=time.monotonic() + slice_seconds)
        _job_times(job, elapsed=time.monotonic() - started)
        if job.status == ImportJob.Status.FAILED:
            return job
    return None


def _job_times(job: ImportJob, *, elapsed: float) -> None:
    """The end and duration of a job, unless the importer recorded them itself."""
    fields = []
    if job.finished_at is None:
        job.finished_at = timezone.now()
        fields.append("finished_at")
    if not job.duration_ms:
        job.duration_ms = int(elapsed * 1000)
        fields.append("duration_ms")
    if fields:
        job.save(update_fields=fields)


def _finish(session: ExchangeSession, status: str, message: str) -> None:
    now = timezone.now()
    session.status = status
    session.message = message
    session.finished_at = now
    session.last_request_at = now
    session.save(update_fields=["status", "message", "finished_at", "last_request_at"])
