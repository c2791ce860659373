"""Posting settlement documents to the ledger: create, change, reverse.

A document is identified by `(source, external_id)`. Posting it again with the same data
changes nothing; with changed data it writes the reversal of what the document had posted
and a new entry of its present effect; marked deleted, the reversal alone. Entries are never
edited, so the ledger tells what was known when.

Locks, always in this order: the contracts involved by ascending id, then the document.
Two postings touching the same contracts therefore queue instead of deadlocking, and a
contract's balance (the sum of its entries) is read and moved by one of them at a time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils.translation import gettext as _

from okno.clients.models import Contract
from okno.core.actor import Actor
from okno.core.errors import InvalidInput
from okno.finance.models import (
    KIND_SIGN,
    SIGNED_KINDS,
    DocumentKind,
    LedgerEntry,
    LedgerMonth,
    SettlementDocument,
)
from okno.orders.models import Order, Shipment

ZERO = Decimal("0")
ATTEMPTS = 10
# The fields whose change re-posts a document; anything else is only its description.
_POSTED_FIELDS = ("kind", "contract_id", "date", "amount", "due_date", "is_deleted")
_DESCRIPTIVE_FIELDS = (
    "number",
    "currency",
    "order_id",
    "shipment_id",
    "claim_number",
    "comment",
)


@dataclass(frozen=True)
class DocumentData:
    """A settlement document as its source states it; the contract already found."""

    external_id: str
    kind: str
    number: str
    date: dt.date
    amount: Decimal
    contract: Contract
    currency: str = "RUB"
    due_date: dt.date | None = None
    order: Order | None = None
    shipment: Shipment | None = None
    claim_number: str = ""
    comment: str = ""
    is_deleted: bool = False
    source: str = "1c"


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    DELETED = "deleted"
    SKIPPED = "skipped"  # deleted before it was ever received


@dataclass(frozen=True)
class Posting:
    document: SettlementDocument | None
    outcome: Outcome


def settlement_document_post(*, actor: Actor | None, data: DocumentData) -> Posting:
    """Create, change or reverse the document `data` describes, with its ledger entries,
    in one transaction under the contracts' and the document's row locks. `actor` is who
    sent it (None — the import from 1C on the command line)."""
    _check(data)
    for _attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():
                return _post_locked(data)
        except _Raced:
            # Another import created or moved the same document after we looked: start
            # over (our locks released), now as a change of it, under its contracts' locks.
            continue
    raise InvalidInput(_("Документ меняется одновременно другим обменом; повторите."))


def settlement_documents_create(
    *, actor: Actor | None, data: list[DocumentData]
) -> list[SettlementDocument] | None:
    """Create documents none of which exists yet, with their entries, set-based: a few
    statements for the lot instead of several for each, under their contracts' row locks
    (ascending id) in one savepoint. None, with nothing written, when one of them is
    refused or already exists (another import created it meanwhile): the caller then posts
    them one by one with `settlement_document_post`, which tells which and why."""
    try:
        for item in data:
            _check(item)
    except InvalidInput:
        return None
    contract_ids = sorted({item.contract.pk for item in data})
    documents = []
    for item in data:
        document = SettlementDocument(source=item.source, external_id=item.external_id)
        _fill(document, item)
        documents.append(document)
    try:
        with transaction.atomic():
            list(
                Contract.objects.select_for_update()
                .filter(pk__in=contract_ids)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            SettlementDocument.objects.bulk_create(documents)
            entries = [_entry(document) for document in documents if document.debt_change != ZERO]
            LedgerEntry.objects.bulk_create(entries)
            ledger_months_add(entries)
    except IntegrityError:
        return None
    return documents


class _Raced(Exception):
    pass


def _post_locked(data: DocumentData) -> Posting:
    existing = _locked_document(data)
    if existing is not None:
        return _change(existing, data)
    if data.is_deleted:
        return Posting(document=None, outcome=Outcome.SKIPPED)
    document = SettlementDocument(source=data.source, external_id=data.external_id)
    _fill(document, data)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError as clash:
        if SettlementDocument.objects.filter(
            source=data.source, external_id=data.external_id
        ).exists():
            raise _Raced from clash
        raise
    _post(document)
    return Posting(document=document, outcome=Outcome.CREATED)


def _check(data: DocumentData) -> None:
    if data.kind not in DocumentKind.values:
        raise InvalidInput(_("Неизвестный вид документа «%s».") % data.kind, field="kind")
    if data.kind not in SIGNED_KINDS and data.amount <= 0:
        raise InvalidInput(_("Сумма документа должна быть больше нуля."), field="amount")
    if not data.external_id.strip():
        raise InvalidInput(_("Не указан ид документа."), field="id")


def _locked_document(data: DocumentData) -> SettlementDocument | None:
    """Lock the contracts (ascending id), then the document. The contract a document stood
    on before may differ from the new one, so both are locked; if another import moved it
    in between, the transaction starts over rather than lock a third contract out of order."""
    lookup = {"source": data.source, "external_id": data.external_id}
    before = SettlementDocument.objects.filter(**lookup).values_list("contract_id").first()
    contract_ids = sorted({data.contract.pk} | ({before[0]} if before else set()))
    list(
        Contract.objects.select_for_update()
        .filter(pk__in=contract_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    document = SettlementDocument.objects.select_for_update().filter(**lookup).first()
    if document is not None and document.contract_id not in contract_ids:
        raise _Raced
    return document


def _fill(document: SettlementDocument, data: DocumentData) -> None:
    contract = data.contract
    document.client_id = contract.client_id
    document.legal_entity_id = contract.legal_entity_id
    document.contract = contract
    document.kind = data.kind
    document.number = data.number
    document.date = data.date
    document.amount = data.amount
    document.currency = data.currency
    document.order = data.order
    document.shipment = data.shipment
    document.claim_number = data.claim_number
    document.comment = data.comment
    document.is_deleted = data.is_deleted
    document.due_date = _due_date(data)


def _due_date(data: DocumentData) -> dt.date | None:
    """When the debt a document creates is due: as the source says, else the contract's
    payment deferral from the document's date. A document lowering the debt has none."""
    if data.amount * KIND_SIGN[data.kind] <= 0:
        return None
    if data.due_date is not None:
        return data.due_date
    return data.date + dt.timedelta(days=data.contract.payment_deferral_days)


def _change(document: SettlementDocument, data: DocumentData) -> Posting:
    before = {name: getattr(document, name) for name in _POSTED_FIELDS + _DESCRIPTIVE_FIELDS}
    _fill(document, data)
    after = {name: getattr(document, name) for name in _POSTED_FIELDS + _DESCRIPTIVE_FIELDS}
    if before == after:
        return Posting(document=document, outcome=Outcome.UNCHANGED)
    document.save()
    if any(before[name] != after[name] for name in _POSTED_FIELDS):
        _reverse(document)
        _post(document)
    if data.is_deleted and not before["is_deleted"]:
        return Posting(document=document, outcome=Outcome.DELETED)
    return Posting(document=document, outcome=Outcome.UPDATED)


def _post(document: SettlementDocument) -> None:
    """Write the document's present effect (nothing for a deleted one)."""
    if document.debt_change == ZERO:
        return
    entry = _entry(document)
    entry.save()
    ledger_months_add([entry])


def _entry(document: SettlementDocument) -> LedgerEntry:
    """The entry posting the document's present effect, not yet written."""
    return LedgerEntry(
        document=document,
        client_id=document.client_id,
        legal_entity_id=document.legal_entity_id,
        contract_id=document.contract_id,
        date=document.date,
        due_date=document.due_date,
        amount=document.debt_change,
        reason=LedgerEntry.Reason.POSTED,
    )


def _reverse(document: SettlementDocument) -> None:
    """Undo everything the document has posted so far: per contract, date and due date its
    entries net to something; a reversal of that, dated as the original, nets it to zero."""
    net: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
    rows = (
        LedgerEntry.objects.filter(document=document)
        .values("contract_id", "legal_entity_id", "date", "due_date")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in rows:
        key = (row["contract_id"], row["legal_entity_id"], row["date"], row["due_date"])
        net[key] += row["total"]
    for (contract_id, legal_entity_id, date, due_date), total in sorted(
        net.items(), key=lambda item: (item[0][0], item[0][2])
    ):
        if total == ZERO:
            continue
        reversal = LedgerEntry.objects.create(
            document=document,
            client_id=document.client_id,
            legal_entity_id=legal_entity_id,
            contract_id=contract_id,
            date=date,
            due_date=due_date,
            amount=-total,
            reason=LedgerEntry.Reason.REVERSED,
        )
        ledger_months_add([reversal])


def ledger_months_add(entries: list[LedgerEntry]) -> None:
    """Add written entries to their contracts' month sums, in the entries' transaction.
    An increment is one UPDATE; a month's first entry inserts its row, and should another
    transaction insert it first (a reversal on a contract not locked here) the increment
    is made on that row."""
    totals: dict[tuple[int, dt.date], Decimal] = defaultdict(lambda: ZERO)
    for entry in entries:
        totals[(entry.contract_id, entry.date.replace(day=1))] += entry.amount
    for (contract_id, month), amount in sorted(totals.items()):
        rows = LedgerMonth.objects.filter(contract_id=contract_id, month=month)
        if rows.update(amount=F("amount") + amount):
            continue
        try:
            with transaction.atomic():
                LedgerMonth.objects.create(contract_id=contract_id, month=month, amount=amount)
        except IntegrityError:
            rows.update(amount=F("amount") + amount)
