"""The invoice for payment of an order: on screen, as PDF and as XLSX."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from okno.core.errors import Conflict
from okno.finance.invoice import pdf, xlsx
from okno.finance.invoice.document import Invoice
from okno.finance.invoice.selectors import order_invoice

FILE_FORMATS = {
    "pdf": (pdf.invoice_pdf, pdf.CONTENT_TYPE),
    "xlsx": (xlsx.invoice_xlsx, xlsx.CONTENT_TYPE),
}


def invoice_file_response(invoice: Invoice, file_format: str) -> HttpResponse:
    """The file as an attachment named «Счет_на_оплату_N.pdf» (RFC 5987 for the Cyrillic)."""
    make, content_type = FILE_FORMATS[file_format]
    response = HttpResponse(make(invoice), content_type=content_type)
    filename = f"{invoice.filename_stem}.{file_format}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_GET
@login_required
def order_invoice_page(request, pk: int):
    try:
        invoice = order_invoice(actor=request.actor, order_id=pk)
    except Conflict as refusal:
        return _refused(request, pk, refusal)
    return TemplateResponse(request, "finance/invoice.html", {"invoice": invoice, "order_id": pk})


@require_GET
@login_required
def order_invoice_file(request, pk: int, file_format: str):
    try:
        invoice = order_invoice(actor=request.actor, order_id=pk)
    except Conflict as refusal:
        return _refused(request, pk, refusal)
    return invoice_file_response(invoice, file_format)


def _refused(request, pk: int, refusal: Conflict) -> TemplateResponse:
    context = {"message": refusal.message, "order_id": pk}
    return TemplateResponse(request, "finance/invoice_refused.html", context, status=409)
