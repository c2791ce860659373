"""How a claim line's resolutions and the client's rating read in the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema

from okno.desk.models import Appeal, ClaimLine, ClaimResolution


class ResolutionOut(Schema):
    id: int
    claim_line_id: int
    kind: str
    kind_name: str
    quantity: Decimal
    amount: Decimal
    rejection_reason: str | None
    comment: str
    pickup_date: dt.date | None
    replacement_order_id: int | None
    replacement_order_number: str | None
    cancelled: bool
    created_at: dt.datetime


class LineTotalsOut(Schema):
    value: Decimal
    resolved_quantity: Decimal
    resolved_amount: Decimal


class CsatOut(Schema):
    score: int
    comment: str
    at: dt.datetime


def resolution_out(row: ClaimResolution) -> dict:
    """A resolution as the API shows it. Precondition: `cancelled` set by the selector;
    reason and replacement order selected."""
    order = row.replacement_order
    return {
        "id": row.pk,
        "claim_line_id": row.claim_line_id,
        "kind": row.kind,
        "kind_name": row.get_kind_display(),
        "quantity": row.quantity,
        "amount": row.amount,
        "rejection_reason": row.rejection_reason.name if row.rejection_reason else None,
        "comment": row.comment,
        "pickup_date": row.pickup_date,
        "replacement_order_id": order.pk if order else None,
        "replacement_order_number": order.number if order else None,
        "cancelled": getattr(row, "cancelled", False),
        "created_at": row.created_at,
    }


def line_totals_out(line: ClaimLine) -> dict:
    totals = line.totals  # type: ignore[attr-defined]
    return {
        "value": totals.value,
        "resolved_quantity": totals.quantity,
        "resolved_amount": totals.money,
    }


def csat_out(appeal: Appeal) -> dict | None:
    if appeal.csat_score is None or appeal.csat_at is None:
        return None
    return {"score": appeal.csat_score, "comment": appeal.csat_comment, "at": appeal.csat_at}
