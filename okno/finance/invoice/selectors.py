"""The invoice of an order or of a commercial proposal, for whoever may see the document
(its client's people, staff who see the client)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from okno.core.actor import Actor
from okno.core.errors import Conflict
from okno.core.scoping import get_visible_or_404
from okno.finance.invoice.document import Invoice, InvoiceLine, Party, invoice_build
from okno.finance.requisites import company_requisites
from okno.orders.models import Order, OrderLine, OrderStatus
from okno.proposals.models import Proposal, ProposalStatus
from okno.proposals.selectors import proposal_get

# An order not yet with the company (a draft, one awaiting the client's approval), one
# cancelled, one merged into another, or one left without lines is not to be paid.
NOT_INVOICED = (OrderStatus.DRAFT, OrderStatus.AWAITING_APPROVAL, OrderStatus.CANCELLED)


def order_invoiceable(order: Order) -> bool:
    """Whether the order may be paid by an invoice now."""
    return (
        bool(order.number)
        and order.status not in NOT_INVOICED
        and order.merged_into_id is None
        and order.lines_count > 0
    )


def order_invoice(*, actor: Actor, order_id) -> Invoice:
    """The invoice for payment of an order the actor sees (else 404).

    The invoice's number and date are the order's: its number and the day it reached the
    company (in the company's time zone). The lines are the order's, without those the
    manager removed, numbered from 1. Refused with a `Conflict` when the order is not to be
    paid or the company's requisites are not filled in.
    """
    order = get_visible_or_404(
        Order.objects.select_related("legal_entity", "contract"), actor, pk=order_id
    )
    if not order_invoiceable(order):
        raise Conflict(
            _(
                "Счёт на оплату выставляется на заказ с товарами, переданный компании "
                "и не отменённый."
            ),
            code="order_not_invoiced",
        )
    requisites = _requisites()
    placed_at = order.submitted_at or order.created_at
    return invoice_build(
        number=order.number or "",
        date=timezone.localdate(placed_at),
        requisites=requisites,
        buyer=_buyer(order),
        contract=str(order.contract),
        lines=_lines(order),
        vat_included=order.vat_included,
    )


def proposal_invoiceable(proposal: Proposal) -> bool:
    """Whether the proposal may be paid by an invoice now: sent and not expired, or
    accepted (the invoice then is the proposal's, the order keeps its own)."""
    if proposal.lines_count == 0 or proposal.sent_at is None:
        return False
    if proposal.status == ProposalStatus.ACCEPTED:
        return True
    return proposal.status == ProposalStatus.SENT and not proposal.is_expired


def proposal_invoice(*, actor: Actor, proposal_id) -> Invoice:
    """The invoice for payment of a commercial proposal the actor sees (else 404).

    Its number is the proposal's, its date the day the proposal was sent (in the company's
    time zone), its basis the proposal's contract, its lines the proposal's. Refused with a
    `Conflict` when the proposal is a draft, withdrawn, rejected or expired, or when the
    company's requisites are not filled in."""
    proposal = proposal_get(actor=actor, proposal_id=proposal_id)
    if not proposal_invoiceable(proposal):
        raise Conflict(
            _(
                "Счёт на оплату выставляется по отправленному клиенту коммерческому "
                "предложению, пока оно действует, или по принятому."
            ),
            code="proposal_not_invoiced",
        )
    requisites = _requisites()
    return invoice_build(
        number=proposal.number or "",
        date=timezone.localdate(proposal.sent_at),
        requisites=requisites,
        buyer=_buyer(proposal),
        contract=str(proposal.contract),
        lines=[
            InvoiceLine(
                number=number,
                article=line.article,
                name=line.name,
                quantity=line.quantity,
                unit=line.unit_name,
                price=line.price,
                amount=line.amount,
                vat_rate=line.vat_rate,
            )
            for number, line in enumerate(proposal.lines.order_by("position", "pk"), start=1)
        ],
        vat_included=proposal.vat_included,
    )


def _requisites():
    requisites = company_requisites()
    if requisites is None:
        raise Conflict(
            _(
                "Счёт пока нельзя сформировать: реквизиты компании-продавца не заполнены. "
                "Их вносит администратор портала в разделе «Реквизиты компании»."
            ),
            code="requisites_missing",
        )
    return requisites


def _buyer(document: Order | Proposal) -> Party:
    entity = document.legal_entity
    return Party(
        name=entity.full_name or entity.name,
        inn=entity.inn,
        kpp=entity.kpp,
        address=entity.legal_address,
    )


def _lines(order: Order) -> list[InvoiceLine]:
    rows = (
        order.lines.exclude(change=OrderLine.Change.REMOVED)
        .filter(quantity__gt=0)
        .order_by("position", "pk")
    )
    lines = [
        InvoiceLine(
            number=number,
            article=line.article,
            name=line.name,
            quantity=line.quantity,
            unit=line.unit_name,
            price=line.price,
            amount=line.amount,
            vat_rate=line.vat_rate,
        )
        for number, line in enumerate(rows, start=1)
    ]
    if order.delivery_amount:
        lines.append(_delivery_line(order, number=len(lines) + 1))
    return lines


def _delivery_line(order: Order, *, number: int) -> InvoiceLine:
    """The order's delivery charge as a service line (the document is in Russian whatever
    the interface language)."""
    return InvoiceLine(
        number=number,
        article="",
        name="Доставка",
        quantity=Decimal(1),
        unit="усл.",
        price=order.delivery_amount,
        amount=order.delivery_amount,
        vat_rate=order.delivery_vat_rate,
    )
