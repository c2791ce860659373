"""The invoice for payment of an order or a commercial proposal in /api/v1/:
`GET /orders/{id}/invoice?format=pdf` or `GET /proposals/{id}/invoice?format=pdf`
(or `xlsx`) answers the file, named «Счет_на_оплату_N.pdf». An order not to be paid, or a
company whose requisites are not filled in, answers 409 with the reason."""

from typing import Literal

from ninja import Query, Router

from okno.finance.invoice import pdf, xlsx
from okno.finance.invoice.files import invoice_file_response
from okno.finance.invoice.selectors import order_invoice, proposal_invoice

router = Router()

_BINARY = {"schema": {"type": "string", "format": "binary"}}
_FILES = {
    "200": {
        "description": "The invoice file.",
        "content": {pdf.CONTENT_TYPE: _BINARY, xlsx.CONTENT_TYPE: _BINARY},
    },
    "409": {"description": "The order is not to be paid, or the seller's requisites are missing."},
}


@router.get(
    "/orders/{order_id}/invoice",
    url_name="order_invoice",
    summary="Invoice for payment of an order (PDF or XLSX)",
    openapi_extra={"responses": _FILES},
)
def order_invoice_file(
    request, order_id: int, file_format: Literal["pdf", "xlsx"] = Query("pdf", alias="format")
):
    invoice = order_invoice(actor=request.actor, order_id=order_id)
    return invoice_file_response(invoice, file_format)


@router.get(
    "/proposals/{proposal_id}/invoice",
    url_name="proposal_invoice",
    summary="Invoice for payment of a commercial proposal (PDF or XLSX)",
    openapi_extra={"responses": _FILES},
)
def proposal_invoice_file(
    request, proposal_id: int, file_format: Literal["pdf", "xlsx"] = Query("pdf", alias="format")
):
    invoice = proposal_invoice(actor=request.actor, proposal_id=proposal_id)
    return invoice_file_response(invoice, file_format)
