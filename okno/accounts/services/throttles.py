"""Limits on what an anonymous caller may make the portal do: send SMS, guess passwords.

Counted in the cache (`okno.core.throttle`), per hour:

- SMS codes: per client address and per browser session, and an overall budget
  (`settings.OKNO_SMS_HOURLY_BUDGET`), each counted separately for registration and for
  recovery, so a flood of registrations cannot stop people from recovering a password.
- Failed logins: per client address, against trying one common password on many
  logins. The per-login lockout (django-axes) stays as it is.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.core import throttle
from okno.core.errors import DomainError, InvalidInput

HOUR = 60 * 60
SMS_PER_ADDRESS = 5
SMS_PER_SESSION = 3
LOGIN_FAILURES_PER_ADDRESS = 50


class TooManyLoginFailures(DomainError):
    """Too many failed logins from one address this hour; `until` is when it may try again."""

    status = 429

    def __init__(self, message: str, *, until: datetime):
        super().__init__(message, code="throttled")
        self.until = until


def client_address(request) -> str:
    """The caller's IP address as the server saw it ("" when unknown)."""
    return (request.META.get("REMOTE_ADDR") or "") if request is not None else ""


def sms_send_check(*, purpose: str, request=None) -> None:
    """Count one SMS request and refuse it (naming the phone field) when over a limit.

    Without a request (a call from code, not from a visitor) only the budget applies.
    """
    if request is not None:
        address = client_address(request)
        if address and not throttle.hit(f"sms:{purpose}:ip:{address}", SMS_PER_ADDRESS, HOUR):
            raise _sms_refused(_("С вашего адреса запрошено слишком много кодов."))
        session = _session_key(request)
        if session and not throttle.hit(f"sms:{purpose}:session:{session}", SMS_PER_SESSION, HOUR):
            raise _sms_refused(_("В этом окне браузера запрошено слишком много кодов."))
    budget = settings.OKNO_SMS_HOURLY_BUDGET
    if not throttle.hit(f"sms:{purpose}:budget", budget, HOUR):
        raise _sms_refused(_("Сейчас отправка SMS временно ограничена."))


def _sms_refused(reason: str) -> InvalidInput:
    wait = throttle.wait_text(throttle.retry_after(HOUR))
    return InvalidInput(
        reason + " " + _("Попробуйте снова через %(wait)s.") % {"wait": wait},
        field="phone",
        code="throttled",
    )


def _session_key(request) -> str:
    # Not created here: this runs inside the transaction of the send, and a session row
    # rolled back with a refused send would break the response. Views that send codes
    # start the session first (`views.common.session_start`).
    session = getattr(request, "session", None)
    return (session.session_key or "") if session is not None else ""


def login_address_check(request) -> None:
    """Refuse a login attempt from an address that failed too often this hour."""
    address = client_address(request)
    key = f"login:failures:ip:{address}"
    if address and throttle.exceeded(key, LOGIN_FAILURES_PER_ADDRESS, HOUR):
        until = timezone.now() + timedelta(seconds=throttle.retry_after(HOUR))
        raise TooManyLoginFailures(
            _(
                "Слишком много неудачных попыток входа с вашего адреса: вход с него временно "
                "ограничен."
            ),
            until=until,
        )


def login_failure_count(request) -> None:
    """Count a failed login against the caller's address."""
    address = client_address(request)
    if address:
        throttle.hit(f"login:failures:ip:{address}", LOGIN_FAILURES_PER_ADDRESS, HOUR)
