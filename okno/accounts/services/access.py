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
from okno.audit.services import audit_diff, audit_record, audit_snapshot
from okno.core.errors import NotAllowed


def client_of_user(user: User | None):
    """The client a person belongs to (for the audit log's client column), or None."""
    from okno.clients.models import Client, ClientMembership

    if user is None or user.staff_role:
        return None
    client_id = (
        ClientMembership.objects.filter(user=user).values_list("client_id", flat=True).first()
    )
    return Client(pk=client_id) if client_id else None


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
            action="access.changed",
            user=actor_user,
            obj=user,
            client=client_of_user(user),
            changes=changes,
            request=request,
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
    audit_record(
        action="invitation.sent",
        user=actor_user,
        obj=user,
        client=client_of_user(user),
        request=request,
    )
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


# What an administrator may change about a person in Django admin besides access on/off.
ADMIN_AUDITED_FIELDS = [
    "staff_role",
    "manager_code",
    "extra_permissions",
    "is_staff",
    "is_superuser",
]


@transaction.atomic
def user_save_by_admin(*, actor_user: User, user: User, request=None) -> User:
    """Save an administrator's edit of a person from Django admin.

    Changes of role and permissions are audited; access on/off and the one-session rule
    go through `user_set_access`, so switching access off ends the person's sessions.
    """
    if user.pk is None:
        user.save()
        changes = {name: [None, value] for name, value in _admin_state(user).items() if value}
        audit_record(
            action="user.created", user=actor_user, obj=user, changes=changes, request=request
        )
        return user
    stored = User.objects.select_for_update().get(pk=user.pk)
    before = _admin_state(stored)
    access_allowed, multiple = user.is_active, user.allow_multiple_sessions
    user.is_active, user.allow_multiple_sessions = stored.is_active, stored.allow_multiple_sessions
    user.save()
    changes = audit_diff(before, _admin_state(user))
    if changes:
        audit_record(
            action="user.permissions_changed",
            user=actor_user,
            obj=user,
            client=client_of_user(user),
            changes=changes,
            request=request,
        )
    return user_set_access(
        actor_user=actor_user,
        user=user,
        access_allowed=access_allowed,
        allow_multiple_sessions=multiple,
        request=request,
    )


@transaction.atomic
def user_delete_by_admin(*, actor_user: User, user: User, request=None) -> None:
    """Delete a person from Django admin, keeping a record of who it was in the audit log."""
    audit_record(
        action="user.deleted",
        user=actor_user,
        obj=user,
        client=client_of_user(user),
        changes={"login": [user.login_label, None]},
        request=request,
    )
    sessions_end(user=user)
    user.delete()


def _admin_state(user: User) -> dict:
    state = audit_snapshot(user, [f for f in ADMIN_AUDITED_FIELDS if f != "extra_permissions"])
    # A list of permission names reads best as one line: "orders.view, prices.view".
    state["extra_permissions"] = ", ".join(sorted(map(str, user.extra_permissions or []))) or None
    return state


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
