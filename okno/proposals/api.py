"""Commercial proposals in /api/v1/: the list and one proposal with its lines, and the
client's answer — accept (the order made is answered) or reject with a reason. The
proposal's invoice is `GET /proposals/{id}/invoice` (okno/finance/api/invoice.py).

A client's person sees the sent proposals of the legal entities they act for; staff those
of the clients their role shows. Another client's proposal is 404, like a missing one.
"""

import datetime as dt
from decimal import Decimal

from ninja import Field, Query, Router, Schema

from okno.core.pagination import Page, page_of, page_schema
from okno.core.schemas import Id, Text
from okno.proposals.models import ProposalStatus
from okno.proposals.selectors import proposal_get, proposal_lines, proposal_list
from okno.proposals.services import proposal_accept, proposal_reject

router = Router(tags=["proposals"])


class ProposalLineOut(Schema):
    product_id: int
    article: str
    name: str
    unit: str = Field(..., alias="unit_name")
    quantity: Decimal = Field(description="In the product's base unit.")
    price: Decimal = Field(description="Per base unit, with VAT when `vat_included`.")
    amount: Decimal
    vat_rate: str
    vat_amount: Decimal
    total: Decimal


class ProposalOut(Schema):
    id: int
    number: str
    status: str = Field(description="The stored status; see `is_expired` for a sent one.")
    is_expired: bool
    legal_entity_id: int
    contract_id: int
    valid_until: dt.date
    comment: str
    reject_reason: str
    vat_included: bool
    amount: Decimal
    vat_amount: Decimal
    total: Decimal
    lines_count: int
    order_id: int | None = Field(description="The order made when the proposal was accepted.")
    created_at: dt.datetime
    sent_at: dt.datetime | None
    decided_at: dt.datetime | None


class ProposalDetail(ProposalOut):
    lines: list[ProposalLineOut]


ProposalList = page_schema("ProposalList", ProposalOut)


class ProposalFilters(Schema):
    status: ProposalStatus | None = None
    client_id: Id | None = Field(None, description="Staff: the proposals of one client.")


class RejectIn(Schema):
    reason: Text = Field("", max_length=500)


class AcceptOut(Schema):
    proposal: ProposalOut
    order_id: int
    order_number: str


def _detail(proposal) -> dict:
    return {**ProposalOut.from_orm(proposal).model_dump(), "lines": proposal_lines(proposal)}


@router.get("/proposals", response=ProposalList, url_name="proposal_list")
def list_proposals(request, filters: Query[ProposalFilters], page: Query[Page]):
    """Proposals newest first."""
    rows = proposal_list(actor=request.actor, status=filters.status, client_id=filters.client_id)
    return page_of(rows, page)


@router.get("/proposals/{proposal_id}", response=ProposalDetail, url_name="proposal_detail")
def get_proposal(request, proposal_id: Id):
    return _detail(proposal_get(actor=request.actor, proposal_id=proposal_id))


@router.post("/proposals/{proposal_id}/accept", response=AcceptOut, url_name="proposal_accept")
def accept_proposal(request, proposal_id: Id):
    """Accept a sent proposal: an order is made with its prices and sent to the company.
    Accepting again answers the same order."""
    proposal = proposal_get(actor=request.actor, proposal_id=proposal_id)
    order = proposal_accept(actor=request.actor, proposal=proposal)
    proposal = proposal_get(actor=request.actor, proposal_id=proposal_id)
    return {"proposal": proposal, "order_id": order.pk, "order_number": order.number or ""}


@router.post("/proposals/{proposal_id}/reject", response=ProposalOut, url_name="proposal_reject")
def reject_proposal(request, proposal_id: Id, payload: RejectIn):
    proposal = proposal_get(actor=request.actor, proposal_id=proposal_id)
    return proposal_reject(actor=request.actor, proposal=proposal, reason=payload.reason)
