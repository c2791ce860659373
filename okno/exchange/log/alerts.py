"""Alerts about the exchange with 1C: administrators get a letter when exchange sessions
fail (each failed session is told once) and when an active integration has had no
successful exchange for its `alert_after_hours` (once per silence)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from okno.accounts.models import User
from okno.core.roles import StaffRole
from okno.exchange.models import ExchangeSession, Integration


def administrators_emails() -> list[str]:
    """Whom the alerts go to: active administrators with an e-mail."""
    emails = (
        User.objects.filter(staff_role=StaffRole.ADMIN, is_active=True)
        .exclude(email="")
        .exclude(email__isnull=True)
        .order_by("id")
        .values_list("email", flat=True)
    )
    return [email for email in emails if email]


@transaction.atomic
def exchange_alerts_send(*, now: datetime | None = None) -> int:
    """Send the letters due now and remember them; returns how many letters were sent. A
    re-run an administrator started is watched on its page and raises no alert."""
    now = now or timezone.now()
    recipients = administrators_emails()
    if not recipients:
        return 0
    letters = []
    failed = list(
        ExchangeSession.objects.select_for_update(of=("self",))
        .filter(status=ExchangeSession.Status.FAILURE, alerted_at=None, rerun_of=None)
        .select_related("integration")
        .order_by("started_at", "id")
    )
    if failed:
        letters.append(_letter("failed", {"sessions": [_session_line(s) for s in failed]}))
        ExchangeSession.objects.filter(pk__in=[s.pk for s in failed]).update(alerted_at=now)
    for integration in stale_integrations(now=now):
        letters.append(_letter("stale", _stale_context(integration, now)))
        integration.stale_alerted_at = now
        integration.save(update_fields=["stale_alerted_at"])
    for subject, text in letters:
        _enqueue(recipients, subject, text)
    return len(letters)


def stale_integrations(*, now: datetime) -> list[Integration]:
    """Active integrations silent for their `alert_after_hours` (0 turns the alert off)
    since their last successful exchange — or since they were connected, if 1C never
    exchanged — and not yet told about since."""
    found = []
    candidates = Integration.objects.select_for_update().filter(
        is_active=True, alert_after_hours__gt=0
    )
    for integration in candidates.order_by("id"):
        since = integration.last_success_at or integration.created_at
        if now - since < timedelta(hours=integration.alert_after_hours):
            continue
        if integration.stale_alerted_at and integration.stale_alerted_at >= since:
            continue
        found.append(integration)
    return found


def _session_line(session: ExchangeSession) -> dict:
    return {
        "session": session,
        "integration": session.integration.name if session.integration else "—",
        "message": session.message.strip().splitlines()[0] if session.message.strip() else "",
        "link": settings.OKNO_BASE_URL + reverse("exchange_log:session", args=[session.pk]),
    }


def _stale_context(integration: Integration, now: datetime) -> dict:
    since = integration.last_success_at
    return {
        "integration": integration,
        "since": since,
        "hours": int((now - (since or integration.created_at)).total_seconds() // 3600),
        "link": settings.OKNO_BASE_URL + reverse("exchange_log:list"),
    }


def _letter(name: str, context: dict) -> tuple[str, str]:
    """Subject and body from `exchange/mail/<name>_subject.txt` and `…_body.txt`, in the
    portal's language whatever the language of the request that happened to run this."""
    context = {"company": settings.OKNO_COMPANY_NAME, **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"exchange/mail/{name}_subject.txt", context)
        text = render_to_string(f"exchange/mail/{name}_body.txt", context)
    return " ".join(subject.split()), text


def _enqueue(recipients: list[str], subject: str, text: str) -> None:
    from okno.accounts import tasks

    transaction.on_commit(lambda: tasks.send_email(to=recipients, subject=subject, text=text))
