"""Import jobs of the HTTP exchange, the command line's import of a file, and the package
exchange's deactivation.

`import_step` works on a job for one time slice and returns; 1C asks again (`progress`)
and the next call continues. Each batch commits together with the job's checkpoint (how
many of the file's objects are written) and counts, so work is never lost: the next slice
continues the same open reader when it runs in the same process, else reads the file again
passing over the checkpoint's objects without building them.

A file with a problem fails its job with the problem's place and what it is; the batch it
was found in is not written, the batches before it are (each whole), and the end of the
file — a full file's deactivation — never happens. Sending the file again imports it
anew, skipping as unchanged what the failed attempt wrote.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from django.db import DataError, IntegrityError, connection, connections, transaction
from django.utils import timezone

from okno.catalog.versions import catalog_changed
from okno.exchange.cml.locate import position_locate
from okno.exchange.cml.records import CmlError
from okno.exchange.importing.known import KnownOffers, KnownProducts
from okno.exchange.importing.marks import groups_deactivate, products_deactivate
from okno.exchange.importing.reading import ReaderStopped, records_of
from okno.exchange.importing.run import FileImport
from okno.exchange.models import ImportJob
from okno.exchange.storage import exchange_file_path, session_folder
from okno.finance.importing.sliced import finance_exchange_slice, is_finance_file

# Imports in progress in this process, by job id: each with its open reader (a child
# process or lxml's) and where it stands.
_OPEN: OrderedDict[int, FileImport] = OrderedDict()
MAX_OPEN = 8


def import_step(*, job: ImportJob, deadline: float) -> None:
    """Work on the job's file until `time.monotonic()` reaches `deadline` or the file is
    done, then save the job: RUNNING while there is more, DONE, or FAILED with the
    problem's message (`file:line:col /path: what`). Never raises for a problem of the
    file.

    Every slice in this process runs on one import thread: an open reader is lxml's, which
    must stay in the thread that made it (a worker's other threads crash the process when
    they continue it), and slices of one job never run side by side. Inside the caller's
    transaction, which the import thread's connection could not see, the slice runs here."""
    if job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
        return
    if connection.in_atomic_block:
        _slice(job, deadline)
        return
    _IMPORT_THREAD.submit(_slice_in_thread, job, deadline).result()


_IMPORT_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="okno-import-slices")


def _slice_in_thread(job: ImportJob, deadline: float) -> None:
    # The thread lives as long as the process: its connection must not outlive the slice
    # (an idle connection per worker, and one a test database could not be dropped with).
    try:
        _slice(job, deadline)
    finally:
        connections.close_all()


def _slice(job: ImportJob, deadline: float) -> None:
    began = time.monotonic()
    if job.started_at is None:
        job.started_at = timezone.now()
    job.status = ImportJob.Status.RUNNING
    try:
        if is_finance_file(job.file.name):
            _finance_slice(job, deadline)
            job.duration_ms += int((time.monotonic() - began) * 1000)
            job.save()
            return
        file_import = _open(job)
        done = file_import.run(deadline=deadline, committed=lambda fi: _progress(job, fi))
    except CmlError as error:
        _close(job.pk)
        _finish(job, ImportJob.Status.FAILED, str(located(error, exchange_file_path(job.file))))
    except FileNotFoundError:
        _close(job.pk)
        _finish(job, ImportJob.Status.FAILED, f"{job.file.name}: file not found")
    except ReaderStopped:
        # The job stays RUNNING: the next slice opens the file again at its checkpoint.
        _close(job.pk)
    except (DataError, IntegrityError) as error:
        # A value the database refuses that no check above caught: still the file's.
        _close(job.pk)
        _finish(job, ImportJob.Status.FAILED, f"{job.file.name}: {error}".strip())
    else:
        if done:
            _close(job.pk)
            _finish(job, ImportJob.Status.DONE, job.message)
    job.duration_ms += int((time.monotonic() - began) * 1000)
    job.save()


def import_file(
    *, path: Path, name: str | None = None, progress: Callable[[int], None] | None = None
) -> dict:
    """Import one exchange file outside the HTTP exchange (pictures it names are looked
    for beside it); `progress` is called with the number of objects written after each
    batch. Returns the counts; raises `CmlError` for a problem of the file."""
    records = records_of(
        path, name=name or path.name, offers_known=KnownOffers(), products_known=KnownProducts()
    )
    file_import = FileImport(
        records=records, file_name=name or path.name, folder=path.parent, stamp=timezone.now()
    )
    try:
        file_import.run(
            deadline=None, committed=lambda fi: progress(fi.checkpoint) if progress else None
        )
    except CmlError as error:
        raise located(error, path) from None
    finally:
        records.close()
    return file_import.counts.as_dict()


def located(error: CmlError, path: Path) -> CmlError:
    """The error with its column: records carry only the line of their node, since finding
    the column means reading the line again, which only a message is worth."""
    position = error.position
    if position is None or position.column:
        return error
    with path.open("rb") as source:
        return CmlError(position_locate(position=position, source=source), error.message)


def catalog_deactivate(*, since: datetime) -> int:
    """Archive (never delete) every 1C product no import has named since `since` — the
    package exchange's `mode=deactivate` — and the 1C groups alike when the exchange sent
    any. Returns how many products were archived."""
    with transaction.atomic():
        archived = products_deactivate(since=since)
        if archived + groups_deactivate(since=since):
            transaction.on_commit(catalog_changed)
    return archived


def _finance_slice(job: ImportJob, deadline: float) -> None:
    """A slice of the settlements XML (docs/finance-exchange.md), loaded by the finance
    app's importer; its problems, named by place, fail the job when the file is done (the
    documents without problems are written)."""
    state = finance_exchange_slice(
        path=exchange_file_path(job.file),
        name=job.file.name,
        skip=job.checkpoint,
        deadline=deadline,
        counts=job.counts,
    )
    job.checkpoint, job.counts, job.phase = state.checkpoint, state.counts, "settlements"
    if state.errors:
        job.message = "\n".join(filter(None, [job.message, *state.errors]))
    if state.done:
        failed = ImportJob.Status.FAILED if job.message else ImportJob.Status.DONE
        _finish(job, failed, job.message)


def _open(job: ImportJob) -> FileImport:
    """The job's import as the last slice left it in this process, or opened anew at the
    job's checkpoint."""
    found = _OPEN.get(job.pk)
    if found is not None and found.checkpoint == job.checkpoint:
        _OPEN.move_to_end(job.pk)
        return found
    _close(job.pk)
    file_import = FileImport(
        records=records_of(
            exchange_file_path(job.file),
            name=job.file.name,
            skip=job.checkpoint,
            offers_known=KnownOffers(),
            products_known=KnownProducts(),
        ),
        file_name=job.file.name,
        folder=session_folder(job.session),
        stamp=job.started_at or timezone.now(),
        checkpoint=job.checkpoint,
        counts=job.counts,
    )
    _OPEN[job.pk] = file_import
    while len(_OPEN) > MAX_OPEN:
        _close(next(iter(_OPEN)))
    return file_import


def _close(job_id: int) -> None:
    found = _OPEN.pop(job_id, None)
    if found is not None:
        found.records.close()


def _progress(job: ImportJob, file_import: FileImport) -> None:
    """Saved inside each batch's transaction: the batch and its checkpoint commit together."""
    job.checkpoint = file_import.checkpoint
    job.counts = file_import.counts.as_dict()
    job.phase = file_import.phase
    if file_import.notes:
        job.message = _notes_text(file_import.notes)
    job.save(update_fields=["checkpoint", "counts", "phase", "status", "started_at", "message"])


NOTES_SHOWN = 100


def _notes_text(notes: list[str]) -> str:
    """What the sale side skipped, as the log shows it: the first hundred, then how many more."""
    shown = "\n".join(notes[:NOTES_SHOWN])
    if len(notes) > NOTES_SHOWN:
        shown += f"\n… +{len(notes) - NOTES_SHOWN}"
    return shown


def _finish(job: ImportJob, status: str, message: str) -> None:
    job.status = status
    job.message = message
    job.finished_at = timezone.now()
    if status == ImportJob.Status.DONE:
        job.phase = "done"
