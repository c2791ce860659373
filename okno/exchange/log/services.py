"""What administrators change from the exchange log: an integration's settings, and a
re-run of a session's import from the files it stored."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from okno.audit.services import audit_diff, audit_record
from okno.core.actor import Actor
from okno.core.errors import DomainError
from okno.exchange.log.selectors import log_check
from okno.exchange.models import ExchangeFile, ExchangeSession, ImportJob, Integration

INTEGRATION_SETTINGS = (
    "encoding",
    "allow_zip",
    "file_limit",
    "sale_version",
    "query_confirms_previous",
    "alert_after_hours",
    "is_active",
)

# Which files a catalog import reads first: the classifier and products before the offers,
# prices and stock that refer to them (the order 1C sends them in).
_FIRST = ("import", "groups", "properties", "units", "storages", "goods", "pricelists")
_THEN = ("offers",)
_LAST = ("prices", "rests")


@transaction.atomic
def integration_update(*, actor: Actor, integration: Integration, **changes: Any) -> Integration:
    """Change how the portal answers this 1C (encoding, archives, part size, the orders'
    schema version and confirmation) and when it raises an alert; audited."""
    log_check(actor)
    unknown = set(changes) - set(INTEGRATION_SETTINGS)
    if unknown:
        raise ValueError(f"not an integration setting: {', '.join(sorted(unknown))}")
    before = {name: getattr(integration, name) for name in changes}
    for name, value in changes.items():
        setattr(integration, name, value)
    diff = audit_diff(before, changes)
    if diff:
        integration.save(update_fields=list(diff))
        audit_record(action="integration.updated", user=actor.user, obj=integration, changes=diff)
    return integration


def import_order(name: str) -> int:
    """Where a stored file stands in an import: classifier and products first, then offers,
    then prices and stock, then the rest (documents, counterparties)."""
    base = name.rsplit("/", 1)[-1].lower()
    for rank, starts in enumerate((_FIRST, _THEN, _LAST)):
        if base.startswith(starts):
            return rank
    return len((_FIRST, _THEN, _LAST))


def rerun_files(session: ExchangeSession) -> list[ExchangeFile]:
    """The files a re-run imports: those the session imported, in the order it did; for a
    session that stopped before importing, its XML files (outside the image folders)."""
    imported = [job.file for job in session.imports.select_related("file").order_by("id")]
    if imported:
        unique = list(dict.fromkeys(imported))
    else:
        unique = [
            stored
            for stored in session.files.order_by("received_at", "id")
            if stored.name.lower().endswith(".xml") and "/" not in stored.name
        ]
    return sorted(unique, key=lambda stored: import_order(stored.name))


@transaction.atomic
def session_rerun(*, actor: Actor, session: ExchangeSession) -> ExchangeSession:
    """Import a session's stored files again, in a new catalog session that gets the same
    files (linked into its own folder by the background task) and an import job per file
    to import. The task starts once this transaction commits."""
    log_check(actor)
    to_import = rerun_files(session)
    if not to_import:
        raise DomainError(_("В этом сеансе нет файлов, которые можно загрузить ещё раз."))
    rerun = ExchangeSession.objects.create(
        integration=session.integration,
        kind=ExchangeSession.Kind.CATALOG,
        cookie=secrets.token_hex(16),
        sessid=secrets.token_hex(16),
        version=session.version,
        rerun_of=session,
        message=_("Повторная загрузка файлов сеанса №%(number)s") % {"number": session.pk},
    )
    copies = {
        stored.pk: ExchangeFile.objects.create(
            session=rerun,
            name=stored.name,
            size=stored.size,
            parts=stored.parts,
            from_archive=stored.from_archive,
        )
        for stored in session.files.order_by("received_at", "id")
    }
    ImportJob.objects.bulk_create(
        ImportJob(session=rerun, file=copies[stored.pk]) for stored in to_import
    )
    audit_record(action="exchange.rerun", user=actor.user, obj=session)
    from okno.exchange import tasks

    transaction.on_commit(lambda: tasks.session_rerun_run(session_id=rerun.pk))
    return rerun
