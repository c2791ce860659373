"""Counterparties and documents (orders as 1C sees them) are the sale side's business: the
importer hands each batch to it and adds up what it reports. The sale side is imported when
a file first carries such records, so the catalog import does not depend on it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from okno.exchange.cml.records import CounterpartyRecord, DocumentRecord
from okno.exchange.importing.counts import Counts


def counterparties_write(
    records: Sequence[CounterpartyRecord], *, counts: Counts, notes: list[str]
) -> None:
    """Apply a batch of counterparties (clients and their legal entities); what was skipped
    and why goes to `notes`."""
    from okno.exchange.sale import counterparties_apply

    applied = counterparties_apply(records=list(records), messages=notes)
    for figure, amount in applied.items():
        counts.add("counterparties", figure, amount)


def documents_write(
    records: Sequence[DocumentRecord],
    *,
    counts: Counts,
    file_name: str,
    generated_at: datetime | None,
    notes: list[str],
) -> None:
    """Apply a batch of documents to our orders. `generated_at` (the file's
    `ДатаФормирования`) tells a stale document from a fresh one where 1C sent no version."""
    from okno.exchange.sale import documents_apply

    applied = documents_apply(
        records=list(records), file_name=file_name, generated_at=generated_at, messages=notes
    )
    for figure, amount in applied.items():
        counts.add("documents", figure, amount)
