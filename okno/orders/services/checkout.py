"""Checkout: a cart becomes an order of a legal entity under a contract.

The lines are priced again on the chosen contract's terms, checked (rounding, prices,
credit), written with their money snapshot and the delivery charge, and the order goes to
the company — or to the client admin first when it costs more than the client's approval
threshold. The cart's
lines are removed in the same transaction, so a failure leaves the cart as it was.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.catalog.models import Warehouse
from okno.catalog.pricing import LinePrice, PriceRequest, price_lines, terms_for
from okno.catalog.selectors.viewer import home_warehouse
from okno.clients.models import Client, Contract, DeliveryAddress, LegalEntity
from okno.core.actor import Actor
from okno.core.errors import Conflict, InvalidInput
from okno.core.roles import Perm
from okno.core.scoping import get_visible_or_404
from okno.orders.models import Cart, CartLine, Order, OrderLine, OrderStatus
from okno.orders.selectors.carts import vat_included
from okno.orders.services.carts import cart_lock, require_ordering
from okno.orders.services.credit import credit_check
from okno.orders.services.delivery import delivery_charge_fields, delivery_charge_for
from okno.orders.services.lifecycle import articles_listed, order_move, order_reach_company
from okno.orders.services.quantities import UnitChoice, quantity_advice

COMMENT_MAX = 2000
ZERO = Decimal("0")


@dataclass(frozen=True)
class Checkout:
    """What the checkout form or `POST /api/v1/orders` gives. `warehouse_id` is the shipping
    warehouse (for pickup, where the client collects); None — the contract's own.
    `confirm_credit` — the person saw the credit warning and orders anyway. `submit` off
    saves a draft."""

    cart_id: int
    legal_entity_id: int
    contract_id: int
    delivery: str = Order.Delivery.DELIVERY
    address_id: int | None = None
    warehouse_id: int | None = None
    desired_date: datetime.date | None = None
    comment: str = ""
    confirm_credit: bool = False
    submit: bool = True


def order_place(*, actor: Actor, checkout: Checkout) -> Order:
    """Turn the cart into an order and send it on (see the module's docstring)."""
    require_ordering(actor)
    with transaction.atomic():
        cart = get_visible_or_404(Cart.objects.usable_by(actor), actor, pk=checkout.cart_id)
        cart_lock(cart)
        header = _header(actor, checkout)
        lines = _cart_lines(cart)
        terms = terms_for(actor, header.contract)
        prices = price_lines(
            terms,
            [
                PriceRequest(line.product_id, line.quantity_base, line.unit_coefficient)
                for line in lines
            ],
        )
        _check_lines(lines, prices)
        order = _write_order(actor, header, checkout, lines, prices, terms.price_type_id)
        _send_on(actor, order, header, checkout)
        cart.lines.all().delete()
    return order


@dataclass(frozen=True)
class _Header:
    entity: LegalEntity
    contract: Contract
    address: DeliveryAddress | None
    warehouse: Warehouse


def _header(actor: Actor, checkout: Checkout) -> _Header:
    entity = get_visible_or_404(LegalEntity, actor, pk=checkout.legal_entity_id, is_active=True)
    contract = _contract(actor, entity, checkout.contract_id)
    address = None
    if checkout.delivery == Order.Delivery.DELIVERY:
        if checkout.address_id is None:
            raise InvalidInput(_("Выберите адрес доставки."), field="address_id")
        address = get_visible_or_404(
            DeliveryAddress, actor, pk=checkout.address_id, legal_entity=entity, is_active=True
        )
    elif checkout.delivery != Order.Delivery.PICKUP:
        raise InvalidInput(_("Выберите доставку или самовывоз."), field="delivery")
    warehouse = _warehouse(checkout, contract)
    if checkout.desired_date is not None and checkout.desired_date < timezone.localdate():
        raise InvalidInput(_("Желаемая дата уже прошла."), field="desired_date")
    if len(checkout.comment) > COMMENT_MAX:
        raise InvalidInput(
            _("Комментарий не длиннее %(max)s символов.") % {"max": COMMENT_MAX}, field="comment"
        )
    return _Header(entity=entity, contract=contract, address=address, warehouse=warehouse)


def _contract(actor: Actor, entity: LegalEntity, contract_id: int) -> Contract:
    contract = get_visible_or_404(Contract, actor, pk=contract_id, legal_entity=entity)
    today = timezone.localdate()
    if not contract.is_active or (contract.valid_until and contract.valid_until < today):
        raise InvalidInput(_("Договор не действует."), field="contract_id", code="inactive")
    return contract


def _warehouse(checkout: Checkout, contract: Contract) -> Warehouse:
    if checkout.warehouse_id is None:
        warehouse = home_warehouse(contract)
        if warehouse is None:
            raise InvalidInput(_("Выберите склад отгрузки."), field="warehouse_id")
        return warehouse
    found = Warehouse.objects.filter(pk=checkout.warehouse_id, is_active=True)
    if checkout.delivery == Order.Delivery.PICKUP:
        found = found.filter(allows_pickup=True)
    warehouse = found.first()
    if warehouse is None:
        raise InvalidInput(
            _("Такого склада нет или с него нельзя получить заказ."), field="warehouse_id"
        )
    return warehouse


def _cart_lines(cart: Cart) -> list[CartLine]:
    lines = list(cart.lines.select_related("product", "product__base_unit", "unit"))
    if not lines:
        raise InvalidInput(_("Корзина пуста."), field="cart_id", code="empty")
    return lines


def _check_lines(lines: list[CartLine], prices: list[LinePrice]) -> None:
    to_fix = [line.product.article for line in lines if _needs_rounding(line)]
    if to_fix:
        raise InvalidInput(
            _("Исправьте количество по кратности и минимальному заказу: %(articles)s.")
            % {"articles": articles_listed(to_fix)},
            field="lines",
            code="quantity",
        )
    no_price = [
        line.product.article
        for line, price in zip(lines, prices, strict=True)
        if not price.has_price
    ]
    if no_price:
        raise InvalidInput(
            _("Нет цены по вашему договору: %(articles)s.")
            % {"articles": articles_listed(no_price)}
            + " "
            + _("Удалите эти строки или спросите менеджера."),
            field="lines",
            code="no_price",
        )


def _needs_rounding(line: CartLine) -> bool:
    product = line.product
    unit = UnitChoice(line.unit_id, line.unit.short_name, line.unit_coefficient)
    base = UnitChoice(product.base_unit_id, product.base_unit.short_name, Decimal(1))
    advice = quantity_advice(
        quantity_base=line.quantity_base,
        min_quantity=product.min_quantity,
        multiplicity=product.multiplicity,
        unit=unit,
        base_unit=base,
    )
    return advice is not None


def _write_order(actor, header: _Header, checkout: Checkout, lines, prices, price_type_id) -> Order:
    included = vat_included(price_type_id)
    charge = delivery_charge_for(
        delivery=checkout.delivery,
        goods_total=sum((price.total for price in prices), ZERO),
        vat_included=included,
    )
    order = Order.objects.create(
        client_id=header.entity.client_id,
        legal_entity=header.entity,
        contract=header.contract,
        created_by_id=actor.user_id,
        delivery=checkout.delivery,
        address=header.address,
        address_text=str(header.address) if header.address else "",
        warehouse=header.warehouse,
        desired_date=checkout.desired_date,
        comment=checkout.comment.strip(),
        price_type_id=price_type_id,
        vat_included=included,
        currency=header.contract.currency,
        **delivery_charge_fields(charge),
    )
    order.number = order_number(order.pk)
    OrderLine.objects.bulk_create(
        [
            _order_line(order, position, line, price, header, checkout)
            for position, (line, price) in enumerate(zip(lines, prices, strict=True), start=1)
        ],
        batch_size=500,
    )
    order_totals_refresh(order)
    return order


def _order_line(order, position, line: CartLine, price: LinePrice, header, checkout) -> OrderLine:
    return OrderLine(
        order=order,
        position=position,
        product_id=line.product_id,
        article=line.product.article,
        name=line.product.name,
        unit_id=line.unit_id,
        unit_name=line.unit.short_name,
        unit_coefficient=line.unit_coefficient,
        quantity=line.quantity,
        quantity_base=line.quantity_base,
        warehouse=header.warehouse,
        desired_date=checkout.desired_date,
        price=price.unit_price,
        discount_percent=price.discount_percent,
        amount=price.amount,
        vat_rate=price.vat_rate,
        vat_amount=price.vat_amount,
        total=price.total,
    )


def order_number(pk: int) -> str:
    """The order's number as the client and 1C see it: a prefix and six or more digits."""
    return f"{settings.OKNO_ORDER_NUMBER_PREFIX}{pk:06d}"


def order_totals_refresh(order: Order) -> None:
    """Sum the order's lines and its delivery charge into its totals (removed lines count
    zero; an order with no lines left — merged away, every line removed — delivers
    nothing and costs nothing)."""
    amount = vat = total = ZERO
    count = 0
    for line_amount, line_vat, line_total in order.lines.exclude(
        change=OrderLine.Change.REMOVED
    ).values_list("amount", "vat_amount", "total"):
        amount += line_amount
        vat += line_vat
        total += line_total
        count += 1
    if count:
        amount += order.delivery_amount
        vat += order.delivery_vat_amount
        total += order.delivery_total
    order.amount, order.vat_amount, order.total, order.lines_count = amount, vat, total, count
    order.save(
        update_fields=["number", "amount", "vat_amount", "total", "lines_count", "updated_at"]
    )


def _send_on(actor: Actor, order: Order, header: _Header, checkout: Checkout) -> None:
    check = credit_check(header.contract, order.total)
    if not check.passed:
        if check.blocks:
            raise Conflict(check.message, field="contract_id", code="credit_blocked")
        if checkout.submit and not checkout.confirm_credit:
            raise Conflict(check.message, field="confirm_credit", code="credit_warning")
        order.credit_warning = check.message[:300]
        order.save(update_fields=["credit_warning", "updated_at"])
    if not checkout.submit:
        return
    if order_needs_approval(actor, order):
        order_move(order, OrderStatus.AWAITING_APPROVAL, user_id=actor.user_id)
    else:
        order_reach_company(order, user_id=actor.user_id)


def order_needs_approval(actor: Actor, order: Order) -> bool:
    """Above the client's approval threshold an order of someone who may not approve waits
    for the client admin."""
    threshold = (
        Client.objects.filter(pk=order.client_id)
        .values_list("order_approval_threshold", flat=True)
        .first()
    )
    return threshold is not None and order.total > threshold and not actor.can(Perm.ORDER_APPROVE)
