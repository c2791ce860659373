"""Reads of identity and access: sessions, API tokens, the actor's own profile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from okno.accounts.models import ApiToken, User, UserSession
from okno.accounts.user_agents import describe_user_agent
from okno.core.actor import Actor
from okno.core.roles import Perm

SESSIONS_SHOWN = 20


@dataclass(frozen=True)
class SessionRow:
    """A live session as the security page shows it."""

    id: int
    created_at: datetime
    ip: str
    device: str
    is_current: bool


def session_list(*, user: User, current_session_key: str | None) -> list[SessionRow]:
    """The person's live sessions, newest first; records of sessions that expired are dropped."""
    records = list(UserSession.objects.filter(user=user).order_by("-created_at")[:SESSIONS_SHOWN])
    live_keys = _live_session_keys([record.session_key for record in records])
    stale = [record.pk for record in records if record.session_key not in live_keys]
    if stale:
        UserSession.objects.filter(pk__in=stale).delete()
    return [
        SessionRow(
            id=record.pk,
            created_at=record.created_at,
            ip=record.ip or "",
            device=describe_user_agent(record.user_agent),
            is_current=record.session_key == current_session_key,
        )
        for record in records
        if record.session_key in live_keys
    ]


# Session engines that keep every session in the django_session table.
_DATABASE_ENGINES = (
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
)


def _live_session_keys(keys: list[str]) -> set[str]:
    """Which of `keys` are sessions that still exist and have not expired.

    With a database session engine this is one query; other engines are asked key by
    key, at most `SESSIONS_SHOWN` of them.
    """
    if not keys:
        return set()
    if settings.SESSION_ENGINE in _DATABASE_ENGINES:
        found = Session.objects.filter(session_key__in=keys, expire_date__gt=timezone.now())
        return set(found.values_list("session_key", flat=True))
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    return {key for key in keys[:SESSIONS_SHOWN] if store.exists(key)}


def session_get(*, user: User, session_id: int) -> UserSession:
    """One of the person's own sessions; another person's is 404 like a missing one."""
    session = UserSession.objects.filter(user=user, pk=session_id).first()
    if session is None:
        raise Http404
    return session


def api_token_list(*, actor: Actor, user_id: int | None = None) -> QuerySet[ApiToken]:
    """Live tokens of the actor, or of `user_id` for an administrator (anyone's when None)."""
    tokens = ApiToken.objects.filter(revoked_at__isnull=True).select_related("user")
    if not (actor.can(Perm.TOKENS_MANAGE_ALL) and user_id is not None):
        user_id = actor.user_id
    if user_id is None:
        return tokens.none()
    return tokens.filter(user_id=user_id).order_by("-created_at", "-pk")


def api_token_get(*, actor: Actor, token_id: int) -> ApiToken:
    """A live token the actor may manage: their own, or any for an administrator; else 404."""
    tokens = ApiToken.objects.filter(revoked_at__isnull=True, pk=token_id)
    if not actor.can(Perm.TOKENS_MANAGE_ALL):
        tokens = tokens.filter(user_id=actor.user_id or 0)
    token = tokens.select_related("user").first()
    if token is None:
        raise Http404
    return token


@dataclass(frozen=True)
class Profile:
    """Who the actor is, as `GET /api/v1/me` answers it."""

    user: User
    kind: str | None
    staff_role: str
    client: dict[str, Any] | None
    client_role: str
    legal_entities: list[dict[str, Any]]
    current_legal_entity_id: int | None
    permissions: list[str]


def profile_of(*, actor: Actor) -> Profile:
    """The actor's user, client, legal entities and permissions (two queries for a client)."""
    from okno.clients.models import Client, LegalEntity

    client: dict[str, Any] | None = None
    entities: list[dict[str, Any]] = []
    if actor.client_id is not None:
        found = Client.objects.filter(pk=actor.client_id).values("id", "name").first()
        client = dict(found) if found else None
        entities = list(
            LegalEntity.objects.visible_to(actor)
            .order_by("name", "pk")
            .values("id", "name", "inn", "kpp")
        )
    kind = "client" if actor.is_client else "staff" if actor.is_staff else None
    return Profile(
        user=actor.user,
        kind=kind,
        staff_role=actor.staff_role,
        client=client,
        client_role=actor.client_role,
        legal_entities=entities,
        current_legal_entity_id=actor.current_legal_entity_id,
        permissions=sorted(actor.permissions),
    )
