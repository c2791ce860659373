"""An exchange file read in a process of its own, while this one writes.

Reading an offers file (lxml building each `Предложение`, its digest, its prices) costs
about as much of the processor as writing its rows, and Python runs one thread at a time:
in a thread beside the writer, the two take turns on one core. In a child process the
reading has a core of its own; this process only writes, and the database server works
on what is left.

The child is forked, so it starts at once with the code already loaded and settings read.
It sends the records in pieces over a pipe (an offer pickles as plain tuples, see
`OfferRecord.__reduce__`); a full pipe stops it, so it is never far ahead of the writer
and its memory stays that of one piece. A problem of the file is sent after the records
before it, so the import writes and fails exactly as when reading here. The child ends
with the file, when the parent closes the records (`records.close()`), or, should the
parent die, at its next write into the pipe no one reads.
"""

from __future__ import annotations

import gc
import multiprocessing
import signal
from collections.abc import Generator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import connection, connections

from okno.exchange.cml.catalog import ProductsKnown
from okno.exchange.cml.offers import OffersKnown
from okno.exchange.cml.reader import records_read
from okno.exchange.cml.records import CmlError, Record
from okno.exchange.importing.run import EASED_THRESHOLD

# Records per message: large enough that the pipe's cost per message does not count.
PIECE = 200
# How long a child that sent the file's end may take to finish before it is killed.
ENDING_SECONDS = 5.0

# The database connections the child inherited: they are the parent's sessions, which
# closing them (even by letting them be collected) would end, so they are kept here unused.
_INHERITED: list = []


def records_of(
    path: Path,
    *,
    name: str,
    skip: int = 0,
    offers_known: OffersKnown | None = None,
    products_known: ProductsKnown | None = None,
) -> Generator[Record, None, None]:
    """The file's records (see `records_read`), read in a child process where that pays:
    outside a transaction (inside one, the import reads and writes in turn anyway, see
    `FileImport.run`) and where the system can fork; else read here."""
    if _child_wanted():
        yield from _records_in_child(
            path, name=name, skip=skip, offers_known=offers_known, products_known=products_known
        )
        return
    with path.open("rb") as source:
        yield from records_read(
            source,
            name=name,
            skip=skip,
            offers_known=offers_known,
            products_known=products_known,
        )


def _child_wanted() -> bool:
    # An in-memory SQLite database (the tests') is this process's alone.
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()  # type: ignore[attr-defined]
    return (
        settings.OKNO_EXCHANGE_READER_PROCESS
        and not connection.in_atomic_block
        and not in_memory
        and "fork" in multiprocessing.get_all_start_methods()
    )


def _records_in_child(path: Path, **options) -> Generator[Record, None, None]:
    # Opened here, so that a missing file is said as when read here; the child reads it
    # through the descriptor it inherits, which this process no longer uses.
    source = path.open("rb")
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(
        target=_child_read,
        args=(receiving, sending, source, options),
        name="okno-exchange-reader",
        daemon=True,
    )
    try:
        child.start()
    except BaseException:
        receiving.close()
        raise
    finally:
        sending.close()
        source.close()
    try:
        while True:
            try:
                kind, payload = receiving.recv()
            except EOFError:
                child.join()
                raise CmlError(
                    None, f"reading {options['name']} stopped (exit code {child.exitcode})"
                ) from None
            if kind == "error":
                raise payload
            if kind == "end":
                # Let it close its database connection itself rather than be killed.
                child.join(ENDING_SECONDS)
                return
            yield from payload
    finally:
        receiving.close()
        if child.is_alive():
            child.kill()
        child.join()


def _child_read(
    receiving: Connection, sending: Connection, source: BinaryIO, options: dict
) -> None:
    receiving.close()
    _detach()
    # What the child inherited is never garbage: kept out of the collector's full passes,
    # which would otherwise walk the whole server's heap again and again while records
    # are made, and copy its pages as they touch them.
    gc.freeze()
    gc.set_threshold(EASED_THRESHOLD)
    piece: list[Record] = []
    try:
        for record in records_read(source, **options):
            piece.append(record)
            if len(piece) >= PIECE:
                sending.send(("records", piece))
                piece = []
        sending.send(("records", piece))
        sending.send(("end", None))
    except CmlError as error:
        sending.send(("records", piece))
        sending.send(("error", error))
    except BrokenPipeError:
        pass  # the parent stopped reading: nothing to say
    except Exception as error:
        sending.send(("error", CmlError(None, f"reading {options['name']}: {error!r}")))
    finally:
        connections.close_all()


def _detach() -> None:
    """Make the forked child its own: the parent's signal handlers (a server's) and
    database connections are not the child's."""
    for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(number, signal.SIG_DFL)
    for alias in connections:
        wrapper = connections[alias]
        if wrapper.connection is not None:
            _INHERITED.append(wrapper.connection)
            wrapper.connection = None
