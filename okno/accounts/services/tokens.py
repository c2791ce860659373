"""API tokens for integrations: issued once, stored as a SHA-256, revocable."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.accounts.models import ApiToken, User, token_digest
from okno.audit.services import audit_record
from okno.core.actor import Actor
from okno.core.errors import InvalidInput, NotAllowed
from okno.core.roles import Perm

TOKEN_START = "okno_"
PREFIX_LENGTH = 8
# Writing `last_used_at` on every call would turn each API read into a write.
LAST_USED_PRECISION = timedelta(minutes=1)


@transaction.atomic
def api_token_create(*, user: User, name: str, request=None) -> tuple[ApiToken, str]:
    """Issue a token for `user`; returns it with the raw secret, which is never shown again.

    The stored prefix is the first characters after "okno_", so a person can tell
    their tokens apart in a list.
    """
    name = (name or "").strip()
    if len(name) > 100:
        raise InvalidInput(_("Название токена — не длиннее 100 символов."), field="name")
    raw = TOKEN_START + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[len(TOKEN_START) : len(TOKEN_START) + PREFIX_LENGTH],
        key_hash=token_digest(raw),
    )
    audit_record(
        action="api_token.created",
        user=user,
        obj=user,
        changes={"token": [None, str(token)]},
        request=request,
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken, request=None) -> ApiToken:
    """Revoke a token: its owner may, and an administrator may revoke anyone's."""
    if token.user_id != actor.user_id and not actor.can(Perm.TOKENS_MANAGE_ALL):
        raise NotAllowed(_("Отозвать чужой токен может только администратор."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            action="api_token.revoked",
            user=actor.user,
            obj=token.user,
            changes={"token": [str(token), None]},
            request=request,
        )
    return token


def api_token_authenticate(*, raw_token: str) -> User | None:
    """The active user a live token belongs to, or None; notes when it was last used."""
    if not raw_token or not raw_token.startswith(TOKEN_START):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_digest(raw_token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_PRECISION)
        ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
    return token.user
