"""An order from lines priced elsewhere: an accepted commercial proposal.

The client agreed to the prices of the document, so they are not priced again, and no
delivery charge is added to the document's sum. The order takes the legal entity's default
delivery address (pickup from the contract's warehouse when it has none), passes the same
credit check and approval threshold as the checkout, and goes to the company with its
stock reserved, all or nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.catalog.models import Product
from okno.catalog.selectors.viewer import home_warehouse
from okno.clients.models import Contract, DeliveryAddress, LegalEntity
from okno.core.actor import Actor
from okno.core.errors import Conflict, InvalidInput
from okno.orders.models import Order, OrderLine, OrderStatus
from okno.orders.services.carts import require_ordering
from okno.orders.services.checkout import order_needs_approval, order_number, order_totals_refresh
from okno.orders.services.credit import credit_check
from okno.orders.services.lifecycle import order_move, order_reach_company


@dataclass(frozen=True)
class PricedLine:
    """A product in its base unit with the money agreed: price per base unit, the line's
    amount, VAT rate and VAT, and total (amount plus VAT when prices exclude it)."""

    product: Product
    quantity: Decimal
    price: Decimal
    amount: Decimal
    vat_rate: str
    vat_amount: Decimal
    total: Decimal


@dataclass(frozen=True)
class PricedOrder:
    legal_entity: LegalEntity
    contract: Contract
    price_type_id: int | None
    vat_included: bool
    lines: Sequence[PricedLine]
    comment: str
    note: str


def order_priced_place(*, actor: Actor, priced: PricedOrder) -> Order:
    """Write the order and send it on (see the module's docstring). Precondition: the
    caller read the legal entity and contract through `visible_to(actor)` and holds the
    row lock of the document the order comes from."""
    require_ordering(actor)
    _check_contract(priced.contract)
    if not priced.lines:
        raise InvalidInput(_("В документе нет строк."), field="lines", code="empty")
    warehouse = home_warehouse(priced.contract)
    if warehouse is None:
        raise Conflict(_("Не задан склад отгрузки: обратитесь к менеджеру."), code="no_warehouse")
    with transaction.atomic():
        order = _write(actor, priced, warehouse)
        _send_on(actor, order, priced.contract, priced.note)
    return order


def _check_contract(contract: Contract) -> None:
    today = timezone.localdate()
    if not contract.is_active or (contract.valid_until and contract.valid_until < today):
        raise InvalidInput(_("Договор не действует."), field="contract_id", code="inactive")


def _write(actor: Actor, priced: PricedOrder, warehouse) -> Order:
    address = (
        DeliveryAddress.objects.filter(legal_entity=priced.legal_entity, is_active=True)
        .order_by("-is_default", "pk")
        .first()
    )
    order = Order.objects.create(
        client_id=priced.legal_entity.client_id,
        legal_entity=priced.legal_entity,
        contract=priced.contract,
        created_by_id=actor.user_id,
        delivery=Order.Delivery.DELIVERY if address else Order.Delivery.PICKUP,
        address=address,
        address_text=str(address) if address else "",
        warehouse=warehouse,
        comment=priced.comment[:2000],
        price_type_id=priced.price_type_id,
        vat_included=priced.vat_included,
        currency=priced.contract.currency,
    )
    order.number = order_number(order.pk)
    OrderLine.objects.bulk_create(
        [
            _line(order, position, line, warehouse)
            for position, line in enumerate(priced.lines, start=1)
        ]
    )
    order_totals_refresh(order)
    return order


def _line(order: Order, position: int, line: PricedLine, warehouse) -> OrderLine:
    product = line.product
    return OrderLine(
        order=order,
        position=position,
        product_id=product.pk,
        article=product.article,
        name=product.name,
        unit_id=product.base_unit_id,
        unit_name=product.base_unit.short_name,
        unit_coefficient=Decimal("1"),
        quantity=line.quantity,
        quantity_base=line.quantity,
        warehouse=warehouse,
        price=line.price,
        amount=line.amount,
        vat_rate=line.vat_rate,
        vat_amount=line.vat_amount,
        total=line.total,
    )


def _send_on(actor: Actor, order: Order, contract: Contract, note: str) -> None:
    # No second click to confirm a credit warning here: the client's «accept» is it.
    check = credit_check(contract, order.total)
    if not check.passed:
        if check.blocks:
            raise Conflict(check.message, field="contract_id", code="credit_blocked")
        order.credit_warning = check.message[:300]
        order.save(update_fields=["credit_warning", "updated_at"])
    if order_needs_approval(actor, order):
        order_move(order, OrderStatus.AWAITING_APPROVAL, user_id=actor.user_id, note=note)
    else:
        order_reach_company(order, user_id=actor.user_id, note=note)
