"""Access of a person to the portal: invitations, access on/off, ending sessions."""

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.accounts import tasks
from okno.accounts.models import Invitation, User, UserSession, token_digest
from okno.audit.services import audit_record
from okno.core.errors import NotAllowed


def sessions_end(*, user: User, keep_session_key: str | None = None) -> int:
    """End every session of `user` except `keep_session_key`; returns how many ended."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for live in UserSession.objects.filter(user=user).exclude(session_key=keep_session_key or ""):
        store(session_key=live.session_key).delete()
        live.delete()
        ended += 1
    return ended


@transaction.atomic
def user_set_access(
    *,
    actor_user: User,
    user: User,
    access_allowed: bool,
    allow_multiple_sessions: bool,
    request=None,
) -> User:
    """Turn a person's portal access on or off; turning it off ends their sessions at once."""
    before = {"is_active": user.is_active, "allow_multiple_sessions": user.allow_multiple_sessions}
    user.is_active = access_allowed
    user.allow_multiple_sessions = allow_multiple_sessions
    user.save(update_fields=["is_active", "allow_multiple_sessions"])
    after = {"is_active": user.is_active, "allow_multiple_sessions": user.allow_multiple_sessions}
    changes = {k: [before[k], v] for k, v in after.items() if before[k] != v}
    if changes:
        audit_record(
            action="access.changed", user=actor_user, obj=user, changes=changes, request=request
        )
    if not access_allowed:
        sessions_end(user=user)
    return user


@transaction.atomic
def invitation_send(*, actor_user: User | None, user: User, request=None) -> Invitation:
    """Make a new time-limited invitation link and e-mail it once the transaction commits.

    Earlier unused invitations of the person stop working: only the newest link is valid.
    """
    Invitation.objects.filter(user=user, accepted_at__isnull=True).update(expires_at=timezone.now())
    token = Invitation.new_token()
    invitation = Invitation.objects.create(
        user=user,
        token_hash=token_digest(token),
        created_by=actor_user,
        expires_at=timezone.now() + timedelta(days=settings.OKNO_INVITATION_DAYS),
    )
    audit_record(action="invitation.sent", user=actor_user, obj=user, request=request)
    if user.email:
        link = settings.OKNO_BASE_URL + reverse("accounts:invitation", args=[token])
        context = {"user": user, "link": link, "invitation": invitation, "inviter": actor_user}
        text = render_to_string("accounts/email/invitation.txt", context)
        transaction.on_commit(
            lambda: tasks.send_email(
                to=[user.email], subject=_("Приглашение в личный кабинет"), text=text
            )
        )
    return invitation


def session_end(*, user: User, session: UserSession, request=None) -> None:
    """End one session of the person (they chose it on the security page)."""
    if session.user_id != user.pk:
        raise NotAllowed(_("Завершить можно только свой сеанс."))
    store = import_module(settings.SESSION_ENGINE).SessionStore
    store(session_key=session.session_key).delete()
    session.delete()
    audit_record(action="session.ended", user=user, obj=user, request=request)


def sessions_end_others(*, user: User, request) -> int:
    """End every session of the person but the one making this request."""
    ended = sessions_end(user=user, keep_session_key=request.session.session_key)
    if ended:
        audit_record(
            action="session.ended",
            user=user,
            obj=user,
            changes={"ended": [None, ended]},
            request=request,
        )
    return ended
