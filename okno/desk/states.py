"""The appeal's statuses and which may follow which: the one place that says so.

Staff move an appeal along `TRANSITIONS`, always naming a reason. A client closes their
own open appeal, and reopens a resolved or closed one within `OKNO_DESK_REOPEN_DAYS`; a
client's message to an appeal awaiting their answer puts it back in progress by itself.
A merged appeal is neither open nor finished: it is done with for good.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppealStatus(models.TextChoices):
    NEW = "new", _("Новое")
    IN_PROGRESS = "in_progress", _("В работе")
    AWAITING_CLIENT = "awaiting_client", _("Ждёт ответа клиента")
    RESOLVED = "resolved", _("Решено")
    CLOSED = "closed", _("Закрыто")
    REOPENED = "reopened", _("Открыто повторно")
    # Joined into another appeal of the same client: its thread is read there from now on.
    MERGED = "merged", _("Объединено")


S = AppealStatus

TRANSITIONS: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.IN_PROGRESS, S.AWAITING_CLIENT, S.RESOLVED, S.CLOSED}),
    S.IN_PROGRESS: frozenset({S.AWAITING_CLIENT, S.RESOLVED, S.CLOSED}),
    S.AWAITING_CLIENT: frozenset({S.IN_PROGRESS, S.RESOLVED, S.CLOSED}),
    S.RESOLVED: frozenset({S.CLOSED, S.REOPENED}),
    S.CLOSED: frozenset({S.REOPENED}),
    S.REOPENED: frozenset({S.IN_PROGRESS, S.AWAITING_CLIENT, S.RESOLVED, S.CLOSED}),
    # Only a merge leads here (`services.merge`), and nothing leads out: the appeal it was
    # merged into carries the case on.
    S.MERGED: frozenset(),
}

# Where the work is still to be done: the operators' queue shows these by default.
OPEN = frozenset({S.NEW, S.IN_PROGRESS, S.AWAITING_CLIENT, S.REOPENED})
# Finished: the client may reopen these within the window.
FINISHED = frozenset({S.RESOLVED, S.CLOSED})


def may_follow(current: str, to: str) -> bool:
    """Whether `to` may follow `current` (for anyone; who may is the services' check)."""
    return to in TRANSITIONS.get(current, frozenset())


def client_may_close(current: str) -> bool:
    return current in OPEN or current == S.RESOLVED


def client_may_reopen(current: str) -> bool:
    return current in FINISHED
