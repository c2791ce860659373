"""Receiving a file from 1C: its name checked to be a safe relative name, the body
streamed to disk a chunk at a time and appended to what earlier parts of the same name
brought in this session, never past `OKNO_EXCHANGE_MAX_FILE_MB`."""

from __future__ import annotations

import re
from typing import BinaryIO

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.exchange.models import ExchangeFile, ExchangeSession
from okno.exchange.protocol.answers import ProtocolFailure
from okno.exchange.storage import exchange_file_path

CHUNK_BYTES = 1024 * 1024
NAME_MAX = 500
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def safe_name(raw: str) -> str:
    """The relative name a file is stored under (`import_files/9d/….jpg`), or
    ProtocolFailure for a name that could point outside the session's folder: absolute,
    with a drive letter, backslashes, control characters, `..` or hidden parts."""
    name = (raw or "").strip()
    parts = name.split("/")
    if (
        not name
        or len(name) > NAME_MAX
        or name.startswith("/")
        or "\\" in name
        or _DRIVE.match(name)
        or _CONTROL.search(name)
        or any(not part or part.startswith(".") for part in parts)
    ):
        raise ProtocolFailure(_("Недопустимое имя файла: %(name)s") % {"name": repr(raw)[:200]})
    return name


def max_file_bytes() -> int:
    return settings.OKNO_EXCHANGE_MAX_FILE_MB * 1024 * 1024


def file_receive(
    *, session: ExchangeSession, name: str, body: BinaryIO, length: int | None
) -> tuple[ExchangeFile, int]:
    """Append one part of a file to what the session already holds under `name`; returns
    the file's record and the bytes of this part.

    `length` is the body's declared size when known: a part that would take the file past
    the limit is refused before anything is read. Without it the body is read until its
    end and refused as soon as the limit is passed; the part is then cut off again, so the
    stored file stays as the earlier parts left it."""
    path = exchange_file_path(ExchangeFile(session=session, name=name))
    path.parent.mkdir(parents=True, exist_ok=True)
    # A name that is a folder of earlier files (or the reverse) cannot be stored.
    if path.is_dir():
        raise ProtocolFailure(_("Недопустимое имя файла: %(name)s") % {"name": name})
    before = path.stat().st_size if path.exists() else 0
    limit = max_file_bytes()
    if length is not None and before + length > limit:
        raise ProtocolFailure(_too_big(name))
    received = _append(path, body, before=before, limit=limit, name=name)
    exchange_file, _created = ExchangeFile.objects.get_or_create(session=session, name=name)
    exchange_file.size = before + received
    exchange_file.parts += 1
    exchange_file.received_at = timezone.now()
    exchange_file.save(update_fields=["size", "parts", "received_at"])
    return exchange_file, received


def _append(path, body: BinaryIO, *, before: int, limit: int, name: str) -> int:
    received = 0
    with path.open("ab") as target:
        while chunk := body.read(CHUNK_BYTES):
            received += len(chunk)
            if before + received > limit:
                target.truncate(before)
                raise ProtocolFailure(_too_big(name))
            target.write(chunk)
    return received


def _too_big(name: str) -> str:
    return _("Файл %(name)s больше допустимых %(size)s МБ.") % {
        "name": name,
        "size": settings.OKNO_EXCHANGE_MAX_FILE_MB,
    }
