"""Splitting an order, not yet checked by the manager, into several: one per warehouse, one
per desired date, or the chosen lines into an order of their own.

The original keeps the first part (the part holding its first line; when lines are chosen,
the lines left). Each new part copies the header, gets its own number, points to the
original with `split_from` and is in the same status. Lines move with their prices and
their stock reserves (the same goods at the same warehouses, so stock is not touched), so
the parts' totals add up to the original's exactly.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Literal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from okno.core.actor import Actor
from okno.core.errors import Conflict, InvalidInput
from okno.orders.models import Order, OrderLine, OrderStatusChange
from okno.orders.services.checkout import order_number, order_totals_refresh
from okno.orders.services.lifecycle import order_lock
from okno.orders.services.merge import RESHAPEABLE
from okno.orders.services.notes import order_note
from okno.orders.services.rules import require_orderer_or_manager

SplitBy = Literal["warehouse", "date", "lines"]
SPLIT_BY = ("warehouse", "date", "lines")

# Header fields a new part takes from the original as they are.
_COPIED = (
    "client_id",
    "legal_entity_id",
    "contract_id",
    "created_by_id",
    "status",
    "delivery",
    "address_id",
    "address_text",
    "warehouse_id",
    "desired_date",
    "comment",
    "price_type_id",
    "vat_included",
    "currency",
    "credit_warning",
    "approved_by_id",
    "submitted_at",
)


def order_split(
    *, actor: Actor, order: Order, by: SplitBy, line_ids: Sequence[int] | None = None
) -> list[Order]:
    """Split the order and return its parts, the original first. A split that would leave
    one order is refused. Precondition: `order` was read through `visible_to(actor)`."""
    require_orderer_or_manager(actor)
    if by not in SPLIT_BY:
        raise InvalidInput(_("Делить можно по складам, по датам или выбранные строки."), field="by")
    with transaction.atomic():
        order = order_lock(order)
        if order.status not in RESHAPEABLE:
            raise Conflict(
                _("Заказ в статусе «%(status)s» делить уже нельзя.")
                % {"status": order.get_status_display()},
                field="status",
                code="wrong_status",
            )
        lines = list(order.lines.order_by("position", "pk"))
        groups = _groups(lines, by, line_ids)
        parts = [order] + [_new_part(actor, order, by, group) for group in groups[1:]]
        _keep_first_part(order, by, groups[0])
        numbers = ", ".join(part.number or "" for part in parts[1:])
        note = ngettext(
            "Разделён: выделен заказ %(numbers)s",
            "Разделён: выделены заказы %(numbers)s",
            len(parts) - 1,
        ) % {"numbers": numbers}
        order_note(order, user_id=actor.user_id, note=note)
    return parts


def _groups(
    lines: list[OrderLine], by: str, line_ids: Sequence[int] | None
) -> list[list[OrderLine]]:
    """The lines of each part, the original's part first."""
    if by == "lines":
        groups = _chosen_last(lines, line_ids)
        field = "line_ids"
    else:
        keyed: dict[Hashable, list[OrderLine]] = {}
        for line in lines:
            key = line.warehouse_id if by == "warehouse" else line.desired_date
            keyed.setdefault(key, []).append(line)
        groups = list(keyed.values())
        field = "by"
    if len(groups) < 2:
        message = {
            "warehouse": _("Все строки заказа — с одного склада: делить нечего."),
            "date": _("У всех строк заказа одна желаемая дата: делить нечего."),
            "lines": _("Выберите часть строк, не все: иначе заказ останется один."),
        }[by]
        raise InvalidInput(message, field=field, code="one_order")
    if any(all(line.is_removed for line in group) for group in groups):
        raise InvalidInput(
            _("В каждой части должна остаться хотя бы одна строка, не удалённая менеджером."),
            field=field,
            code="empty_part",
        )
    return groups


def _chosen_last(lines: list[OrderLine], line_ids: Sequence[int] | None) -> list[list[OrderLine]]:
    chosen = set(line_ids or ())
    if not chosen:
        raise InvalidInput(_("Выберите строки для нового заказа."), field="line_ids")
    known = {line.pk for line in lines}
    if not chosen <= known:
        raise InvalidInput(_("Таких строк в заказе нет."), field="line_ids", code="unknown")
    left = [line for line in lines if line.pk not in chosen]
    moved = [line for line in lines if line.pk in chosen]
    return [group for group in (left, moved) if group]


def _new_part(actor: Actor, original: Order, by: str, lines: list[OrderLine]) -> Order:
    """A new order with the original's header and these lines, numbered and noted."""
    part = Order(**{field: getattr(original, field) for field in _COPIED})
    part.split_from = original
    part.created_at = timezone.now()
    part.changed_by_manager = any(line.change for line in lines)
    _take_key(part, by, lines)
    part.save()
    part.number = order_number(part.pk)
    _renumber(lines, part.pk)
    order_totals_refresh(part)
    note = _("Выделен из заказа %(number)s") % {"number": original.number or ""}
    OrderStatusChange.objects.create(
        order=part, from_status="", to_status=part.status, user_id=actor.user_id, note=note
    )
    return part


def _keep_first_part(order: Order, by: str, lines: list[OrderLine]) -> None:
    _take_key(order, by, lines)
    order.save(update_fields=["warehouse", "desired_date", "updated_at"])
    _renumber(lines, order.pk)
    order_totals_refresh(order)


def _take_key(order: Order, by: str, lines: list[OrderLine]) -> None:
    """A part of one warehouse ships from it; a part of one date is wanted on it."""
    if by == "warehouse":
        order.warehouse_id = lines[0].warehouse_id
    elif by == "date":
        order.desired_date = lines[0].desired_date


def _renumber(lines: list[OrderLine], order_id: int) -> None:
    for position, line in enumerate(lines, start=1):
        line.order_id = order_id
        line.position = position
    OrderLine.objects.bulk_update(lines, ["order", "position"], batch_size=500)
