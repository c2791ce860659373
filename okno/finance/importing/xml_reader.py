"""The streaming reader of the settlements XML (docs/finance-exchange.md).

lxml's `iterparse` builds one `<document>` at a time; when its end tag is read it becomes a
record and the element is cleared with its earlier siblings, so memory stays flat for any
number of documents. No DTD, entities or network. Places in messages are
`file:line /settlements/document[N]/@attribute`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from lxml import etree

from okno.finance.importing.records import (
    FORMAT_VERSION,
    DocumentRecord,
    FileRecord,
    ImportProblem,
    document_record,
    file_record,
)

ROOT = "settlements"


def _local(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def settlements_read(source: BinaryIO, *, name: str) -> Iterator[DocumentRecord | ImportProblem]:
    """The documents of the file `source`, in file order; a document with a wrong value comes
    as the `ImportProblem` naming it. Raises `ImportProblem` for malformed XML or a wrong
    root or version, which end the reading."""
    events = etree.iterparse(
        source,
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )
    depth = 0
    number = 0
    try:
        for event, element in events:
            tag = _local(element.tag)
            if event == "start":
                depth += 1
                if depth == 1:
                    _root_check(element, tag, name)
                continue
            depth -= 1
            if depth == 1 and tag == "document":
                number += 1
                try:
                    yield _document(element, name, f"/{ROOT}/document[{number}]")
                except ImportProblem as problem:
                    yield problem
                element.clear(keep_tail=False)
                while element.getprevious() is not None:
                    del element.getparent()[0]
            elif depth == 1:
                raise ImportProblem(
                    f"{name}:{element.sourceline} /{ROOT}/{tag}", "unknown element", fatal=True
                )
    except etree.XMLSyntaxError as error:
        line = error.lineno or (error.position[0] if error.position else 0)
        raise ImportProblem(f"{name}:{line}", f"malformed XML: {error.msg}", fatal=True) from None


def _root_check(element, tag: str, name: str) -> None:
    place = f"{name}:{element.sourceline} /{tag}"
    if tag != ROOT:
        raise ImportProblem(place, f"the root element must be <{ROOT}>", fatal=True)
    version = element.get("version", "")
    if version.split(".")[0] != FORMAT_VERSION.split(".")[0]:
        raise ImportProblem(
            f"{place}/@version", f"version '{version}' is not {FORMAT_VERSION}", fatal=True
        )


def _document(element, name: str, path: str) -> DocumentRecord:
    line = element.sourceline
    values = dict(element.attrib)
    files: list[FileRecord] = []
    for child in element:
        tag = _local(child.tag)
        if tag == "comment":
            values["comment"] = child.text or ""
        elif tag == "file":
            file_path = f"{path}/file[{len(files) + 1}]"
            files.append(_file(child, name, file_path))
        else:
            raise ImportProblem(f"{name}:{child.sourceline} {path}/{tag}", "unknown element")

    def place(attribute: str) -> str:
        return f"{name}:{line} {path}" + (f"/@{attribute}" if attribute else "")

    return document_record(values, tuple(files), place=place)


def _file(element, name: str, path: str) -> FileRecord:
    line = element.sourceline

    def place(attribute: str) -> str:
        return f"{name}:{line} {path}" + (f"/@{attribute}" if attribute else "")

    relative = (element.get("path") or "").strip()
    if not relative:
        raise ImportProblem(place("path"), "is required")
    return file_record(dict(element.attrib), place=place, path=relative)
