"""The settlements format in JSON (docs/finance-exchange.md): the same documents and fields
as the XML, files given inline in base64. Places in messages are `documents[3].amount`."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator, Mapping
from typing import Any

from okno.finance.importing.records import (
    FORMAT_VERSION,
    DocumentRecord,
    FileRecord,
    ImportProblem,
    document_record,
    file_record,
)


def settlements_from_json(data: Mapping[str, Any]) -> Iterator[DocumentRecord | ImportProblem]:
    """The documents of a parsed JSON body, in order; a document with a wrong value comes as
    the `ImportProblem` naming it. Raises `ImportProblem` for a wrong version or no list."""
    version = str(data.get("version", ""))
    if version.split(".")[0] != FORMAT_VERSION.split(".")[0]:
        raise ImportProblem("version", f"version '{version}' is not {FORMAT_VERSION}", fatal=True)
    documents = data.get("documents")
    if not isinstance(documents, list):
        raise ImportProblem("documents", "must be a list", fatal=True)
    for index, values in enumerate(documents):
        try:
            yield _document(values, f"documents[{index}]")
        except ImportProblem as problem:
            yield problem


def _document(values: Any, path: str) -> DocumentRecord:
    if not isinstance(values, Mapping):
        raise ImportProblem(path, "must be an object")
    files = tuple(_files(values.get("files") or [], path))

    def place(name: str) -> str:
        return f"{path}.{name}" if name else path

    return document_record(values, files, place=place)


def _files(files: Any, path: str) -> Iterator[FileRecord]:
    if not isinstance(files, list):
        raise ImportProblem(f"{path}.files", "must be a list")
    for index, values in enumerate(files):
        file_path = f"{path}.files[{index}]"
        if not isinstance(values, Mapping):
            raise ImportProblem(file_path, "must be an object")

        def place(name: str, file_path: str = file_path) -> str:
            return f"{file_path}.{name}" if name else file_path

        try:
            content = base64.b64decode(str(values.get("content_base64") or ""), validate=True)
        except (binascii.Error, ValueError):
            raise ImportProblem(place("content_base64"), "is not base64") from None
        if not content:
            raise ImportProblem(place("content_base64"), "is required")
        yield file_record(values, place=place, content=content)
