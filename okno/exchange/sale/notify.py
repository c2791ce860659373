"""Telling the client that 1C moved their order: an e-mail to the person who placed it,
sent after the import's transaction commits."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from okno.accounts import tasks
from okno.orders.models import Order, OrderStatus


def order_status_notify(*, order: Order) -> None:
    """Enqueue a letter about the order's new status (when its author has an e-mail)."""
    person = order.created_by
    if person is None or not person.email:
        return
    status = OrderStatus(order.status).label
    subject = _("Заказ № %(number)s: %(status)s") % {"number": order.number, "status": status}
    lines = [
        _("Статус заказа № %(number)s изменился: «%(status)s».")
        % {"number": order.number, "status": status}
    ]
    if order.number_1c:
        lines.append(_("Номер заказа в учётной системе: %(number)s.") % {"number": order.number_1c})
    lines.append(settings.OKNO_BASE_URL + reverse("orders:order", args=[order.pk]))
    text = "\n".join(lines)
    to = [person.email]
    transaction.on_commit(lambda: tasks.send_email(to=to, subject=subject, text=text))
