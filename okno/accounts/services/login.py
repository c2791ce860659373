"""Logging in and out: password through django-axes, the second factor, sessions, audit.

A person whose password was right but who still owes a second factor is not logged
in: they are parked in the anonymous session (`PENDING_KEY`) for a few minutes, and
`login_complete` logs them in only after the code.
"""

from __future__ import annotations

import time
from datetime import datetime

import django_otp
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.contrib.auth import login as django_login
from django.contrib.auth import logout as django_logout
from django.db.models import Max

from okno.accounts.backends import find_user_by_login, normalize_login
from okno.accounts.models import User, UserSession
from okno.accounts.services.access import client_of_user, sessions_end
from okno.accounts.services.throttles import login_address_check, login_failure_count
from okno.accounts.services.two_factor import two_factor_step
from okno.audit.services import audit_record

PENDING_KEY = "okno_pending_login"
PENDING_SECONDS = 10 * 60
DEFAULT_BACKEND = "okno.accounts.backends.LoginBackend"


def login_check_password(*, request, login: str, password: str) -> User | None:
    """The person if the login and password are right and they are not locked out, else None.

    Goes through `authenticate`, so django-axes counts the failure per person and sets
    `request.axes_locked_out` when they are (or become) locked out. Raises
    `TooManyLoginFailures` when the caller's address failed too often this hour; then
    nothing is checked or counted against the login.
    """
    login_address_check(request)
    user = authenticate(request, login=login, password=password)
    if user is not None:
        return user
    login_failure_count(request)
    known = find_user_by_login(login)
    action = "login.lockout" if login_is_locked(request) else "login.failure"
    audit_record(
        action=action,
        obj=known,
        client=client_of_user(known),
        request=request,
        user_label=normalize_login(login)[:200] or "—",
    )
    return None


def login_is_locked(request) -> bool:
    """Is the login just tried locked out after too many wrong passwords (django-axes)?"""
    return bool(getattr(request, "axes_locked_out", False))


def login_locked_until(*, login: str) -> datetime | None:
    """When a locked-out person may try again: their latest failure plus the cool-off."""
    latest = AccessAttempt.objects.filter(username=normalize_login(login)).aggregate(
        at=Max("attempt_time")
    )["at"]
    cool_off = get_cool_off()
    if latest is None or cool_off is None:
        return None
    return latest + cool_off


def login_begin(*, request, user: User, next_url: str = "") -> str:
    """After the password: log in at once, or park the person until the second factor.

    Returns the step still owed: "" (logged in), "verify" or "enrol".
    """
    step = two_factor_step(user)
    if not step:
        login_complete(request=request, user=user)
        return ""
    request.session[PENDING_KEY] = {
        "user_id": user.pk,
        "backend": getattr(user, "backend", DEFAULT_BACKEND),
        "at": time.time(),
        "next": next_url,
    }
    return step


def login_pending(request) -> tuple[User | None, str]:
    """The person waiting for their second factor in this session, and where they were going."""
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None, ""
    user = User.objects.filter(pk=pending["user_id"], is_active=True).first()
    if user is not None:
        user.backend = pending.get("backend") or DEFAULT_BACKEND
    return user, pending.get("next", "")


def login_complete(*, request, user: User, device=None) -> None:
    """Log the person in: Django session, verified second factor, the session record,
    the one-session rule and the audit event."""
    request.session.pop(PENDING_KEY, None)
    django_login(request, user, backend=getattr(user, "backend", None) or DEFAULT_BACKEND)
    if device is not None:
        django_otp.login(request, device)
    session_key = request.session.session_key
    UserSession.objects.update_or_create(
        session_key=session_key,
        defaults={
            "user": user,
            "ip": request.META.get("REMOTE_ADDR") or None,
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
        },
    )
    if not user.allow_multiple_sessions:
        sessions_end(user=user, keep_session_key=session_key)
    audit_record(
        action="login.success", user=user, obj=user, client=client_of_user(user), request=request
    )


def logout_complete(*, request) -> None:
    """Log out of this session only; other sessions of the person stay."""
    user = request.user
    if user.is_authenticated:
        audit_record(
            action="logout", user=user, obj=user, client=client_of_user(user), request=request
        )
        UserSession.objects.filter(session_key=request.session.session_key).delete()
    django_logout(request)
