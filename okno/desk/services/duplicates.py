"""Duplicates found on arrival: a new appeal that looks like a case the desk already has
open is flagged with the appeal to merge it into, before anyone touches it.

The rule, in the order it is tried (the oldest open match wins, so every copy points at
the first one):
1. a claim line on a shipment line (a shipment and an SKU) that another open claim
   already claims;
2. the same client, filed within `DUPLICATE_DAYS` of the other, and either about the same
   order or with the same subject once «Re:», «Fwd:», the «[№ …]» tag, punctuation and
   case are set aside — the usual shape of one case written to the portal and by e-mail.

An appeal with no client («не клиент») matches only by rule 1, which it cannot have.
The flag is a suggestion: nothing is merged until an operator says so.
"""

from __future__ import annotations

import datetime
import re

from django.db.models import Q
from django.utils.translation import gettext as _

from okno.desk import states
from okno.desk.models import Appeal, ClaimLine

DUPLICATE_DAYS = 3

_PREFIXES = re.compile(r"^\s*((re|fw|fwd|ответ|пересл)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)
_TAG = re.compile(r"\[№[^\]]*\]")
_NOT_WORD = re.compile(r"[\W_]+")


def subject_key(subject: str) -> str:
    """The subject as the rule compares it: no reply prefixes, no number tag, no
    punctuation, one case."""
    text = _TAG.sub(" ", _PREFIXES.sub("", subject or ""))
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


def appeal_duplicate_flag(appeal: Appeal) -> Appeal:
    """Look for the case `appeal` repeats and flag it so; writes only when one is found.
    Precondition: inside the transaction that created the appeal (its claim lines
    written)."""
    found = _same_shipment_line(appeal) or _same_case(appeal)
    if found is None:
        return appeal
    appeal.duplicate_of, appeal.duplicate_reason = found
    appeal.save(update_fields=["duplicate_of", "duplicate_reason"])
    return appeal


def _open_others(appeal: Appeal):
    if appeal.client_id is None:
        same_client = Q(client__isnull=True)
    else:
        same_client = Q(client_id=appeal.client_id)
    return (
        Appeal.objects.filter(same_client, status__in=states.OPEN)
        .exclude(pk=appeal.pk)
        .order_by("created_at", "pk")
    )


def _same_shipment_line(appeal: Appeal) -> tuple[Appeal, str] | None:
    if appeal.shipment_id is None:  # no claim lines: a question, a letter
        return None
    mine = ClaimLine.objects.filter(appeal=appeal).values("shipment_line_id")
    other = (
        ClaimLine.objects.filter(shipment_line_id__in=mine, appeal__in=_open_others(appeal))
        .select_related("appeal", "order_line")
        .order_by("appeal__created_at", "appeal_id")
        .first()
    )
    if other is None:
        return None
    reason = _("Строка «%(article)s» этой отгрузки уже в претензии %(number)s.") % {
        "article": other.order_line.article,
        "number": other.appeal.number,
    }
    return other.appeal, reason


def _same_case(appeal: Appeal) -> tuple[Appeal, str] | None:
    if appeal.client_id is None:
        return None
    since = appeal.created_at - datetime.timedelta(days=DUPLICATE_DAYS)
    key = subject_key(appeal.subject)
    rows = _open_others(appeal).filter(created_at__gte=since)
    if appeal.order_id is not None:
        same_order = rows.filter(order_id=appeal.order_id).first()
        if same_order is not None:
            return same_order, _("Тот же клиент и тот же заказ за последние %(days)s дн.") % {
                "days": DUPLICATE_DAYS
            }
    if not key:
        return None
    # Subjects are compared in Python: a few days of one client's appeals are a handful.
    for other in rows.filter(~Q(subject="")).only("pk", "number", "subject", "created_at"):
        if subject_key(other.subject) == key:
            return other, _("Тот же клиент и та же тема за последние %(days)s дн.") % {
                "days": DUPLICATE_DAYS
            }
    return None
