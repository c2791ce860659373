"""Who may change an order beyond its own lifecycle: the client's manager edits lines and
ships, the client's people who may order merge, split and repeat their orders, and 1C
records shipments.

Each check assumes the order was read through `visible_to(actor)`: a manager who is not
the client's never gets this far (the order is 404 for them).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from okno.core.actor import Actor
from okno.core.errors import NotAllowed
from okno.core.roles import Perm


def require_client_manager(actor: Actor) -> None:
    """The client's manager (or an administrator, who manages every client)."""
    if not (actor.is_staff and actor.can(Perm.CLIENTS_MANAGE)):
        raise NotAllowed(_("Это действие доступно менеджеру клиента."))


def require_manager_or_exchange(actor: Actor) -> None:
    """The client's manager, or 1C's account that reports what happened in the warehouse."""
    if not (actor.is_staff and (actor.can(Perm.CLIENTS_MANAGE) or actor.can(Perm.EXCHANGE_USE))):
        raise NotAllowed(_("Это действие доступно менеджеру или обмену с 1С."))


def require_orderer_or_manager(actor: Actor) -> None:
    """A person of the client allowed to order, or the client's manager."""
    if actor.is_client and actor.can(Perm.ORDER_PLACE):
        return
    if actor.is_staff and actor.can(Perm.CLIENTS_MANAGE):
        return
    raise NotAllowed(_("Менять заказы вам не разрешено."))
