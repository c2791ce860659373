"""Loading settlement documents from the readers into the ledger.

Each document is written whole with its files, or not at all: a document with a problem is
reported with its place and the others go on. Malformed XML stops the file at the place it
breaks; the documents before it stay written, and sending the file again changes nothing of
them (documents are identified by their 1C id).

Documents are committed a batch at a time, each document in a savepoint of its own within
its batch: one commit (one disk flush) per `BATCH` documents instead of per document. The
batch locks the contracts of all its documents at its start, in ascending id like every
posting, so the lock order that keeps concurrent postings from deadlocking holds for it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import IO

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q

from okno.clients.models import Contract
from okno.core.actor import Actor
from okno.core.errors import DomainError
from okno.finance.importing.json_reader import settlements_from_json
from okno.finance.importing.records import DocumentRecord, FileRecord, ImportProblem
from okno.finance.importing.xml_reader import settlements_read
from okno.finance.models import SettlementDocument
from okno.finance.services.files import document_file_attach
from okno.finance.services.ledger import (
    DocumentData,
    Outcome,
    settlement_document_post,
    settlement_documents_create,
)
from okno.orders.models import Order, Shipment

MAX_FILE_BYTES = 50 * 1024 * 1024
BATCH = 500
SOURCE = DocumentData.source  # where the imported documents come from


@dataclass
class ImportResult:
    """How many documents were created, updated, unchanged, deleted (reversed) or skipped
    (deleted before ever received), how many files stored, and every problem met."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    skipped: int = 0
    files: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deleted": self.deleted,
            "skipped": self.skipped,
            "files": self.files,
            "errors": list(self.errors),
        }


def finance_file_import(*, actor: Actor | None, path: Path) -> ImportResult:
    """Import a settlements file: XML (files it names beside it) or JSON (`.json`)."""
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (ValueError, UnicodeDecodeError) as error:
            result = ImportResult()
            result.errors.append(f"{path.name}: not JSON: {error}")
            return result
        if not isinstance(data, dict):
            result = ImportResult()
            result.errors.append(f"{path.name}: must be a JSON object")
            return result
        return finance_json_import(actor=actor, data=data)
    with path.open("rb") as source:
        return _load(actor, settlements_read(source, name=path.name), folder=path.parent)


def finance_json_import(*, actor: Actor | None, data: dict) -> ImportResult:
    return _load(actor, settlements_from_json(data), folder=None)


def _load(
    actor: Actor | None,
    records: Iterable[DocumentRecord | ImportProblem],
    *,
    folder: Path | None,
) -> ImportResult:
    result = ImportResult()
    resolver = references()
    reading = iter(records)
    while True:
        batch, fatal = _batch_read(reading)
        if batch:
            _batch_load(actor, batch, resolver, folder, result)
        if fatal is not None:  # malformed XML, a wrong version: the rest is unread
            result.errors.append(str(fatal))
            return result
        if len(batch) < BATCH:
            return result


def _batch_read(
    reading: Iterator[DocumentRecord | ImportProblem],
) -> tuple[list[DocumentRecord | ImportProblem], ImportProblem | None]:
    """Up to `BATCH` records, and the problem that ended the reading if one did; the
    records read before it are still loaded."""
    batch: list[DocumentRecord | ImportProblem] = []
    try:
        for record in reading:
            batch.append(record)
            if len(batch) == BATCH:
                break
    except ImportProblem as problem:
        return batch, problem
    return batch, None


def _batch_load(
    actor: Actor | None,
    batch: list[DocumentRecord | ImportProblem],
    resolver: _References,
    folder: Path | None,
    result: ImportResult,
) -> None:
    """The batch's documents in one transaction, each in a savepoint of its own. Should
    the transaction itself fail, the files its documents stored are not kept."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            records = [r for r in batch if isinstance(r, DocumentRecord)]
            seen = resolver.contracts_lock(records)
            plain: list[DocumentRecord] = []  # new documents without files or links
            for record in batch:
                if isinstance(record, ImportProblem) or (repeat := resolver.repeat(record)):
                    # Written first, so the problems come in the file's order.
                    _plain_load(actor, plain, resolver, result)
                    plain = []
                    result.errors.append(
                        str(record if isinstance(record, ImportProblem) else repeat)
                    )
                    continue
                if record.external_id not in seen and _is_plain(record):
                    seen.add(record.external_id)
                    plain.append(record)
                    continue
                seen.add(record.external_id)
                # A document sent again within the batch changes what is written before it.
                _plain_load(actor, plain, resolver, result)
                plain = []
                load_one(actor, record, resolver, folder, result, stored=stored)
            _plain_load(actor, plain, resolver, result)
    except BaseException:
        _forget(stored)
        raise


def references() -> _References:
    """What the documents of one import refer to, each looked up once."""
    return _References()


def _is_plain(record: DocumentRecord) -> bool:
    return not (record.deleted or record.files or record.order or record.shipment)


def _plain_load(
    actor: Actor | None,
    records: list[DocumentRecord],
    resolver: _References,
    result: ImportResult,
) -> None:
    """New documents without files or links, written together; if that is refused, one
    by one, so each problem is told with its place."""
    data = []
    for record in records:
        try:
            data.append((record, resolver.data(record)))
        except ImportProblem as problem:
            result.errors.append(str(problem))
    if not data:
        return
    if settlement_documents_create(actor=actor, data=[item for _, item in data]) is not None:
        result.created += len(data)
        return
    for record, _item in data:
        load_one(actor, record, resolver, None, result)


def load_one(
    actor: Actor | None,
    record: DocumentRecord,
    resolver: _References,
    folder: Path | None,
    result: ImportResult,
    *,
    stored: list[str] | None = None,
) -> None:
    """Write one document with its files, or count its problem in `result`; the names of
    the files it stored are added to `stored`. The caller has checked that the file did
    not send the document's id before (`_References.repeat`)."""
    stored_here: list[str] = []
    try:
        with transaction.atomic():
            posting = settlement_document_post(actor=actor, data=resolver.data(record))
            if posting.document is not None and not record.deleted:
                for file_record in record.files:
                    with _content(file_record, folder) as content:
                        document_file, saved = document_file_attach(
                            actor=actor,
                            document=posting.document,
                            external_id=file_record.external_id,
                            kind=file_record.kind,
                            name=file_record.name,
                            content=content,
                            edo_status=file_record.edo_status,
                        )
                    if saved:
                        stored_here.append(str(document_file.file.name))
    except ImportProblem as problem:
        _forget(stored_here)
        result.errors.append(str(problem))
        return
    except DomainError as refusal:
        _forget(stored_here)
        result.errors.append(f"{record.place}: {refusal.message}")
        return
    if stored is not None:
        stored += stored_here
    result.files += len(stored_here)
    counter = {
        Outcome.CREATED: "created",
        Outcome.UPDATED: "updated",
        Outcome.UNCHANGED: "unchanged",
        Outcome.DELETED: "deleted",
        Outcome.SKIPPED: "skipped",
    }[posting.outcome]
    setattr(result, counter, getattr(result, counter) + 1)


def _forget(names: list[str]) -> None:
    """Files stored for a document whose transaction rolled back are not kept."""
    for name in names:
        default_storage.delete(name)


class _content:
    """The file's bytes: inline from JSON, or the file beside the XML (never outside its
    folder, never larger than MAX_FILE_BYTES)."""

    def __init__(self, record: FileRecord, folder: Path | None):
        self.record = record
        self.folder = folder
        self.opened: IO[bytes] | None = None

    def __enter__(self) -> IO[bytes]:
        record = self.record
        if record.content is not None:
            self.opened = BytesIO(record.content)
            return self.opened
        if self.folder is None or record.path is None:
            raise ImportProblem(f"{record.place}/@path", "files by path only beside an XML file")
        base = self.folder.resolve()
        target = (base / record.path).resolve()
        if not target.is_relative_to(base):
            raise ImportProblem(f"{record.place}/@path", "must stay inside the file's folder")
        if not target.is_file():
            raise ImportProblem(f"{record.place}/@path", f"file '{record.path}' not found")
        if target.stat().st_size > MAX_FILE_BYTES:
            raise ImportProblem(f"{record.place}/@path", "file larger than 50 MB")
        self.opened = target.open("rb")
        return self.opened

    def __exit__(self, *exc) -> None:
        if self.opened is not None:
            self.opened.close()


class _References:
    """Contracts, orders and shipments by their references, each looked up once, and the
    documents of the file met so far, by id."""

    def __init__(self):
        self.contracts: dict[str, Contract | None] = {}
        self.places: dict[str, str] = {}

    def repeat(self, record: DocumentRecord) -> str | None:
        """The problem of a document whose id the file sent before, else None (the record
        is remembered). Which of the two 1C meant is unknown, so the repeat is refused,
        never applied."""
        first = self.places.setdefault(record.external_id, record.place)
        if first == record.place:
            return None
        return f"{record.id_place}: '{record.external_id}' is already in this file at {first}"

    def data(self, record: DocumentRecord) -> DocumentData:
        contract = self.contract(record)
        return DocumentData(
            external_id=record.external_id,
            kind=record.kind,
            number=record.number,
            date=record.date,
            amount=record.amount,
            contract=contract,
            currency=record.currency,
            due_date=record.due_date,
            order=_order(contract, record.order),
            shipment=_shipment(contract, record.shipment),
            claim_number=record.claim,
            comment=record.comment,
            is_deleted=record.deleted,
        )

    def contracts_lock(self, records: list[DocumentRecord]) -> set[str]:
        """Lock, ascending by id, the contracts the records name and those their
        documents stand on now, before any of them is posted; the ids of the records'
        documents that exist already."""
        for record in records:
            if record.contract not in self.contracts:
                self.contracts[record.contract] = Contract.objects.filter(
                    external_id=record.contract
                ).first()
        named = {c.pk for r in records if (c := self.contracts[r.contract]) is not None}
        standing = dict(
            SettlementDocument.objects.filter(
                source=SOURCE, external_id__in=[r.external_id for r in records]
            ).values_list("external_id", "contract_id")
        )
        ids = sorted(named | set(standing.values()))
        list(
            Contract.objects.select_for_update()
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        return set(standing)

    def contract(self, record: DocumentRecord) -> Contract:
        if record.contract not in self.contracts:
            self.contracts[record.contract] = Contract.objects.filter(
                external_id=record.contract
            ).first()
        contract = self.contracts[record.contract]
        if contract is None:
            raise ImportProblem(
                record.contract_place, f"no contract with 1C id '{record.contract}'"
            )
        return contract


def _order(contract: Contract, reference: str) -> Order | None:
    """The portal's order by its number or 1C id, of the contract's client; an order placed
    outside the portal is not here, and the document stands without the link."""
    if not reference:
        return None
    return (
        Order.objects.filter(client_id=contract.client_id)
        .filter(Q(number=reference) | Q(external_id=reference))
        .first()
    )


def _shipment(contract: Contract, reference: str) -> Shipment | None:
    if not reference:
        return None
    return Shipment.objects.filter(
        order__client_id=contract.client_id, external_id=reference
    ).first()
