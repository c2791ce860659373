"""Mutual settlements in /api/v1/finance/: balances per legal entity and contract, the
settlement documents with their files, and the import of 1C's documents.

A client's person allowed to see the finances reads their own client's; staff read those of
the clients their role shows them. The import (`finance.import`: administrators and 1C's
integration account) takes the JSON spelling of docs/finance-exchange.md.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.http import FileResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from okno.core.errors import NotAllowed
from okno.core.pagination import Page, page_of, page_schema
from okno.core.roles import Perm
from okno.core.schemas import Id, Text, search_term
from okno.finance.importing.load import finance_json_import
from okno.finance.selectors.balances import balances_list
from okno.finance.selectors.documents import (
    DocumentFilters,
    document_main_file,
    document_of,
    documents_list,
    finance_require,
)

router = Router(tags=["finance"])


class BalanceOut(Schema):
    legal_entity_id: int
    legal_entity_name: str
    contract_id: int
    contract_number: str
    contract_date: dt.date
    currency: str
    balance: Decimal = Field(description="What is owed; negative — paid in advance.")
    current: Decimal = Field(description="Owed and not yet due.")
    overdue: Decimal
    overdue_1_30: Decimal
    overdue_31_60: Decimal
    overdue_over_60: Decimal
    credit_limit: Decimal = Field(description="0 — the contract sets no limit.")
    credit_used: Decimal
    credit_left: Decimal | None = Field(description="None — no limit.")


BalanceList = page_schema("BalanceList", BalanceOut)


class BalanceFilters(Schema):
    client_id: Id | None = Field(None, description="Staff: one client's contracts.")
    legal_entity_id: Id | None = None
    contract_id: Id | None = None
    on: dt.date | None = Field(None, description="The balance on this date; today if left out.")


class FileOut(Schema):
    id: int
    kind: str
    name: str
    format: str
    size: int
    edo_status: str = Field(description="'', sent, signed or rejected.")


class DocumentOut(Schema):
    id: int
    kind: str
    kind_name: str
    number: str
    date: dt.date
    amount: Decimal
    currency: str
    due_date: dt.date | None
    legal_entity_id: int
    contract_id: int
    order_id: int | None
    shipment_id: int | None
    claim_number: str
    comment: str
    external_id: str
    files: list[FileOut]

    @staticmethod
    def resolve_kind_name(document) -> str:
        return document.get_kind_display()

    @staticmethod
    def resolve_files(document) -> list:
        return list(document.files.all())


DocumentList = page_schema("DocumentList", DocumentOut)


KindName = Literal["opening", "shipment", "payment", "return", "credit_note", "adjustment"]


class DocumentQuery(Schema):
    q: Text | None = Field(None, max_length=100, description="A part of the number.")
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kind: KindName | None = None
    client_id: Id | None = None
    legal_entity_id: Id | None = None
    contract_id: Id | None = None


class FileIn(Schema):
    id: Text = Field(max_length=80)
    kind: Text = Field("other", description="sf, upd, torg12, ttn, contract, act or other.")
    name: Text = Field(max_length=200)
    edo: Text = Field("", description="'', sent, signed or rejected.")
    content_base64: str


class DocumentIn(Schema):
    id: Text = Field(max_length=80, description="The document's id in 1C.")
    kind: Text
    number: Text = Field(max_length=60)
    date: dt.date
    amount: Decimal
    currency: Text = Field("RUB", max_length=3)
    contract: Text = Field(max_length=80, description="The contract's id in 1C.")
    due_date: dt.date | None = None
    order: Text = Field("", max_length=80, description="The order's number or 1C id.")
    shipment: Text = Field("", max_length=80, description="The shipment's 1C id.")
    claim: Text = Field("", max_length=60)
    comment: Text = Field("", max_length=500)
    deleted: bool = False
    files: list[FileIn] = []


class ImportIn(Schema):
    version: Text = "1.0"
    documents: list[DocumentIn] = Field(max_length=10000)


class ImportOut(Schema):
    created: int
    updated: int
    unchanged: int
    deleted: int
    skipped: int
    files: int
    errors: list[str] = Field(description="`documents[N].field: what`; those were not written.")


@router.get("/finance/balances", response=BalanceList, url_name="finance_balances")
def list_balances(request, filters: Query[BalanceFilters], page: Query[Page]):
    """Per legal entity and contract: balance, what is not yet due, overdue by days past
    due, credit limit, used and left."""
    finance_require(request.actor)
    rows = balances_list(
        actor=request.actor,
        client_id=filters.client_id,
        legal_entity_id=filters.legal_entity_id,
        contract_id=filters.contract_id,
        on=filters.on,
    )
    items = [_balance_row(row) for row in rows[page.offset : page.offset + page.limit]]
    return {"items": items, "count": len(rows)}


def _balance_row(row) -> dict:
    contract, position = row.contract, row.position
    first, second, third = position.overdue_buckets
    return {
        "legal_entity_id": contract.legal_entity_id,
        "legal_entity_name": contract.legal_entity.name,
        "contract_id": contract.pk,
        "contract_number": contract.number,
        "contract_date": contract.date,
        "currency": contract.currency,
        "balance": position.balance,
        "current": position.current,
        "overdue": position.overdue,
        "overdue_1_30": first,
        "overdue_31_60": second,
        "overdue_over_60": third,
        "credit_limit": row.credit_limit,
        "credit_used": row.credit_used,
        "credit_left": row.credit_left,
    }


@router.get("/finance/documents", response=DocumentList, url_name="finance_documents")
def list_documents(request, query: Query[DocumentQuery], page: Query[Page]):
    """Settlement documents, newest first, with their files (not those 1C deleted)."""
    filters = DocumentFilters(
        query=search_term(query.q),
        date_from=query.date_from,
        date_to=query.date_to,
        kind=query.kind,
        client_id=query.client_id,
        legal_entity_id=query.legal_entity_id,
        contract_id=query.contract_id,
    )
    return page_of(documents_list(actor=request.actor, filters=filters), page)


@router.get("/finance/documents/{document_id}", response=DocumentOut, url_name="finance_document")
def get_document(request, document_id: Id):
    return document_of(actor=request.actor, document_id=document_id)


@router.get("/finance/documents/{document_id}/file", url_name="finance_document_file")
def get_document_file(request, document_id: Id, file_id: Id | None = None):
    """The document's file `file_id`, or its first PDF, or its first file."""
    document_file = document_main_file(
        actor=request.actor, document_id=document_id, file_id=file_id
    )
    return FileResponse(
        document_file.file.open("rb"), as_attachment=True, filename=document_file.name
    )


@router.post("/finance/import", response=ImportOut, url_name="finance_import")
def import_documents(request, body: ImportIn):
    """Settlement documents of 1C, their files and opening balances (docs/finance-exchange.md).
    Idempotent by the document's `id`; a document with a problem is listed in `errors` and
    not written, the others are."""
    if not request.actor.can(Perm.FINANCE_IMPORT):
        raise NotAllowed(_("Загружать документы взаиморасчётов вам не разрешено."))
    result = finance_json_import(actor=request.actor, data=body.model_dump(mode="json"))
    return result.as_dict()
