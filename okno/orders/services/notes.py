"""A note in an order's history that is not a move between statuses: a manager's change of
a line, a merge, a split. The row keeps the status the order stays in on both sides, so
the history reads as one timeline of everything that happened to the order."""

from __future__ import annotations

from okno.orders.models import Order, OrderStatusChange

NOTE_MAX = 500


def order_note(order: Order, *, user_id: int | None, note: str) -> OrderStatusChange:
    """Record `note` in the history of `order` (the caller holds the order's row lock)."""
    return OrderStatusChange.objects.create(
        order=order,
        from_status=order.status,
        to_status=order.status,
        user_id=user_id,
        note=note[:NOTE_MAX],
    )
