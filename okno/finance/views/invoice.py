"""The invoice for payment of an order or a commercial proposal: on screen, as PDF and as
XLSX."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from okno.core.errors import Conflict
from okno.finance.invoice.files import invoice_file_response
from okno.finance.invoice.selectors import order_invoice, proposal_invoice
from okno.payments.selectors import order_payment_summary_of


@require_GET
@login_required
def order_invoice_page(request, pk: int):
    try:
        invoice = order_invoice(actor=request.actor, order_id=pk)
    except Conflict as refusal:
        return _refused(request, pk, refusal)
    # «Оплатить онлайн» beside the invoice, for those who may pay it.
    payment = order_payment_summary_of(actor=request.actor, order_id=pk)
    context = {"invoice": invoice, "order_id": pk, "payment": payment}
    return TemplateResponse(request, "finance/invoice.html", context)


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


@require_GET
@login_required
def proposal_invoice_page(request, pk: int):
    try:
        invoice = proposal_invoice(actor=request.actor, proposal_id=pk)
    except Conflict as refusal:
        return _proposal_refused(request, pk, refusal)
    context = {"invoice": invoice, "proposal_id": pk}
    return TemplateResponse(request, "finance/invoice.html", context)


@require_GET
@login_required
def proposal_invoice_file(request, pk: int, file_format: str):
    try:
        invoice = proposal_invoice(actor=request.actor, proposal_id=pk)
    except Conflict as refusal:
        return _proposal_refused(request, pk, refusal)
    return invoice_file_response(invoice, file_format)


def _proposal_refused(request, pk: int, refusal: Conflict) -> TemplateResponse:
    context = {"message": refusal.message, "proposal_id": pk}
    return TemplateResponse(request, "finance/invoice_refused.html", context, status=409)
