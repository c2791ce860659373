"""`mode=import`: the import of one received file, a slice at a time. Each request
unpacks what is still packed, then lets the importer work until the slice's deadline and
answers `progress` until the file's job is done (`success` with its counts) or failed
(`failure` with the importer's message, which says where in the file)."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from okno.exchange.importing import import_step
from okno.exchange.labels import counts_lines, phase_label
from okno.exchange.models import ExchangeFile, ExchangeSession, ImportJob
from okno.exchange.protocol.answers import Answer, ProtocolFailure, failure, progress, success
from okno.exchange.protocol.archives import archives_unpack
from okno.exchange.protocol.sessions import session_failed, session_succeeded

logger = logging.getLogger(__name__)
FINISHED = (ImportJob.Status.DONE, ImportJob.Status.FAILED)


def slice_deadline() -> float:
    """When the work of this request must stop (`time.monotonic()`)."""
    return time.monotonic() + settings.OKNO_EXCHANGE_SLICE_SECONDS


def import_answer(*, session: ExchangeSession, name: str) -> Answer:
    """One slice of the import of `name`: unpacking first, then the file's import job."""
    deadline = slice_deadline()
    left = archives_unpack(session=session, deadline=deadline)
    if left:
        return progress(_("Распаковка архива: осталось файлов: %(left)s.") % {"left": left})
    job = import_job_of(session=session, name=name)
    if job.status not in FINISHED:
        # Even with the slice spent on unpacking the importer is called: it writes at least
        # one batch, so every request moves the import on.
        import_job_step(job=job, deadline=deadline)
    return job_answer(job)


def import_job_of(*, session: ExchangeSession, name: str) -> ImportJob:
    """The import job of a file received in the session, made at its first `import`."""
    exchange_file = ExchangeFile.objects.filter(session=session, name=name).first()
    if exchange_file is None:
        raise ProtocolFailure(_("Файл %(name)s в этом сеансе обмена не получен.") % {"name": name})
    job = ImportJob.objects.filter(session=session, file=exchange_file).order_by("-id").first()
    return job or ImportJob.objects.create(session=session, file=exchange_file)


def import_job_step(*, job: ImportJob, deadline: float) -> None:
    """Let the importer work on the job until `deadline`. The importer answers a problem of
    the file with a failed job; anything it raises is a fault of the portal, recorded on
    the job as a failure so the exchange stops instead of retrying it forever."""
    try:
        import_step(job=job, deadline=deadline)
    except Exception as error:
        logger.exception("import of exchange file %s failed", job.file_id)
        job.status = ImportJob.Status.FAILED
        job.message = _("Внутренняя ошибка импорта: %(error)s") % {"error": error}
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "message", "finished_at"])


def job_answer(job: ImportJob) -> Answer:
    """`success` with the counts, `failure` with the message, or `progress` with the phase
    and how many objects are written."""
    name = job.file.name
    if job.status == ImportJob.Status.DONE:
        session_succeeded(session=job.session)
        return success(_("Файл %(name)s загружен.") % {"name": name}, *counts_lines(job.counts))
    if job.status == ImportJob.Status.FAILED:
        message = job.message or _("Файл %(name)s не загружен.") % {"name": name}
        session_failed(session=job.session, message=message)
        return failure(message)
    phase = phase_label(job.phase) if job.phase else pgettext("этап загрузки", "начало")
    return progress(
        _("Файл %(name)s: %(phase)s, записано объектов: %(count)s.")
        % {"name": name, "phase": phase, "count": job.checkpoint}
    )


def import_until_done(*, session: ExchangeSession, name: str) -> Answer:
    """The whole import of a file in this request, slice after slice — for the sale side's
    old protocol, which expects a file of documents to be imported as it is received."""
    while True:
        deadline = slice_deadline()
        if not archives_unpack(session=session, deadline=deadline):
            break
    job = import_job_of(session=session, name=name)
    while job.status not in FINISHED:
        import_job_step(job=job, deadline=slice_deadline())
    return job_answer(job)
