"""The settlements XML imported through the 1C exchange (`finance*.xml`), a time slice at a
time like every exchange file: each slice reads the file again, passes over the documents
earlier slices handled (`skip`) and loads documents until the deadline. Loading is
idempotent, so a slice cut short by a restart only repeats work, never doubles it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from okno.finance.importing.load import ImportResult, load_one, references
from okno.finance.importing.records import ImportProblem
from okno.finance.importing.xml_reader import settlements_read

COUNTED = ("created", "updated", "unchanged", "deleted", "skipped")


def is_finance_file(name: str) -> bool:
    """Whether an exchange file is the settlements XML rather than CommerceML."""
    base = name.rpartition("/")[2].lower()
    return base.startswith("finance") and base.endswith(".xml")


@dataclass
class FinanceSlice:
    """Where the file stands after a slice: documents handled (`checkpoint`), the counts
    in the exchange's shape, the problems met in this slice, and whether the file is done."""

    checkpoint: int
    counts: dict
    errors: list[str] = field(default_factory=list)
    done: bool = False


def finance_exchange_slice(
    *, path: Path, name: str, skip: int, deadline: float, counts: dict
) -> FinanceSlice:
    result = ImportResult()
    state = FinanceSlice(checkpoint=skip, counts=counts)
    resolver = references()
    position = 0
    with path.open("rb") as source:
        try:
            for record in settlements_read(source, name=name):
                position += 1
                if position <= skip:
                    if not isinstance(record, ImportProblem):
                        resolver.repeat(record)  # remembered: a repeat later on is still one
                    continue
                if isinstance(record, ImportProblem):
                    result.errors.append(str(record))
                elif (repeat := resolver.repeat(record)) is not None:
                    result.errors.append(repeat)
                else:
                    load_one(None, record, resolver, path.parent, result)
                state.checkpoint = position
                if time.monotonic() >= deadline:
                    break
            else:
                state.done = True
        except ImportProblem as problem:
            result.errors.append(str(problem))
            state.done = True
    state.counts = _added(counts, result)
    state.errors = result.errors
    return state


def _added(counts: dict, result: ImportResult) -> dict:
    documents = dict(counts.get("settlements") or {})
    for name in COUNTED:
        documents[name] = documents.get(name, 0) + getattr(result, name)
    files = dict(counts.get("settlement_files") or {})
    files["created"] = files.get("created", 0) + result.files
    return {**counts, "settlements": documents, "settlement_files": files}
