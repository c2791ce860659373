"""Accepting an invitation: the connected person sets a password and agrees to data processing."""

from __future__ import annotations

import enum

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from okno.accounts.models import Consent, Invitation, User, token_digest
from okno.accounts.passwords import password_check
from okno.accounts.services.access import client_of_user
from okno.audit.services import audit_record
from okno.core.errors import InvalidInput


class InvitationState(enum.Enum):
    """Whether an invitation link can still be used, and if not, why (the page says which)."""

    VALID = "valid"
    EXPIRED = "expired"
    USED = "used"
    UNKNOWN = "unknown"
    ACCESS_OFF = "access_off"


def invitation_find(*, token: str) -> tuple[Invitation | None, InvitationState]:
    """The invitation behind a link and whether it can still be used."""
    invitation = (
        Invitation.objects.select_related("user", "created_by")
        .filter(token_hash=token_digest(token or ""))
        .first()
    )
    return invitation, _state_of(invitation)


def _state_of(invitation: Invitation | None) -> InvitationState:
    if invitation is None:
        return InvitationState.UNKNOWN
    if invitation.accepted_at is not None:
        return InvitationState.USED
    if invitation.is_expired:
        return InvitationState.EXPIRED
    if not invitation.user.is_active:
        return InvitationState.ACCESS_OFF
    return InvitationState.VALID


def consent_record(*, user: User, request=None) -> Consent:
    """The person's consent to personal-data processing, with the text version they saw."""
    return Consent.objects.create(
        user=user,
        text_version=settings.OKNO_CONSENT_VERSION,
        ip=(request.META.get("REMOTE_ADDR") or None) if request is not None else None,
    )


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, password: str, consent: bool, request=None
) -> User:
    """Set the invited person's password, record their consent and close the invitation.

    The row is locked, so the same link opened twice cannot be accepted twice.
    """
    invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    if _state_of(invitation) is not InvitationState.VALID:
        raise InvalidInput(_("Ссылка-приглашение больше не действует."), field="token")
    if not consent:
        raise InvalidInput(
            _("Без согласия на обработку персональных данных доступ открыть нельзя."),
            field="consent",
        )
    user = invitation.user
    password_check(password, user, field="new_password1")
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    consent_record(user=user, request=request)
    audit_record(
        action="invitation.accepted",
        user=user,
        obj=user,
        client=client_of_user(user),
        request=request,
    )
    return user
