"""`okno exchange import FILE…`: exchange files imported from the command line, one after
another in the order given (a classifier before the offers that use it), each with a
progress bar of the objects written. Pictures a file names are looked for beside it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TextIO

from okno.exchange.cml.reader import file_counts
from okno.exchange.cml.records import CmlError
from okno.exchange.importing import import_file
from okno.exchange.labels import counts_lines

OBJECT_KINDS = (
    "groups",
    "properties",
    "price_types",
    "warehouses",
    "units",
    "products",
    "offers",
    "counterparties",
    "documents",
)
BAR_WIDTH = 30


class ProgressBar:
    """One line redrawn in place: the bar, objects written of the file's total, the rate."""

    def __init__(self, *, name: str, total: int, out: TextIO) -> None:
        self.name = name
        self.total = max(total, 1)
        self.out = out
        self.started = time.monotonic()
        self.done = 0

    def update(self, done: int) -> None:
        self.done = done
        filled = min(BAR_WIDTH, BAR_WIDTH * done // self.total)
        seconds = max(time.monotonic() - self.started, 1e-6)
        self.out.write(
            f"\r{self.name} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] "
            f"{min(done, self.total)}/{self.total} ({done / seconds:,.0f}/s)"
        )
        self.out.flush()

    def finish(self) -> None:
        self.update(self.total)
        self.out.write(f" {time.monotonic() - self.started:.1f} s\n")


def exchange_files_import(*, paths: list[Path], out: TextIO, err: TextIO) -> int:
    """Import each file in turn; stops at the first that fails. Returns the exit status."""
    for path in paths:
        if not path.is_file():
            err.write(f"{path}: файл не найден\n")
            return 2
        try:
            with path.open("rb") as source:
                counts = file_counts(source, name=path.name)
            total = sum(getattr(counts, kind) for kind in OBJECT_KINDS)
            bar = ProgressBar(name=path.name, total=total, out=out)
            bar.update(0)
            result = import_file(path=path, name=path.name, progress=bar.update)
        except CmlError as error:
            out.write("\n")
            err.write(f"{error}\n")
            return 1
        bar.finish()
        for line in counts_lines(result):
            out.write(f"  {line}\n")
    return 0
