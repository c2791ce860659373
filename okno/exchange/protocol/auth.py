"""Who may exchange: `checkauth` checks the Basic credentials of a user whose role allows
the exchange and opens an exchange session; every later request names that session by its
cookie (or sends the credentials again).

The password is checked through `login_check_password`, so django-axes counts failures
and locks the login out exactly as for the login form; the lockout is answered as the
protocol's `failure`, not as the login page's."""

from __future__ import annotations

import base64
import binascii
import secrets
from datetime import UTC, timedelta

from django.contrib.auth.signals import user_logged_in
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.accounts.models import User
from okno.accounts.services.login import login_check_password, login_is_locked, login_locked_until
from okno.accounts.services.throttles import TooManyLoginFailures
from okno.accounts.services.two_factor import totp_device_of, two_factor_required
from okno.core.actor import actor_for_user
from okno.core.roles import Perm
from okno.exchange.models import ExchangeSession, Integration
from okno.exchange.protocol.answers import Answer, ProtocolFailure, success

COOKIE_NAME = "okno_exchange"
# A session whose last request is older than this is over: 1C starts each exchange with
# `checkauth`, and a long import keeps its session alive with its `progress` requests.
SESSION_IDLE = timedelta(hours=2)
# Where the Authorization header may arrive: as sent, or renamed by a proxy or by Apache's
# rewrite rule that passes it to a CGI-style backend. REMOTE_USER is never trusted: the
# password is always checked here, whatever the web server did or did not.
AUTHORIZATION_KEYS = ("HTTP_AUTHORIZATION", "HTTP_X_AUTHORIZATION", "REDIRECT_HTTP_AUTHORIZATION")


def basic_credentials(request) -> tuple[str, str] | None:
    """The login and password of the request's Basic authorization, or None."""
    for key in AUTHORIZATION_KEYS:
        scheme, _sep, encoded = request.META.get(key, "").strip().partition(" ")
        if scheme.lower() != "basic" or not encoded:
            continue
        try:
            raw = base64.b64decode(encoded.strip(), validate=True)
        except (binascii.Error, ValueError):
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            # 1C on Windows may send a Cyrillic login in its ANSI code page.
            text = raw.decode("windows-1251")
        login, sep, password = text.partition(":")
        # No login or password holds NUL; the database could not even log the attempt.
        return (login, password) if sep and "\x00" not in text else None
    return None


def exchange_user_check(*, request, login: str, password: str) -> User:
    """The user of the credentials if they may exchange; raises ProtocolFailure otherwise.

    A person whose login needs a second factor cannot exchange with a password alone:
    1C logs in as an integration user without one."""
    try:
        user = login_check_password(request=request, login=login, password=password)
    except TooManyLoginFailures as error:
        raise ProtocolFailure(error.message) from error
    if login_is_locked(request):
        # Answered here, as the protocol's failure; django-axes' middleware would otherwise
        # replace the answer with the login form's lockout page.
        request.axes_locked_out = False
        raise ProtocolFailure(_lockout_message(login))
    if user is None:
        raise ProtocolFailure(_("Неверный логин или пароль."))
    if not actor_for_user(user).can(Perm.EXCHANGE_USE):
        raise ProtocolFailure(_("Этому пользователю обмен с 1С не разрешён."))
    if totp_device_of(user) is not None or two_factor_required(user):
        raise ProtocolFailure(
            _("Этому пользователю нужен второй фактор: 1С должна входить как пользователь обмена.")
        )
    # A successful login: django-axes forgets the earlier failures of this login.
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    return user


def _lockout_message(login: str) -> str:
    until = login_locked_until(login=login)
    message = _("Слишком много неудачных попыток входа: вход временно заблокирован.")
    if until is not None:
        message += " " + _("Попробуйте снова после %(time)s UTC.") % {
            "time": until.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
        }
    return message


def integration_of_user(user: User) -> Integration:
    """The user's integration, made with the defaults at their first exchange."""
    integration, _created = Integration.objects.get_or_create(
        user=user, defaults={"name": user.full_name or user.email or str(user.pk)}
    )
    if not integration.is_active:
        raise ProtocolFailure(_("Интеграция «%(name)s» выключена.") % {"name": integration.name})
    return integration


def exchange_checkauth(*, request, kind: str) -> tuple[ExchangeSession, Answer]:
    """`checkauth`: a new session for the user of the Basic credentials, answered with the
    cookie 1C sends from now on, the session key and the server's time."""
    credentials = basic_credentials(request)
    if credentials is None:
        raise ProtocolFailure(_("Нужна авторизация: логин и пароль пользователя обмена."))
    user = exchange_user_check(request=request, login=credentials[0], password=credentials[1])
    session = exchange_session_open(integration=integration_of_user(user), kind=kind)
    return session, success(
        COOKIE_NAME,
        session.cookie,
        f"sessid={session.sessid}",
        f"timestamp={int(session.started_at.timestamp())}",
    )


def exchange_session_open(*, integration: Integration, kind: str) -> ExchangeSession:
    """A new exchange session of the integration, named by a fresh random cookie."""
    return ExchangeSession.objects.create(
        integration=integration,
        kind=kind,
        cookie=secrets.token_urlsafe(32),
        sessid=secrets.token_hex(16),
    )


def exchange_session_of_request(*, request, kind: str) -> ExchangeSession:
    """The live session a request belongs to: by its cookie, else by Basic credentials (the
    integration's latest live session of this kind, or a new one). Raises ProtocolFailure
    for an unknown or expired cookie and for missing or wrong credentials."""
    cookie = request.COOKIES.get(COOKIE_NAME, "")
    if cookie:
        session = _live_sessions(kind).filter(cookie=cookie).first()
        if session is None:
            raise ProtocolFailure(_("Сеанс обмена не найден или истёк; нужна авторизация заново."))
        return session
    credentials = basic_credentials(request)
    if credentials is None:
        raise ProtocolFailure(_("Нет сеанса обмена: сначала mode=checkauth."))
    user = exchange_user_check(request=request, login=credentials[0], password=credentials[1])
    integration = integration_of_user(user)
    session = _live_sessions(kind).filter(integration=integration).order_by("-last_request_at")
    return session.first() or exchange_session_open(integration=integration, kind=kind)


def _live_sessions(kind: str):
    return ExchangeSession.objects.select_related("integration__user").filter(
        kind=kind,
        last_request_at__gte=timezone.now() - SESSION_IDLE,
        integration__is_active=True,
        integration__user__is_active=True,
    )
