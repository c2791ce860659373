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
import os
import signal
import stat
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
            except (EOFError, OSError):  # the pipe closed, maybe in the middle of a piece
                child.join()
                raise _lost(options["name"], child.exitcode) from None
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


class ReaderStopped(Exception):
    """The reading child was asked to stop (a restart of the server stops every process of
    the service): not the file's fault, so its import resumes from its checkpoint."""


_STOPPING = {-signal.SIGTERM, -signal.SIGINT, -signal.SIGHUP}


def _lost(name: str, exit_code: int | None) -> Exception:
    if exit_code in _STOPPING:
        return ReaderStopped(f"reading {name} was stopped (exit code {exit_code})")
    return CmlError(None, f"reading {name} stopped (exit code {exit_code})")


def _child_read(
    receiving: Connection, sending: Connection, source: BinaryIO, options: dict
) -> None:
    """Read and send; then leave at once (`os._exit`): nothing of the parent's (its atexit
    handlers, its threads' shutdown) is the child's to run."""
    receiving.close()
    _detach(keep={sending.fileno(), source.fileno()})
    # What the child inherited is never garbage: kept out of the collector's full passes,
    # which would otherwise walk the whole server's heap again and again while records
    # are made, and copy its pages as they touch them.
    gc.freeze()
    gc.set_threshold(EASED_THRESHOLD)
    for name in ("offers_known", "products_known"):
        if options.get(name) is not None:
            options[name] = _ClosedOnceLoaded(options[name])
    piece: list[Record] = []
    ending: tuple = ("end", None)
    try:
        for record in records_read(source, **options):
            piece.append(record)
            if len(piece) >= PIECE:
                sending.send(("records", piece))
                piece = []
    except CmlError as error:
        ending = ("error", error)
    except Exception as error:
        ending = ("error", CmlError(None, f"reading {options['name']}: {error!r}"))
    try:
        sending.send(("records", piece))
        sending.send(ending)
    except BrokenPipeError:
        pass  # the parent stopped reading: nothing to say
    connections.close_all()
    os._exit(0)


class _ClosedOnceLoaded:
    """What the catalog holds (`known.py`), with the child's database connection closed
    once it has been read: a child kept between slices holds no session."""

    def __init__(self, known) -> None:
        self.known = known
        self.loaded = False

    def __call__(self, *args):
        answer = self.known(*args)
        if not self.loaded:
            self.loaded = True
            connections.close_all()
        return answer


def _detach(*, keep: set[int]) -> None:
    """Make the forked child its own: the parent's signal handlers (a server's), database
    connections and sockets are not the child's."""
    for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(number, signal.SIG_DFL)
    for alias in connections:
        wrapper = connections[alias]
        if wrapper.connection is not None:
            _INHERITED.append(wrapper.connection)
            wrapper.connection = None
    _sockets_close(keep=keep)


def _sockets_close(*, keep: set[int]) -> None:
    """Close the sockets the child inherited: a client's connection held open here would
    stay open after the server closes it (no end is sent while a copy is open), and a
    database's only lets go of the socket — the parent's session goes on. Files stay
    open: SQLite's own bookkeeping of them is shared with the parent's state."""
    for descriptor in _descriptors():
        if descriptor < 3 or descriptor in keep:
            continue
        try:
            if stat.S_ISSOCK(os.fstat(descriptor).st_mode):
                os.close(descriptor)
        except OSError:
            continue  # closed meanwhile (the listing's own descriptor)


def _descriptors() -> list[int]:
    try:
        return [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        return list(range(3, min(os.sysconf("SC_OPEN_MAX"), 1 << 16)))
