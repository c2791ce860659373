"""TOTP second factor for staff: who must use it, enrolment, checking a code, switching it off."""

from __future__ import annotations

import re
from base64 import b32encode
from urllib.parse import quote, urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from okno.accounts.models import TwoFactorPolicy, User
from okno.audit.services import audit_diff, audit_record
from okno.core.errors import InvalidInput, NotAllowed

DEVICE_NAME = "Приложение-аутентификатор"
_SVG_SIZE = re.compile(r'^<svg width="[^"]*" height="[^"]*"')


def two_factor_required(user: User) -> bool:
    """Does an administrator's policy make the second factor mandatory for this person's role?"""
    return (
        bool(user.staff_role)
        and TwoFactorPolicy.objects.filter(role=user.staff_role, required=True).exists()
    )


@transaction.atomic
def two_factor_policy_save(
    *, actor_user: User, policy: TwoFactorPolicy, request=None
) -> TwoFactorPolicy:
    """Save an administrator's change of whether a role must log in with a code; audited."""
    before = TwoFactorPolicy.objects.filter(pk=policy.pk).values("role", "required").first()
    policy.save()
    changes = audit_diff(dict(before or {}), {"role": policy.role, "required": policy.required})
    if changes:
        audit_record(
            action="two_factor.policy_changed",
            user=actor_user,
            obj=policy,
            changes=changes,
            request=request,
        )
    return policy


@transaction.atomic
def two_factor_policy_delete(*, actor_user: User, policy: TwoFactorPolicy, request=None) -> None:
    """Remove a role's policy (the second factor becomes optional for it); audited."""
    audit_record(
        action="two_factor.policy_changed",
        user=actor_user,
        obj=policy,
        changes={"required": [policy.required, None]},
        request=request,
    )
    policy.delete()


def totp_device_of(user: User) -> TOTPDevice | None:
    """The person's confirmed authenticator, if they set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def two_factor_step(user: User) -> str:
    """What must follow the password: "verify" a code, "enrol" an authenticator, or nothing."""
    if totp_device_of(user) is not None:
        return "verify"
    if two_factor_required(user):
        return "enrol"
    return ""


def totp_enrol_start(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up; the same one until confirmed, so the QR
    code on the page does not change when the person reloads it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def totp_config_url(device: TOTPDevice) -> str:
    """The otpauth:// link an authenticator app reads from the QR code."""
    issuer = str(settings.OTP_TOTP_ISSUER).replace(":", "")
    label = quote(f"{issuer}:{device.user.login_label}")
    params = urlencode(
        {
            "secret": totp_secret(device),
            "issuer": issuer,
            "digits": device.digits,
            "period": device.step,
            "algorithm": "SHA1",
        }
    )
    return f"otpauth://totp/{label}?{params}"


def totp_secret(device: TOTPDevice) -> str:
    """The authenticator's secret key in Base32, as apps expect it typed or in the QR code."""
    return b32encode(device.bin_key).decode().rstrip("=")


def totp_secret_grouped(device: TOTPDevice) -> str:
    """The secret in groups of four, for typing it into an app by hand."""
    secret = totp_secret(device)
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_svg(device: TOTPDevice) -> str:
    """The QR code of the config link as inline SVG markup (no image file, no external service)."""
    image = qrcode.make(totp_config_url(device), image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    # Scale to the box the page gives it instead of the library's fixed millimetres.
    return _SVG_SIZE.sub('<svg width="100%" height="100%"', svg, count=1)


def _check_code(device: TOTPDevice, code: str) -> None:
    """Raise unless `code` is right. Not atomic: django-otp must keep the count of failures."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        until = (details or {}).get("locked_until")
        wait = max(1, int((until - timezone.now()).total_seconds())) if until else 1
        raise InvalidInput(
            _("Слишком много неверных кодов подряд. Повторите через %(seconds)s с.")
            % {"seconds": wait},
            field="code",
            code="throttled",
        )
    typed = "".join(ch for ch in code or "" if ch.isdigit())
    if not typed or not device.verify_token(typed):
        raise InvalidInput(
            _("Неверный код. Введите 6 цифр, которые сейчас показывает приложение."),
            field="code",
        )


def totp_verify(*, user: User, code: str, request=None) -> TOTPDevice:
    """Check the code of the person's authenticator at login; a wrong code is audited."""
    device = totp_device_of(user)
    if device is None:
        raise InvalidInput(_("Двухфакторный вход не настроен."), field="code")
    try:
        _check_code(device, code)
    except InvalidInput:
        audit_record(action="login.otp_failure", obj=user, request=request, user_label=str(user))
        raise
    return device


def totp_enrol_confirm(*, user: User, device: TOTPDevice, code: str, request=None) -> TOTPDevice:
    """Confirm a new authenticator with its first code; it replaces any earlier one."""
    if device.user_id != user.pk or device.confirmed:
        raise InvalidInput(_("Начните настройку заново."), field="code")
    _check_code(device, code)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(action="two_factor.enabled", user=user, obj=user, request=request)
    return device


def totp_disable(*, user: User, code: str, request=None) -> None:
    """Switch the second factor off, proven by a current code; refused where it is mandatory."""
    if two_factor_required(user):
        raise NotAllowed(
            _("Для вашей роли двухфакторный вход обязателен: отключить его нельзя."),
            field="code",
        )
    device = totp_device_of(user)
    if device is None:
        raise InvalidInput(_("Двухфакторный вход не включён."), field="code")
    _check_code(device, code)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        audit_record(action="two_factor.disabled", user=user, obj=user, request=request)
