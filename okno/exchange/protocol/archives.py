"""Unpacking the archives 1C sends with `zip=yes`: on the first `import` after the upload
(the archive arrives in parts, and only then is it whole), an entry at a time, so one
request never works past its slice. Each unpacked file gets its own record with the
archive's name; what is already unpacked is skipped when the next request continues.

Before anything is written the archive's directory is checked: every name safe, no links,
no encryption, no file bigger than `OKNO_EXCHANGE_MAX_FILE_MB`, no total bigger than
`OKNO_EXCHANGE_MAX_ARCHIVE_MB`, and no entry compressed more than a real file ever is (a
zip bomb declares huge sizes or ratios)."""

from __future__ import annotations

import os
import secrets
import stat
import time
import zipfile

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.exchange.models import ExchangeFile, ExchangeSession
from okno.exchange.protocol.answers import ProtocolFailure
from okno.exchange.protocol.files import CHUNK_BYTES, max_file_bytes, safe_name
from okno.exchange.storage import exchange_file_path, session_folder

# XML of 1C compresses about 80 times; a ratio far beyond that is a bomb, not a catalog.
MAX_RATIO = 1000
RATIO_FROM_BYTES = 1024 * 1024
UTF8_NAMES = 0x800
UNPACKING_FOLDER = ".unpacking"
# A mark per archive unpacked whole, so later requests do not read its directory again
# (1C's hidden names never reach here: `safe_name` refuses them).
UNPACKED_FOLDER = ".unpacked"


def archives_of_session(session: ExchangeSession) -> list[ExchangeFile]:
    """The archives 1C sent in the session (files it uploaded itself, named `*.zip`)."""
    return list(
        session.files.filter(Q(name__iendswith=".zip"), from_archive="").order_by("received_at")
    )


def archives_unpack(*, session: ExchangeSession, deadline: float) -> int:
    """Unpack what is not yet unpacked of the session's archives until `deadline`
    (`time.monotonic()`); at least one entry per call. Returns how many entries are left."""
    for archive in archives_of_session(session):
        left = _archive_unpack(session, archive, deadline)
        if left:
            return left
    return 0


def archive_entries_of(archive: ExchangeFile) -> list[str]:
    """The safe names of the files in a received archive."""
    with _archive_open(archive) as zip_file:
        return [name for name, _entry in archive_entries(zip_file, archive_name=archive.name)]


def _archive_open(archive: ExchangeFile) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(exchange_file_path(archive))
    except (zipfile.BadZipFile, OSError) as error:
        raise ProtocolFailure(
            _("Архив %(name)s повреждён: %(error)s") % {"name": archive.name, "error": error}
        ) from error


def _archive_unpack(session: ExchangeSession, archive: ExchangeFile, deadline: float) -> int:
    mark = session_folder(session) / UNPACKED_FOLDER / f"{archive.pk}"
    if mark.exists():
        return 0
    with _archive_open(archive) as zip_file:
        entries = archive_entries(zip_file, archive_name=archive.name)
        done = set(session.files.filter(from_archive=archive.name).values_list("name", flat=True))
        pending = [(name, entry) for name, entry in entries if name not in done]
        for index, (name, entry) in enumerate(pending):
            if index and time.monotonic() >= deadline:
                return len(pending) - index
            _entry_unpack(session, archive, zip_file, entry, name)
    mark.parent.mkdir(parents=True, exist_ok=True)
    mark.touch()
    return 0


def archive_entries(
    zip_file: zipfile.ZipFile, *, archive_name: str
) -> list[tuple[str, zipfile.ZipInfo]]:
    """The archive's files with their safe names, after checking its directory; raises
    ProtocolFailure naming the first entry that must not be unpacked."""
    limit = max_file_bytes()
    entries, total = [], 0
    for entry in zip_file.infolist():
        if entry.is_dir():
            continue
        name = safe_name(_entry_name(entry))
        problem = _entry_problem(entry, limit)
        if problem:
            raise ProtocolFailure(
                _("Архив %(archive)s, файл %(name)s: %(problem)s")
                % {"archive": archive_name, "name": name, "problem": problem}
            )
        total += entry.file_size
        entries.append((name, entry))
    if total > settings.OKNO_EXCHANGE_MAX_ARCHIVE_MB * 1024 * 1024:
        raise ProtocolFailure(
            _("Архив %(archive)s после распаковки больше %(size)s МБ.")
            % {"archive": archive_name, "size": settings.OKNO_EXCHANGE_MAX_ARCHIVE_MB}
        )
    return entries


def _entry_name(entry: zipfile.ZipInfo) -> str:
    # Without the UTF-8 flag zipfile reads names as cp437; 1C on Windows writes cp866.
    if entry.flag_bits & UTF8_NAMES or entry.filename.isascii():
        return entry.filename
    return entry.filename.encode("cp437").decode("cp866", errors="replace")


def _entry_problem(entry: zipfile.ZipInfo, limit: int) -> str:
    if stat.S_ISLNK(entry.external_attr >> 16):
        return _("ссылки не принимаются")
    if entry.flag_bits & 0x1:
        return _("зашифрован")
    if entry.file_size > limit:
        return _("больше допустимого размера")
    ratio = entry.file_size / max(entry.compress_size, 1)
    if entry.file_size > RATIO_FROM_BYTES and ratio > MAX_RATIO:
        return _("сжат в %(ratio)d раз — это не файл обмена") % {"ratio": ratio}
    return ""


def _entry_unpack(session, archive, zip_file, entry: zipfile.ZipInfo, name: str) -> None:
    """One entry to its place: written beside, then renamed, then recorded — so a request
    cut off midway leaves no half file under the real name."""
    folder = session_folder(session)
    temporary = folder / UNPACKING_FOLDER / secrets.token_hex(8)
    temporary.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    try:
        with zip_file.open(entry) as source, temporary.open("wb") as target:
            while chunk := source.read(CHUNK_BYTES):
                written += len(chunk)
                if written > entry.file_size:
                    raise ProtocolFailure(
                        _("Архив %(archive)s, файл %(name)s: больше заявленного размера")
                        % {"archive": archive.name, "name": name}
                    )
                target.write(chunk)
        final = folder / name
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(temporary, final)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise ProtocolFailure(
            _("Архив %(archive)s, файл %(name)s: %(error)s")
            % {"archive": archive.name, "name": name, "error": error}
        ) from error
    finally:
        temporary.unlink(missing_ok=True)
    ExchangeFile.objects.update_or_create(
        session=session,
        name=name,
        defaults={
            "size": written,
            "parts": 1,
            "from_archive": archive.name,
            "received_at": timezone.now(),
        },
    )
