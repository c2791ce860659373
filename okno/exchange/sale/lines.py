"""Lines of an order as 1C changed them: a quantity changed, a line gone.

A document's line is matched to ours by the product's 1C id; its quantity counts in base
units (quantity × coefficient). A changed line keeps what the client ordered, as a
manager's change does; a line 1C no longer has is removed (its row stays, quantity 0);
a smaller quantity gives the reserve back. Products 1C added are not added here: the
message names them. Lines are compared only while the order is not shipped, and only
when every line of ours has a 1C id — otherwise a catalog not from 1C would read as
every line removed.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from okno.catalog.pricing import line_vat
from okno.catalog.services.stock import StockRequest, stock_release
from okno.core.money import format_quantity, to_money
from okno.exchange.cml.records import DocumentLineRecord
from okno.exchange.sale.statuses import RANK
from okno.orders.models import Order, OrderLine, OrderStatus
from okno.orders.services.checkout import order_totals_refresh

Change = OrderLine.Change
# Lines 1C adds to every order of a Bitrix-style exchange: not goods.
SERVICE_LINES = {"ORDER_DELIVERY"}
_FIELDS = ["quantity", "quantity_base", "ordered_quantity", "change", "amount"]
_FIELDS += ["vat_amount", "total", "reserved"]


def order_lines_follow(
    order: Order, sent: tuple[DocumentLineRecord, ...], lines: list[OrderLine]
) -> tuple[list[str], list[str]]:
    """Apply 1C's lines to `lines` of the locked order (all of it, or one sub-order's).
    Returns (what changed, for the history; what was not applied, for the messages)."""
    goods = [line for line in sent if line.product_id not in SERVICE_LINES]
    if not goods or RANK[order.status] >= RANK[OrderStatus.PARTLY_SHIPPED]:
        return [], []
    ours = {line.product.external_id: line for line in lines}
    if None in ours or "" in ours or not any(line.product_id in ours for line in goods):
        return [], []
    notes: list[str] = []
    problems: list[str] = []
    seen: set[int] = set()
    for line in goods:
        mine = ours.get(line.product_id)
        if mine is None:
            problems.append(f"product '{line.product_id}' added in 1C: not added")
            continue
        seen.add(mine.pk)
        quantity_base = line.quantity * (line.coefficient or Decimal(1))
        if mine.is_removed or quantity_base != mine.quantity_base:
            _set_quantity(order, mine, quantity_base, line)
            notes.append(
                _("%(article)s: %(quantity)s %(unit)s")
                % {
                    "article": mine.article,
                    "quantity": format_quantity(mine.quantity),
                    "unit": mine.unit_name,
                }
            )
    for mine in lines:
        if mine.pk not in seen and not mine.is_removed:
            _set_quantity(order, mine, Decimal(0), None)
            notes.append(_("%(article)s: удалена") % {"article": mine.article})
    if notes:
        order_totals_refresh(order)
    return notes, problems


def _set_quantity(
    order: Order, line: OrderLine, quantity_base: Decimal, sent: DocumentLineRecord | None
) -> None:
    if line.ordered_quantity is None and line.change != Change.ADDED:
        line.ordered_quantity = line.quantity
    line.quantity_base = quantity_base
    line.quantity = quantity_base / line.unit_coefficient
    if quantity_base == 0:
        line.change = Change.REMOVED
    elif line.change != Change.ADDED:
        line.change = Change.QUANTITY
    amount = sent.amount if sent is not None and sent.amount is not None else None
    line.amount = to_money(amount if amount is not None else line.price * line.quantity)
    line.vat_amount = line_vat(line.amount, line.vat_rate, included=order.vat_included)
    line.total = line.amount if order.vat_included else line.amount + line.vat_amount
    excess = line.reserved - quantity_base
    if excess > 0:
        stock_release(
            [StockRequest(line.product_id, line.warehouse_id, excess)],
            reference=order.number or "",
        )
        line.reserved = quantity_base
    line.save(update_fields=_FIELDS)
