"""The reconciliation act in /api/v1/: `GET /finance/reconciliation?legal_entity_id=…
&contract_id=…&date_from=…&date_to=…&format=json|pdf|xlsx`.

The JSON form is the act's figures from the seller's view, money as decimal strings like the
other finance endpoints: opening_balance + turnover_debit − turnover_credit = closing_balance.
Another client's legal entity or contract answers 404; a reversed period or one longer than
three years 422; a contract not in roubles or missing company requisites 409.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Literal

from django.http import HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import NinjaJSONEncoder

from okno.core.schemas import Id
from okno.finance.reconciliation import pdf, xlsx
from okno.finance.reconciliation.act import (
    ReconciliationAct,
    document_namer,
    quarter_start,
    reconciliation_act,
)
from okno.finance.reconciliation.files import act_file_response

router = Router(tags=["finance"])


class ReconciliationQuery(Schema):
    legal_entity_id: Id
    contract_id: Id | None = Field(None, description="Left out: all rouble contracts.")
    date_from: dt.date | None = Field(None, description="The start of the quarter if left out.")
    date_to: dt.date | None = Field(None, description="Today (company time zone) if left out.")
    file_format: Literal["json", "pdf", "xlsx"] = Field("json", alias="format")


class ReconciliationLineOut(Schema):
    date: dt.date
    document: str = Field(description="«Реализация № УТ-75 от 05.12.2026».")
    debit: Decimal = Field(description="Raised the buyer's debt (a shipment).")
    credit: Decimal = Field(description="Lowered it (a payment, a return, a credit note).")


class ReconciliationOut(Schema):
    legal_entity_id: int
    contract_id: int | None
    date_from: dt.date
    date_to: dt.date
    seller: str
    buyer: str
    opening_balance: Decimal = Field(description="Owed to the seller before the period.")
    lines: list[ReconciliationLineOut]
    turnover_debit: Decimal
    turnover_credit: Decimal
    closing_balance: Decimal = Field(
        description="Owed to the seller at the end; negative — the seller owes."
    )
    conclusion: str


_BINARY = {"schema": {"type": "string", "format": "binary"}}
_RESPONSES = {
    "200": {
        "description": "The act: JSON, or the PDF or XLSX file.",
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/ReconciliationOut"}},
            pdf.CONTENT_TYPE: _BINARY,
            xlsx.CONTENT_TYPE: _BINARY,
        },
    },
    "409": {"description": "A contract not in roubles, or the seller's requisites are missing."},
}


@router.get(
    "/finance/reconciliation",
    response=ReconciliationOut,
    url_name="finance_reconciliation",
    summary="Reconciliation act (Акт сверки) for a period",
    openapi_extra={"responses": _RESPONSES},
)
def get_reconciliation(request, query: Query[ReconciliationQuery]):
    """Opening balance, one line per document, turnovers and closing balance of a legal
    entity under one contract or all of them, from the seller's view."""
    today = timezone.localdate()
    date_to = query.date_to or today
    act = reconciliation_act(
        actor=request.actor,
        legal_entity_id=query.legal_entity_id,
        contract_id=query.contract_id,
        date_from=query.date_from or quarter_start(date_to),
        date_to=date_to,
    )
    if query.file_format != "json":
        return act_file_response(act, query.file_format)
    return _as_json(act)


def _as_json(act: ReconciliationAct) -> HttpResponse:
    """The act as `ReconciliationOut` describes it, serialised without validating each of a
    year's tens of thousands of lines against the schema (that took longer than reading
    them); the tests check the shape against the schema."""
    name = document_namer()
    body = {
        "legal_entity_id": act.legal_entity_id,
        "contract_id": act.contract_id,
        "date_from": act.date_from,
        "date_to": act.date_to,
        "seller": act.seller,
        "buyer": act.buyer,
        "opening_balance": act.opening.amount,
        "lines": [
            {
                "date": line.date.isoformat(),
                "document": name(line),
                "debit": str(line.debit),
                "credit": str(line.credit),
            }
            for line in act.lines
        ],
        "turnover_debit": act.turnover_debit,
        "turnover_credit": act.turnover_credit,
        "closing_balance": act.closing.amount,
        "conclusion": act.conclusion,
    }
    return HttpResponse(json.dumps(body, cls=NinjaJSONEncoder), content_type="application/json")
