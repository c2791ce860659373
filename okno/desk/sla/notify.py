"""The SLA's letters, through the desk's e-mail: a warning to the assignee before a due
time, the breach to the assignee, the escalation to the claims supervisors. Appeals with
no assignee go to the supervisors. One letter per person per sweep, listing its appeals."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from okno.accounts.models import User
from okno.core.roles import StaffRole

WARNING, BREACH, ESCALATION = "warning", "breach", "escalation"


@dataclass(frozen=True)
class Alert:
    appeal_id: int
    number: str
    subject: str
    due: datetime.datetime | None
    assignee_email: str

    def line(self, pages: str) -> str:
        """The appeal's line in a letter; `pages` is the address of the operators' pages."""
        due = timezone.localtime(self.due).strftime("%d.%m.%Y %H:%M") if self.due else "—"
        return f"{self.number} «{self.subject}» — {due}\n{pages}{self.appeal_id}/"


def alert_title(kind: str) -> str:
    """What the letter's subject and the appeal's log say, in the portal's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _subjects()[kind]


def _subjects() -> dict[str, str]:
    return {
        WARNING: _("Скоро истекает срок по SLA"),
        BREACH: _("Срок по SLA нарушен"),
        ESCALATION: _("Нарушение SLA передано руководителю"),
    }


def supervisors_emails() -> list[str]:
    rows = User.objects.filter(staff_role=StaffRole.SUPERVISOR, is_active=True).exclude(email="")
    return [email for email in rows.order_by("pk").values_list("email", flat=True) if email]


def sla_alerts_send(kind: str, alerts: Sequence[Alert]) -> None:
    """Group the appeals by whom to tell and enqueue a letter each, after commit."""
    supervisors = supervisors_emails()
    by_person: dict[str, list[Alert]] = defaultdict(list)
    for alert in alerts:
        to = [alert.assignee_email] if alert.assignee_email and kind != ESCALATION else []
        for address in to or supervisors:
            by_person[address].append(alert)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _subjects()[kind]
        heading = _("Обращения (номер, суть, срок):")
    # The appeal's page is the queue's address and its id (desk/urls.py): one reverse.
    pages = settings.OKNO_BASE_URL + reverse("desk:queue")
    for address, items in by_person.items():
        text = "\n\n".join([heading, *(item.line(pages) for item in items)])
        _enqueue(address, f"{subject}: {len(items)}", text)


def _enqueue(address: str, subject: str, text: str) -> None:
    from okno.accounts import tasks

    transaction.on_commit(lambda: tasks.send_email(to=[address], subject=subject, text=text))
