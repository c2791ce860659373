"""An order's way from draft to delivery, and who may move it.

draft → awaiting client approval → submitted → verified (manager) → confirmed (1C) →
being picked → partly shipped → shipped → delivered; cancelled by the client while not
confirmed, by the manager until shipment, with a reason. Every move writes an
`OrderStatusChange`. Stock is reserved when the order reaches the company (submitted)
and released when it is cancelled; callers hold the order row lock (`order_lock`).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.catalog.services.stock import ShortOfStock, StockRequest, stock_release, stock_reserve
from okno.core.actor import Actor
from okno.core.batches import chunked
from okno.core.errors import Conflict, InvalidInput, NotAllowed
from okno.core.roles import Perm
from okno.orders.models import Order, OrderLine, OrderStatus, OrderStatusChange
from okno.orders.services.rules import require_client_manager, require_manager_or_exchange

S = OrderStatus

NEXT: dict[str, set[str]] = {
    S.DRAFT: {S.AWAITING_APPROVAL, S.SUBMITTED, S.CANCELLED},
    S.AWAITING_APPROVAL: {S.SUBMITTED, S.CANCELLED},
    S.SUBMITTED: {S.VERIFIED, S.CANCELLED},
    S.VERIFIED: {S.CONFIRMED, S.CANCELLED},
    S.CONFIRMED: {S.PICKING, S.PARTLY_SHIPPED, S.SHIPPED, S.CANCELLED},
    S.PICKING: {S.PARTLY_SHIPPED, S.SHIPPED, S.CANCELLED},
    S.PARTLY_SHIPPED: {S.SHIPPED},
    S.SHIPPED: {S.DELIVERED},
    S.DELIVERED: set(),
    S.CANCELLED: set(),
}
CLIENT_MAY_CANCEL = {S.DRAFT, S.AWAITING_APPROVAL, S.SUBMITTED, S.VERIFIED}
STAFF_MAY_CANCEL = CLIENT_MAY_CANCEL | {S.CONFIRMED, S.PICKING}
# While a manager checks an order its lines may change; after 1C confirms, 1C owns them.
EDITABLE_BY_MANAGER = {S.SUBMITTED, S.VERIFIED}
REASON_MAX = 500


def order_lock(order: Order) -> Order:
    """The order re-read under a row lock (take it before its lines or stock)."""
    return Order.objects.select_for_update().get(pk=order.pk)


def order_move(order: Order, to: str, *, user_id: int | None, note: str = "") -> None:
    """Move a locked order to `to` and record the step; refuses a move the lifecycle lacks."""
    if to not in NEXT[order.status]:
        raise Conflict(
            _("Заказ в статусе «%(status)s» нельзя перевести в «%(to)s».")
            % {"status": order.get_status_display(), "to": S(to).label},
            field="status",
            code="wrong_status",
        )
    OrderStatusChange.objects.create(
        order=order, from_status=order.status, to_status=to, user_id=user_id, note=note
    )
    order.status = to
    fields = ["status", "updated_at"]
    if to == S.SUBMITTED and order.submitted_at is None:
        order.submitted_at = timezone.now()
        fields.append("submitted_at")
    order.save(update_fields=fields)


def order_reach_company(order: Order, *, user_id: int | None, note: str = "") -> None:
    """Submit a locked order to the company: reserve its stock, then move it."""
    reserve_lines(order, list(order.lines.exclude(change=OrderLine.Change.REMOVED)))
    order_move(order, S.SUBMITTED, user_id=user_id, note=note)


def order_approve(*, actor: Actor, order: Order) -> Order:
    """The client admin lets an order above the client's threshold go to the company."""
    if not actor.can(Perm.ORDER_APPROVE):
        raise NotAllowed(_("Согласовывать заказы вам не разрешено."))
    with transaction.atomic():
        order = order_lock(order)
        _expect(order, {S.AWAITING_APPROVAL})
        order.approved_by_id = actor.user_id
        order.save(update_fields=["approved_by", "updated_at"])
        order_reach_company(order, user_id=actor.user_id, note=_("Согласован"))
    return order


def order_reject(*, actor: Actor, order: Order, reason: str) -> Order:
    """The client admin turns down an order awaiting approval."""
    if not actor.can(Perm.ORDER_APPROVE):
        raise NotAllowed(_("Согласовывать заказы вам не разрешено."))
    reason = _reason(reason)
    with transaction.atomic():
        order = order_lock(order)
        _expect(order, {S.AWAITING_APPROVAL})
        _cancel(order, user_id=actor.user_id, reason=_("Не согласован: %s") % reason)
    return order


def order_cancel(*, actor: Actor, order: Order, reason: str = "") -> Order:
    """Cancel an order: a client's person while it is not confirmed (with the right to
    order), a manager until it ships (a reason is required of staff)."""
    with transaction.atomic():
        order = order_lock(order)
        if actor.is_staff:
            require_client_manager(actor)
            reason = _reason(reason)
            allowed = STAFF_MAY_CANCEL
        else:
            if not actor.can(Perm.ORDER_PLACE):
                raise NotAllowed(_("Отменять заказы вам не разрешено."))
            reason = (reason or "").strip()[:REASON_MAX]
            allowed = CLIENT_MAY_CANCEL
        if order.status not in allowed:
            raise Conflict(
                _("Заказ в статусе «%(status)s» уже нельзя отменить.")
                % {"status": order.get_status_display()},
                field="status",
                code="wrong_status",
            )
        _cancel(order, user_id=actor.user_id, reason=reason)
    return order


def order_verify(*, actor: Actor, order: Order, note: str = "") -> Order:
    """The manager has checked the order (and changed lines if needed)."""
    require_client_manager(actor)
    with transaction.atomic():
        order = order_lock(order)
        _expect(order, {S.SUBMITTED})
        order_move(order, S.VERIFIED, user_id=actor.user_id, note=note.strip()[:REASON_MAX])
    return order


def order_confirm(*, actor: Actor, order: Order, external_id: str | None = None) -> Order:
    """1C (or a manager on its behalf) confirms the order."""
    require_manager_or_exchange(actor)
    with transaction.atomic():
        order = order_lock(order)
        if external_id:
            order.external_id = external_id
            order.save(update_fields=["external_id", "updated_at"])
        order_move(order, S.CONFIRMED, user_id=actor.user_id)
    return order


def order_start_picking(*, actor: Actor, order: Order) -> Order:
    require_manager_or_exchange(actor)
    with transaction.atomic():
        order = order_lock(order)
        order_move(order, S.PICKING, user_id=actor.user_id)
    return order


def reserve_lines(order: Order, lines: list[OrderLine]) -> None:
    """Reserve the lines' quantities at their warehouses, all or none; a shortage names the
    articles that do not fit."""
    requests = [
        StockRequest(line.product_id, line.warehouse_id, line.quantity_base - line.reserved)
        for line in lines
        if line.quantity_base > line.reserved
    ]
    try:
        stock_reserve(requests, reference=order.number or "")
    except ShortOfStock as short:
        raise Conflict(_short_message(short, lines), field="lines", code="short_of_stock") from None
    grown = [line for line in lines if line.quantity_base > line.reserved]
    for line in grown:
        line.reserved = line.quantity_base
    # One statement for the whole order, not one per line as bulk_update would write.
    for chunk in chunked([line.pk for line in grown], 2000):
        OrderLine.objects.filter(pk__in=chunk).update(reserved=F("quantity_base"))


def release_lines(order: Order, lines: list[OrderLine]) -> None:
    """Give the lines' reserves back to free stock."""
    requests = [
        StockRequest(line.product_id, line.warehouse_id, line.reserved)
        for line in lines
        if line.reserved > 0
    ]
    if requests:
        stock_release(requests, reference=order.number or "")
    for line in lines:
        line.reserved = 0
    OrderLine.objects.bulk_update(lines, ["reserved"], batch_size=500)


# --- helpers ------------------------------------------------------------------------------


def _cancel(order: Order, *, user_id: int | None, reason: str) -> None:
    release_lines(order, list(order.lines.filter(reserved__gt=0)))
    order.cancel_reason = reason
    order.save(update_fields=["cancel_reason", "updated_at"])
    order_move(order, S.CANCELLED, user_id=user_id, note=reason)


def _short_message(short: ShortOfStock, lines: list[OrderLine]) -> str:
    wanted = {(request.product_id, request.warehouse_id) for request in short.short}
    articles = sorted(
        {line.article for line in lines if (line.product_id, line.warehouse_id) in wanted}
    )
    message = _("Не хватает свободного остатка: %(articles)s.") % {
        "articles": articles_listed(articles)
    }
    return message + " " + _("Уменьшите количество или выберите другой склад.")


def articles_listed(articles: list[str]) -> str:
    """Up to ten articles for a message; more are cut with «…»."""
    return ", ".join(articles[:10]) + ("…" if len(articles) > 10 else "")


def _expect(order: Order, statuses: set[str]) -> None:
    if order.status not in statuses:
        raise Conflict(
            _("Действие недоступно: заказ в статусе «%(status)s».")
            % {"status": order.get_status_display()},
            field="status",
            code="wrong_status",
        )


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Укажите причину."), field="reason")
    if len(reason) > REASON_MAX:
        raise InvalidInput(
            _("Причина не длиннее %(max)s символов.") % {"max": REASON_MAX}, field="reason"
        )
    return reason
