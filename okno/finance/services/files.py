"""Files of settlement documents (PDF and XML of УПД, ТОРГ-12, счета-фактуры…) and their
status in electronic document exchange."""

from __future__ import annotations

import hashlib
from typing import IO

from django.core.files import File
from django.db import transaction

from okno.core.actor import Actor
from okno.finance.models import DocumentFile, SettlementDocument

CHUNK = 1 << 16


def document_file_attach(
    *,
    actor: Actor | None,
    document: SettlementDocument,
    external_id: str,
    kind: str,
    name: str,
    content: IO[bytes],
    edo_status: str = "",
) -> tuple[DocumentFile, bool]:
    """Attach the file `external_id` to the document, or replace the one of that id. The
    same content sent again is not stored again; its kind, name and ЭДО status still follow.
    Returns the file and whether its content was stored. Call inside the document's
    transaction; a replaced stored file is removed after commit."""
    digest, size = _digest(content)
    found = DocumentFile.objects.filter(document=document, external_id=external_id).first()
    if found is not None and found.sha256 == digest:
        changed = (found.kind, found.name, found.edo_status) != (kind, name, edo_status)
        if changed:
            found.kind, found.name, found.edo_status = kind, name, edo_status
            found.save(update_fields=["kind", "name", "edo_status", "updated_at"])
        return found, False
    document_file = found or DocumentFile(document=document, external_id=external_id)
    old_name = document_file.file.name if found is not None else ""
    document_file.kind, document_file.name, document_file.edo_status = kind, name, edo_status
    document_file.size, document_file.sha256 = size, digest
    document_file.uploaded_by = actor.user if actor is not None else None
    content.seek(0)
    document_file.file.save(name, File(content), save=False)
    document_file.save()
    stored = document_file.file
    if old_name:
        transaction.on_commit(lambda: stored.storage.delete(old_name))
    return document_file, True


def _digest(content: IO[bytes]) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    content.seek(0)
    while chunk := content.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size
