"""One file's import: the reader's records in, catalog rows out, a batch per transaction.

Records are gathered into batches of `BATCH` objects, or of fewer (`BATCH_LEAST`) when
the writer would otherwise wait (a classifier's groups are kept in one batch, so the tree
is written whole); each batch is written kind by kind in the order
references need (classifier, products, offers, counterparties, documents) in one
transaction, which also saves the caller's checkpoint. A problem of the file (`CmlError`)
rolls back the batch it is in; the batches before it stay written — each is whole, and a
later import of the same file skips them as unchanged — and nothing that happens only at
the end of a file (a full file's deactivation) happens.
"""

from __future__ import annotations

import gc
import time
from collections import defaultdict
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.db import connection, transaction

from okno.catalog.versions import catalog_changed
from okno.core.bulk import commit_unflushed
from okno.exchange.cml.records import (
    CounterpartyRecord,
    DocumentRecord,
    FileHeader,
    GroupRecord,
    OfferRecord,
    Owner,
    PriceTypeRecord,
    ProductRecord,
    PropertyRecord,
    Record,
    SectionStart,
    UnitRecord,
    WarehouseRecord,
)
from okno.exchange.importing import classifier
from okno.exchange.importing.counts import Counts
from okno.exchange.importing.lookups import Lookups
from okno.exchange.importing.marks import OFFERS_MARK, groups_deactivate, products_deactivate
from okno.exchange.importing.offers import offers_write, stock_clear_unoffered
from okno.exchange.importing.products import products_write
from okno.exchange.importing.sale import counterparties_write, documents_write

BATCH = 2000
# Written while the next batch is read, a batch is cut at this many objects when the writer
# is free: waiting for a whole one leaves a core idle while the first of a file is read
# and while the last is written.
BATCH_LEAST = 500
# A classifier's groups stay in one batch up to this many.
GROUPS_MAX = 50_000

_CLASSIFIER = (
    (PropertyRecord, classifier.properties_write),
    (PriceTypeRecord, classifier.price_types_write),
    (WarehouseRecord, classifier.warehouses_write),
    (UnitRecord, classifier.units_write),
)


@dataclass
class Batch:
    """Objects written in one transaction, with the owner met before them; the `final`
    batch ends the file."""

    records: list[Record]
    owner: Owner | None
    final: bool


@contextmanager
def collector_eased() -> Iterator[None]:
    """Python's cycle collector run a thousand times less often meanwhile. It runs after
    every 700 objects made, looking at all those still alive; an import makes millions of
    tuples, none of them in a cycle (freed as soon as they are dropped), and keeps a batch
    of them alive at a time, so the collector took a fifth of an offers file's import.
    Writing a batch of offers makes more than 100,000 objects: at that threshold each batch
    was walked once more (0.6–0.8 s of the writer's time for 24,254 offers). At a million
    the collector runs about once a file, and the cycles the server's other threads make
    meanwhile are still collected."""
    first, *others = gc.get_threshold()
    gc.set_threshold(max(first, EASED_THRESHOLD), *others)
    try:
        yield
    finally:
        gc.set_threshold(first, *others)


EASED_THRESHOLD = 1_000_000


def _late(deadline: float | None) -> bool:
    return deadline is not None and time.monotonic() >= deadline


# The stock rows an offer's stock was counted under when it was written.
STOCK_FIGURES = ("created", "updated", "unchanged")


class FileImport:
    """The import of one file in progress: where it is (`checkpoint`, objects written),
    what it did (`counts`), which section it is in (`phase`), and whether its classifier,
    catalog and offers sections are full ones (`СодержитТолькоИзменения` false), whose end
    archives the 1C groups and products the file did not name and zeroes the stock of the
    1C products it did not offer. `stamp` is the exchange's moment, which marks the
    products the file names."""

    def __init__(
        self,
        *,
        records: Generator[Record, None, None],
        file_name: str,
        folder: Path | None,
        stamp: datetime,
        checkpoint: int = 0,
        counts: dict | None = None,
        batch_size: int | None = None,
    ) -> None:
        self.records = records
        self.file_name = file_name
        self.folder = folder
        self.stamp = stamp
        self.checkpoint = checkpoint
        self.counts = Counts(counts)
        self.batch_size = batch_size or BATCH
        self.lookups = Lookups()
        self.phase = ""
        self.full_catalog = False
        self.classifier_seen = False
        self.classifier_only_changes: bool | None = None
        self.full_offers = False
        # Whether an offer of the file carried stock: a full package of prices alone says
        # nothing of stock. Taken from the counts of the batches already written, so that
        # a slice resumed in another process knows it too.
        stocks: dict[str, int] = self.counts.by_kind.get("stocks", {})
        self.offers_stocked = any(stocks.get(figure) for figure in STOCK_FIGURES)
        self.owner: Owner | None = None
        self.pending: Batch | None = None
        self.generated_at: datetime | None = None
        # What the sale side skipped and why (a counterparty with a bad ИНН, an unknown
        # order): the job's message once the file is done.
        self.notes: list[str] = []

    def run(self, *, deadline: float | None, committed: Callable[[FileImport], None]) -> bool:
        """Import batch after batch until `time.monotonic()` reaches `deadline` (None: to
        the end), calling `committed` inside each batch's transaction; True when the file is
        done. The deadline is looked at between batches: a slice writes at least one whole
        batch, so it may end a batch or two's time (about a second) after it.

        Outside a transaction, a batch is written in a second thread (with its own
        database connection) while the next one is read — by then usually received from
        the child process reading the file (see reading.py): parsing an offers file costs
        about as much as writing it. Inside the caller's transaction, which another
        connection could not see, batches are read and written in turn."""
        with collector_eased():
            if connection.in_atomic_block:
                return self._run_in_turn(deadline, committed)
            return self._run_overlapped(deadline, committed)

    def _run_in_turn(self, deadline: float | None, committed) -> bool:
        for batch in self._batches():
            self._flush(batch, committed)
            if not batch.final and _late(deadline):
                return False
        return True

    def _run_overlapped(self, deadline: float | None, committed) -> bool:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="okno-import") as writer:
            try:
                writing: Future | None = None

                def writer_free() -> bool:
                    return writing is None or writing.done()

                for batch in self._batches(writer_free):
                    if writing is not None:
                        writing.result()
                        if _late(deadline):
                            # Read but not written: the next slice starts with it.
                            self.pending = batch
                            return False
                    writing = writer.submit(self._flush, batch, committed)
                if writing is not None:
                    writing.result()
                return True
            finally:
                # The writer thread's own connection (resolved in that thread).
                writer.submit(lambda: connection.close()).result()

    def _batches(self, writer_free: Callable[[], bool] | None = None) -> Iterator[Batch]:
        """The file's batches from where the import stands, the last one `final`; with
        `writer_free`, a batch is also cut short (`BATCH_LEAST`) when it says so."""
        if self.pending is not None:
            batch, self.pending = self.pending, None
            yield batch
            if batch.final:
                return
        records: list[Record] = []
        for record in self.records:
            if isinstance(record, FileHeader | SectionStart | Owner):
                self._header(record)
                continue
            records.append(record)
            if self._full(records, writer_free):
                yield Batch(records, self._owner_take(), final=False)
                records = []
        yield Batch(records, self._owner_take(), final=True)

    def _owner_take(self) -> Owner | None:
        owner, self.owner = self.owner, None
        return owner

    def _header(self, record: FileHeader | SectionStart | Owner) -> None:
        if isinstance(record, FileHeader):
            self.generated_at = record.generated_at
        elif isinstance(record, SectionStart):
            self.phase = record.kind
            # A second start of the same section (2.03 says it at the end) wins.
            if record.kind == "catalog":
                self.full_catalog = record.only_changes is False
            elif record.kind == "classifier":
                self.classifier_seen = True
                self.classifier_only_changes = record.only_changes
            elif record.kind == "offers":
                self.full_offers = record.only_changes is False
        elif isinstance(record, Owner):
            self.owner = record

    def _full(self, batch: list[Record], writer_free: Callable[[], bool] | None) -> bool:
        if len(batch) < self.batch_size:
            least = min(BATCH_LEAST, self.batch_size)
            if writer_free is None or len(batch) < least or not writer_free():
                return False
        return len(batch) >= GROUPS_MAX or not self._groups_only(batch)

    @staticmethod
    def _groups_only(batch: list[Record]) -> bool:
        return isinstance(batch[-1], GroupRecord) and isinstance(batch[0], GroupRecord)

    def _flush(self, batch: Batch, committed: Callable[[FileImport], None]) -> None:
        counts = Counts()
        with transaction.atomic():
            if not batch.final:
                commit_unflushed()
            if batch.owner is not None:
                classifier.owner_write(batch.owner)
            self._write(batch.records, counts)
            if batch.final:
                self.phase = "done"
                self._file_end(counts)
            if counts.changed():
                transaction.on_commit(catalog_changed)
            self.checkpoint += len(batch.records)
            self.counts.merge(counts)
            committed(self)

    def _file_end(self, counts: Counts) -> None:
        """What only a whole file may do: a full catalog archives the 1C products it did not
        name, a full classifier the 1C groups, and a full offers package that carries stock
        takes the stock of the 1C products it did not offer to zero."""
        if self.full_catalog:
            counts.add("products", "deactivated", products_deactivate(since=self.stamp))
        if self._full_classifier():
            counts.add("groups", "deactivated", groups_deactivate(since=self.stamp))
        if self.full_offers and self.offers_stocked:
            offered_at = self.stamp + OFFERS_MARK
            zeroed = stock_clear_unoffered(offered_at=offered_at, file_name=self.file_name)
            counts.add("stocks", "zeroed", zeroed)

    def _full_classifier(self) -> bool:
        """`СодержитТолькоИзменения` false on the classifier; when the classifier does not
        say, the catalog of the same file decides (1C writes the flag on `Каталог` alone).
        A classifier without a catalog that does not say is a package file's, whose
        deactivation is `mode=deactivate`'s."""
        if self.classifier_only_changes is None:
            return self.classifier_seen and self.full_catalog
        return self.classifier_only_changes is False

    def _write(self, batch: list[Record], counts: Counts) -> None:
        by_kind: defaultdict[type, list] = defaultdict(list)
        for record in batch:
            by_kind[type(record)].append(record)
        if by_kind[GroupRecord]:
            classifier.groups_write(
                by_kind[GroupRecord], lookups=self.lookups, counts=counts, stamp=self.stamp
            )
        for kind, write in _CLASSIFIER:
            if by_kind[kind]:
                write(by_kind[kind], lookups=self.lookups, counts=counts)
        if by_kind[ProductRecord]:
            products_write(
                by_kind[ProductRecord],
                lookups=self.lookups,
                counts=counts,
                stamp=self.stamp,
                folder=self.folder,
            )
        if by_kind[OfferRecord]:
            self.offers_stocked = self.offers_stocked or any(
                record.stocked for record in by_kind[OfferRecord]
            )
            offers_write(
                by_kind[OfferRecord],
                lookups=self.lookups,
                counts=counts,
                stamp=self.stamp,
                file_name=self.file_name,
            )
        if by_kind[CounterpartyRecord]:
            counterparties_write(by_kind[CounterpartyRecord], counts=counts, notes=self.notes)
        if by_kind[DocumentRecord]:
            documents_write(
                by_kind[DocumentRecord],
                counts=counts,
                file_name=self.file_name,
                generated_at=self.generated_at,
                notes=self.notes,
            )
