"""A ZIP of documents' files written while it is sent: each file is read and compressed a
chunk at a time into a sink the response drains, so memory holds a chunk, not the archive."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator

from okno.finance.models import DocumentFile

CHUNK = 1 << 16


class _Sink:
    """A write-only stream: zipfile writes into it, the generator takes what was written."""

    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def zip_stream(files: Iterable[DocumentFile]) -> Iterator[bytes]:
    """The ZIP's bytes; each file under «date number/name», a name never repeated."""
    sink = _Sink()
    used: set[str] = set()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:  # type: ignore[arg-type]
        for document_file in files:
            name = _unique(_entry_name(document_file), used)
            with document_file.file.open("rb") as source, archive.open(name, "w") as entry:
                while chunk := source.read(CHUNK):
                    entry.write(chunk)
                    if data := sink.take():
                        yield data
            if data := sink.take():
                yield data
    yield sink.take()


def _entry_name(document_file: DocumentFile) -> str:
    document = document_file.document
    folder = f"{document.date:%Y-%m-%d} {document.number}".replace("/", "-").replace("\\", "-")
    return f"{folder}/{document_file.name}"


def _unique(name: str, used: set[str]) -> str:
    candidate, counter = name, 1
    while candidate in used:
        counter += 1
        stem, dot, suffix = name.rpartition(".")
        candidate = f"{stem} ({counter}).{suffix}" if dot else f"{name} ({counter})"
    used.add(candidate)
    return candidate
