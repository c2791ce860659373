"""How an exchange session ends: well (an import done, the order export confirmed,
`complete`) — then the integration's data is current as of now — or with a failure whose
message the log shows. And the log of each request 1C made."""

from __future__ import annotations

from django.utils import timezone

from okno.exchange.models import ExchangeRequest, ExchangeSession, Integration


def session_succeeded(*, session: ExchangeSession) -> None:
    """Mark the session as ended well so far, and the integration as exchanged successfully
    now. What its imports did is their jobs' counts (the log adds them up)."""
    now = timezone.now()
    session.status = ExchangeSession.Status.SUCCESS
    session.finished_at = now
    session.save(update_fields=["status", "finished_at"])
    if session.integration_id:
        Integration.objects.filter(pk=session.integration_id).update(last_success_at=now)


def session_failed(*, session: ExchangeSession, message: str) -> None:
    """Mark the session as failed with the reason 1C was given."""
    session.status = ExchangeSession.Status.FAILURE
    session.message = printable(message)
    session.finished_at = timezone.now()
    session.save(update_fields=["status", "message", "finished_at"])


def printable(text: str) -> str:
    """Text as the log can keep it: PostgreSQL refuses NUL, which a hostile name may hold."""
    return text.replace("\x00", "\\x00")


def session_touch(*, session: ExchangeSession) -> None:
    """Note that 1C is still at work in the session (its cookie stays valid)."""
    ExchangeSession.objects.filter(pk=session.pk).update(last_request_at=timezone.now())


def exchange_request_record(
    *,
    session: ExchangeSession,
    mode: str,
    filename: str,
    status: str,
    message: str,
    bytes_in: int,
    duration_ms: int,
) -> ExchangeRequest:
    """One line of the session's log: what 1C asked and what it was answered."""
    return ExchangeRequest.objects.create(
        session=session,
        mode=printable(mode)[:20],
        filename=printable(filename)[:500],
        status=status[:10],
        message=printable(message),
        bytes_in=bytes_in,
        duration_ms=min(duration_ms, 2**31 - 1),
    )
