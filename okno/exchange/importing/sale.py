"""Counterparties and documents (orders as 1C sees them) are the sale side's business: the
importer hands each batch to it and adds up what it reports. The sale side is imported when
a file first carries such records, so the catalog import does not depend on it."""

from __future__ import annotations

from collections.abc import Sequence

from okno.exchange.cml.records import CounterpartyRecord, DocumentRecord
from okno.exchange.importing.counts import Counts


def counterparties_write(records: Sequence[CounterpartyRecord], *, counts: Counts) -> None:
    """Apply a batch of counterparties (clients and their legal entities)."""
    from okno.exchange.sale import counterparties_apply

    for figure, amount in counterparties_apply(records=list(records)).items():
        counts.add("counterparties", figure, amount)


def documents_write(records: Sequence[DocumentRecord], *, counts: Counts, file_name: str) -> None:
    """Apply a batch of documents to our orders."""
    from okno.exchange.sale import documents_apply

    for figure, amount in documents_apply(records=list(records), file_name=file_name).items():
        counts.add("documents", figure, amount)
