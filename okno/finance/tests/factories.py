"""Settlement documents for tests, posted through the ledger's own service."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from okno.clients.models import Contract
from okno.finance.models import DocumentKind, SettlementDocument
from okno.finance.services.ledger import DocumentData, settlement_document_post

_ids = itertools.count(1)


def document_post(
    contract: Contract,
    kind: str,
    amount: Decimal | str,
    *,
    date: dt.date | None = None,
    number: str | None = None,
    external_id: str | None = None,
    **more,
) -> SettlementDocument:
    """Post a document as 1C would send it; ids and numbers made up unless given."""
    serial = next(_ids)
    data = DocumentData(
        external_id=external_id or f"doc-{serial}",
        kind=kind,
        number=number or f"Д-{serial:05}",
        date=date or timezone.localdate(),
        amount=Decimal(amount),
        contract=contract,
        **more,
    )
    document = settlement_document_post(actor=None, data=data).document
    assert document is not None
    return document


def opening_balance_post(contract: Contract, amount: Decimal, *, days_ago: int = 0):
    """An opening balance of `amount` dated `days_ago` days back."""
    date = timezone.localdate() - dt.timedelta(days=days_ago)
    return document_post(contract, DocumentKind.OPENING, amount, date=date)


def file_attach(document: SettlementDocument, *, name: str = "УПД.pdf", edo_status: str = ""):
    """A small PDF-like file attached to the document."""
    from io import BytesIO

    from okno.finance.services.files import document_file_attach

    document_file, _stored = document_file_attach(
        actor=None,
        document=document,
        external_id=name,
        kind="upd",
        name=name,
        content=BytesIO(b"%PDF-1.4 " + name.encode()),
        edo_status=edo_status,
    )
    return document_file
