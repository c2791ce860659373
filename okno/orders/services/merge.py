"""Merging orders: several orders of one legal entity under one contract, not yet checked
by the manager, become one — the oldest.

The lines move to the oldest order as they are: their prices, warehouses, dates and stock
reserves do not change (the same goods stay reserved at the same warehouses, so stock is not
touched). The other orders are cancelled with a note and point to the order they were
merged into; their reserves now belong to its lines and are not released.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from okno.core.actor import Actor
from okno.core.errors import Conflict, InvalidInput
from okno.orders.models import Order, OrderLine, OrderStatus
from okno.orders.services.checkout import COMMENT_MAX, order_totals_refresh
from okno.orders.services.lifecycle import order_move
from okno.orders.services.notes import order_note
from okno.orders.services.rules import require_orderer_or_manager

# Before the manager has checked an order it may still be reshaped by merging or splitting.
RESHAPEABLE = {OrderStatus.DRAFT, OrderStatus.AWAITING_APPROVAL, OrderStatus.SUBMITTED}
MERGE_MAX = 50


def order_merge(*, actor: Actor, order_ids: Sequence[int]) -> Order:
    """Merge the orders into the oldest of them and return it. The orders must be of one
    legal entity and contract and in one status (so the reserves agree: a draft has none,
    a submitted order has them all); another client's order is 404."""
    require_orderer_or_manager(actor)
    wanted = sorted(set(order_ids))
    if len(wanted) < 2:
        raise InvalidInput(_("Выберите хотя бы два заказа."), field="order_ids")
    if len(wanted) > MERGE_MAX:
        raise InvalidInput(
            _("Не больше %(max)s заказов за раз.") % {"max": MERGE_MAX}, field="order_ids"
        )
    with transaction.atomic():
        orders = _locked(actor, wanted)
        _check_mergeable(orders)
        target, others = orders[0], orders[1:]
        _move_lines(target, others)
        _combine_header(target, others)
        order_totals_refresh(target)
        for other in others:
            _close(actor, other, target)
        numbers = ", ".join(_number(other) for other in others)
        note = ngettext(
            "Присоединён заказ %(numbers)s", "Присоединены заказы %(numbers)s", len(others)
        ) % {"numbers": numbers}
        order_note(target, user_id=actor.user_id, note=note)
    return target


def _locked(actor: Actor, order_ids: list[int]) -> list[Order]:
    """The orders under row locks taken by ascending id (as every writer takes them), the
    oldest first; any order the actor may not see makes the whole request 404."""
    # `of=self`: a manager's scope joins the client, whose row is not ours to lock.
    rows = Order.objects.visible_to(actor).select_for_update(of=("self",))
    found = list(rows.filter(pk__in=order_ids).order_by("pk"))
    if len(found) != len(order_ids):
        raise Http404
    return sorted(found, key=lambda order: (order.created_at, order.pk))


def _check_mergeable(orders: list[Order]) -> None:
    first = orders[0]
    for order in orders:
        if order.status not in RESHAPEABLE or order.merged_into_id is not None:
            raise Conflict(
                _("Заказ %(number)s в статусе «%(status)s» объединять уже нельзя.")
                % {"number": _number(order), "status": order.get_status_display()},
                field="order_ids",
                code="wrong_status",
            )
        if order.legal_entity_id != first.legal_entity_id or order.contract_id != first.contract_id:
            raise InvalidInput(
                _("Объединять можно заказы одного юрлица по одному договору."),
                field="order_ids",
                code="different_contracts",
            )
        if order.status != first.status:
            raise Conflict(
                _("Объединять можно заказы в одном статусе: отправьте или отмените черновики."),
                field="order_ids",
                code="different_statuses",
            )


def _move_lines(target: Order, others: list[Order]) -> None:
    """All lines under the target, numbered again in the orders' order then their own."""
    order_rank = {order.pk: rank for rank, order in enumerate([target, *others])}
    lines = sorted(
        OrderLine.objects.filter(order_id__in=order_rank),
        key=lambda line: (order_rank[line.order_id], line.position, line.pk),
    )
    for position, line in enumerate(lines, start=1):
        line.order_id = target.pk
        line.position = position
    OrderLine.objects.bulk_update(lines, ["order", "position"], batch_size=500)


def _combine_header(target: Order, others: list[Order]) -> None:
    """The target keeps its own header; comments and credit warnings of the others are
    kept beside its own so nothing the client wrote is lost."""
    comments = [order.comment for order in [target, *others] if order.comment]
    target.comment = "\n".join(dict.fromkeys(comments))[:COMMENT_MAX]
    if not target.credit_warning:
        target.credit_warning = next((o.credit_warning for o in others if o.credit_warning), "")
    target.changed_by_manager = any(o.changed_by_manager for o in [target, *others])
    target.save(update_fields=["comment", "credit_warning", "changed_by_manager", "updated_at"])


def _close(actor: Actor, order: Order, target: Order) -> None:
    """Cancel a merged order without releasing stock: its lines, reserves and all, are the
    target's now."""
    note = _("Объединён с заказом %(number)s") % {"number": _number(target)}
    order.merged_into = target
    order.cancel_reason = note
    order.save(update_fields=["merged_into", "cancel_reason", "updated_at"])
    order_totals_refresh(order)
    order_move(order, OrderStatus.CANCELLED, user_id=actor.user_id, note=note)


def _number(order: Order) -> str:
    return order.number or f"#{order.pk}"
