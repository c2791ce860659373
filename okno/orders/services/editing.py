"""A manager's changes to an order while checking it (submitted or verified): a line's
quantity or unit, a line removed, a product added.

What the client ordered stays visible: the first change of a client's line keeps their
quantity in `ordered_quantity`, and a removed line keeps its row with quantity 0. The line's
money is recomputed from its price snapshot (a product added is priced on the order's
contract today), the stock reserve follows the new quantity — more is reserved all or
nothing, less is released — and the change is noted in the order's history. Locks: the
order row, then stock.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from okno.catalog.models import Product
from okno.catalog.pricing import line_vat, price_line, terms_for
from okno.catalog.services.stock import StockRequest, stock_release
from okno.core.actor import Actor
from okno.core.errors import Conflict, InvalidInput
from okno.core.money import QUANTITY_STEP, format_quantity, to_money
from okno.orders.models import Order, OrderLine
from okno.orders.services.checkout import order_totals_refresh
from okno.orders.services.lifecycle import EDITABLE_BY_MANAGER, order_lock, reserve_lines
from okno.orders.services.notes import order_note
from okno.orders.services.quantities import (
    UnitChoice,
    choose_unit,
    parse_quantity,
    rounding_check,
    units_of,
)
from okno.orders.services.rules import require_client_manager

ZERO = Decimal("0")
Change = OrderLine.Change
# What a change of quantity or unit rewrites on a line.
_CHANGED = [
    "price",
    "unit",
    "unit_name",
    "unit_coefficient",
    "quantity",
    "quantity_base",
    "ordered_quantity",
    "change",
    "amount",
    "vat_amount",
    "total",
]


def order_line_change(
    *, actor: Actor, order: Order, line_id: int, quantity, unit: str | int | None = None
) -> OrderLine:
    """Set a line's quantity (0 removes it, keeping the row) and optionally its unit.
    Precondition: `order` was read through `visible_to(actor)`."""
    require_client_manager(actor)
    wanted = _quantity_or_zero(quantity)
    with transaction.atomic():
        order = order_lock(order)
        _expect_editable(order)
        line = order.lines.filter(pk=line_id).first()
        if line is None:
            raise InvalidInput(_("Такой строки в заказе нет."), field="line_id", code="unknown")
        before = _shown(line)
        product = Product.objects.select_related("base_unit").get(pk=line.product_id)
        units = units_of([product])[product.pk]
        chosen = _unit_for_change(line, units, unit)
        if wanted > 0:
            rounding_check(product, units, chosen, wanted)
        _apply_change(line, units[0], chosen, wanted, vat_included=order.vat_included)
        line.save(update_fields=_CHANGED)
        _follow_with_reserve(order, line)
        if line.is_removed:
            note = _("Строка %(article)s удалена менеджером") % {"article": line.article}
        else:
            note = _("Строка %(article)s: %(before)s → %(after)s") % {
                "article": line.article,
                "before": before,
                "after": _shown(line),
            }
        _finish(actor, order, note)
    return line


def order_line_add(
    *, actor: Actor, order: Order, product_id: int, quantity, unit: str | int | None = None
) -> OrderLine:
    """Add a product the client did not order, priced on the order's contract, and reserve
    it. Precondition: `order` was read through `visible_to(actor)`."""
    require_client_manager(actor)
    wanted = parse_quantity(quantity)
    with transaction.atomic():
        order = order_lock(order)
        _expect_editable(order)
        product = (
            Product.objects.select_related("base_unit")
            .filter(pk=product_id, is_active=True)
            .first()
        )
        if product is None:
            raise InvalidInput(
                _("Товар не найден или снят с продажи."), field="product_id", code="unknown"
            )
        if order.lines.filter(product_id=product.pk).exists():
            raise InvalidInput(
                _("Этот товар уже есть в заказе: измените количество в его строке."),
                field="product_id",
                code="duplicate",
            )
        units = units_of([product])[product.pk]
        chosen = choose_unit(units, unit, field="unit")
        rounding_check(product, units, chosen, wanted)
        line = _new_line(actor, order, product, chosen, wanted)
        _follow_with_reserve(order, line)
        note = _("Менеджер добавил строку %(article)s: %(quantity)s %(unit)s") % {
            "article": line.article,
            "quantity": format_quantity(line.quantity),
            "unit": line.unit_name,
        }
        _finish(actor, order, note)
    return line


# --- helpers ------------------------------------------------------------------------------


def _quantity_or_zero(value) -> Decimal:
    """A quantity as `parse_quantity` takes it, or zero, which removes the line."""
    try:
        if Decimal(str(value).strip().replace(",", ".")) == 0:
            return ZERO
    except InvalidOperation:
        pass  # parse_quantity names the problem
    return parse_quantity(value)


def _expect_editable(order: Order) -> None:
    if order.status not in EDITABLE_BY_MANAGER:
        raise Conflict(
            _("Строки заказа в статусе «%(status)s» менять нельзя.")
            % {"status": order.get_status_display()},
            field="status",
            code="wrong_status",
        )


def _unit_for_change(line: OrderLine, units: list[UnitChoice], unit) -> UnitChoice:
    """The unit named, or the line's own (even one the product is no longer sold in)."""
    if unit is None or unit == "":
        own = next((choice for choice in units if choice.unit_id == line.unit_id), None)
        return own or UnitChoice(line.unit_id, line.unit_name, line.unit_coefficient)
    return choose_unit(units, unit, field="unit")


@dataclass(frozen=True)
class _Quantities:
    unit: UnitChoice
    quantity: Decimal
    ordered: Decimal | None


def _in_unit(line: OrderLine, base: UnitChoice, unit: UnitChoice, wanted: Decimal) -> _Quantities:
    """The new quantity and the client's original, both in `unit`; when the original cannot
    be told exactly in it (5 pieces in boxes of 12), both are kept in the base unit."""
    ordered = line.ordered_quantity
    if ordered is None or unit.unit_id == line.unit_id:
        return _Quantities(unit, wanted, ordered)
    ordered_base = ordered * line.unit_coefficient
    converted = ordered_base / unit.coefficient
    if converted == converted.quantize(QUANTITY_STEP):
        return _Quantities(unit, wanted, converted.quantize(QUANTITY_STEP))
    return _Quantities(base, wanted * unit.coefficient, ordered_base)


def _apply_change(
    line: OrderLine, base: UnitChoice, unit: UnitChoice, wanted: Decimal, *, vat_included: bool
) -> None:
    """Set quantity, unit, money and the change mark of a line (not saved)."""
    # Manager-added lines (and those removed after) have no client quantity to keep.
    from_client = line.change != Change.ADDED and not (
        line.change == Change.REMOVED and line.ordered_quantity is None
    )
    if from_client and line.ordered_quantity is None:
        line.ordered_quantity = line.quantity
    chosen = _in_unit(line, base, unit, wanted)
    if chosen.unit.unit_id != line.unit_id:
        # The snapshot price per base unit, told per the new unit.
        line.price = to_money(line.price / line.unit_coefficient * chosen.unit.coefficient)
        line.unit_id = chosen.unit.unit_id
        line.unit_name = chosen.unit.name
        line.unit_coefficient = chosen.unit.coefficient
    line.quantity = chosen.quantity
    line.quantity_base = chosen.quantity * chosen.unit.coefficient
    line.ordered_quantity = chosen.ordered
    if wanted == 0:
        line.change = Change.REMOVED
    elif not from_client:
        line.change = Change.ADDED
    elif line.quantity == line.ordered_quantity:
        line.change, line.ordered_quantity = Change.NONE, None
    else:
        line.change = Change.QUANTITY
    line.amount = to_money(line.price * line.quantity)
    line.vat_amount = line_vat(line.amount, line.vat_rate, included=vat_included)
    line.total = line.amount if vat_included else line.amount + line.vat_amount


def _new_line(
    actor: Actor, order: Order, product: Product, unit: UnitChoice, quantity: Decimal
) -> OrderLine:
    quantity_base = quantity * unit.coefficient
    price = price_line(
        terms_for(actor, order.contract), product.pk, quantity_base, unit.coefficient
    )
    if not price.has_price:
        raise InvalidInput(
            _("У товара нет цены по договору заказа."), field="product_id", code="no_price"
        )
    last = order.lines.order_by("-position").values_list("position", flat=True).first()
    return OrderLine.objects.create(
        order=order,
        position=(last or 0) + 1,
        product=product,
        article=product.article,
        name=product.name,
        unit_id=unit.unit_id,
        unit_name=unit.name,
        unit_coefficient=unit.coefficient,
        quantity=quantity,
        quantity_base=quantity_base,
        change=Change.ADDED,
        warehouse_id=order.warehouse_id,
        desired_date=order.desired_date,
        price=price.unit_price,
        discount_percent=price.discount_percent,
        amount=price.amount,
        vat_rate=price.vat_rate,
        vat_amount=price.vat_amount,
        total=price.total,
    )


def _follow_with_reserve(order: Order, line: OrderLine) -> None:
    """Reserve what the line now needs beyond its reserve, or release what it no longer
    needs. A shortage refuses the change (and the transaction undoes it)."""
    if line.quantity_base > line.reserved:
        try:
            reserve_lines(order, [line])
        except Conflict as short:
            short.field = "quantity"
            raise
    elif line.quantity_base < line.reserved:
        surplus = line.reserved - line.quantity_base
        stock_release(
            [StockRequest(line.product_id, line.warehouse_id, surplus)],
            reference=order.number or "",
        )
        line.reserved = line.quantity_base
        line.save(update_fields=["reserved"])


def _finish(actor: Actor, order: Order, note: str) -> None:
    order_totals_refresh(order)
    order.changed_by_manager = True
    order.save(update_fields=["changed_by_manager", "updated_at"])
    order_note(order, user_id=actor.user_id, note=note)


def _shown(line: OrderLine) -> str:
    return f"{format_quantity(line.quantity)} {line.unit_name}"
