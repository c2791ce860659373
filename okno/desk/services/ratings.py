"""The client's rating of how an appeal was resolved (CSAT): 1 to 5 and a comment.

A client's person rates a resolved or closed appeal of their client once; they may change
the rating while the appeal may still be reopened (`OKNO_DESK_REOPEN_DAYS` after it was
finished), not later. Each rating is an entry of the appeal's log, so a change keeps what
was said before.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.core.actor import Actor
from okno.core.errors import Conflict, InvalidInput, NotAllowed
from okno.desk import states
from okno.desk.models import Appeal, AppealEvent, EventKind
from okno.desk.services.appeals import reopen_window_open

COMMENT_MAX = 1000


def may_rate(appeal: Appeal) -> bool:
    """Whether the client may rate the appeal now (the page shows the form then)."""
    if appeal.status not in states.FINISHED:
        return False
    return appeal.csat_score is None or reopen_window_open(appeal)


def appeal_rate(*, actor: Actor, appeal: Appeal, score: int, comment: str = "") -> Appeal:
    """Record the client's rating of a finished appeal (see the module). Precondition:
    `appeal` was read through `visible_to(actor)`."""
    if not actor.is_client:
        raise NotAllowed(_("Оценить решение может только клиент."))
    if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
        raise InvalidInput(_("Оценка — от 1 до 5."), field="score")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise InvalidInput(
            _("Не длиннее %(max_length)s символов.") % {"max_length": COMMENT_MAX},
            field="comment",
        )
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if appeal.status not in states.FINISHED:
            raise Conflict(
                _("Оценить можно решённое или закрытое обращение."),
                field="score",
                code="not_finished",
            )
        if appeal.csat_score is not None and not reopen_window_open(appeal):
            raise Conflict(
                _("Оценку можно изменить в течение %(days)s дней после решения.")
                % {"days": settings.OKNO_DESK_REOPEN_DAYS},
                field="score",
                code="rating_window",
            )
        appeal.csat_score = score
        appeal.csat_comment = comment
        appeal.csat_at = timezone.now()
        appeal.save(update_fields=["csat_score", "csat_comment", "csat_at", "updated_at"])
        AppealEvent.objects.create(
            appeal=appeal,
            kind=EventKind.RATED,
            author=actor.user,
            body=f"{score}/5" + (f". {comment}" if comment else ""),
        )
    return appeal
