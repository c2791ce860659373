"""Getting back in without the password (e-mail link or SMS code), and changing a password.

Whatever was typed, the answer looks the same whether or not such a person exists.
A new password ends the person's other sessions and lifts a login lockout: whoever
set it has proven they own the mailbox or the phone.
"""

from __future__ import annotations

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from okno.accounts import tasks
from okno.accounts.backends import normalize_login
from okno.accounts.models import PhoneCode, User, UserSession
from okno.accounts.passwords import password_check
from okno.accounts.services.access import client_of_user, sessions_end
from okno.accounts.services.phone_codes import phone_code_send, phone_code_take
from okno.audit.services import audit_record
from okno.core.errors import InvalidInput


@transaction.atomic
def password_reset_email_send(*, email: str, request=None) -> None:
    """E-mail a one-time link to set a new password, if an active person has this e-mail."""
    user = User.objects.filter(email=(email or "").strip().lower(), is_active=True).first()
    if user is None:
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    context = {
        "user": user,
        "link": settings.OKNO_BASE_URL + path,
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        "company_name": settings.OKNO_COMPANY_NAME,
    }
    text = render_to_string("accounts/email/password_reset.txt", context)
    audit_record(action="password.reset_requested", obj=user, request=request, user_label=str(user))
    transaction.on_commit(
        lambda: tasks.send_email(to=[user.email], subject=_("Восстановление пароля"), text=text)
    )


def password_reset_phone_send(*, phone: str, request=None) -> PhoneCode:
    """Text a recovery code to `phone` if it belongs to an active person (see module note)."""
    known = User.objects.filter(phone=phone, is_active=True).exists()
    return phone_code_send(
        phone=phone, purpose=PhoneCode.Purpose.RESET, deliver=known, request=request
    )


@transaction.atomic
def password_reset_by_phone(
    *, phone: str, phone_code_id: int | None, password: str, request=None
) -> User:
    """Set a new password for the owner of `phone`; the SMS code must have been confirmed."""
    phone_code_take(code_id=phone_code_id, phone=phone, purpose=PhoneCode.Purpose.RESET)
    user = User.objects.filter(phone=phone, is_active=True).first()
    if user is None:
        raise InvalidInput(_("Для этого номера нет активной учётной записи."), field="phone")
    return _password_set(user=user, password=password, request=request, action="password.reset")


@transaction.atomic
def password_reset_by_link(*, user: User, password: str, request=None) -> User:
    """Set a new password after the e-mailed link was checked (by Django's token view)."""
    return _password_set(user=user, password=password, request=request, action="password.reset")


@transaction.atomic
def password_change(*, request, user: User, password: str) -> User:
    """A logged-in person changes their password; this session stays, the others end."""
    old_key = request.session.session_key
    _password_set(
        user=user,
        password=password,
        request=request,
        action="password.changed",
        keep_session_key=old_key,
    )
    # Django gives this session a new key here; the session record follows it.
    update_session_auth_hash(request, user)
    UserSession.objects.filter(session_key=old_key).update(session_key=request.session.session_key)
    return user


def _password_set(
    *, user: User, password: str, request, action: str, keep_session_key: str | None = None
) -> User:
    password_check(password, user, field="new_password1")
    user.set_password(password)
    user.save(update_fields=["password"])
    sessions_end(user=user, keep_session_key=keep_session_key)
    for login in (user.email, user.phone):
        if login:
            axes_reset(username=normalize_login(login))
    audit_record(action=action, user=user, obj=user, client=client_of_user(user), request=request)
    return user
