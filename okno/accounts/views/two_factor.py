"""The second factor: a code at login, or setting up an authenticator app (with a QR code)."""

import django_otp
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from okno.accounts.forms.login import CodeForm
from okno.accounts.services import (
    login_complete,
    login_pending,
    totp_device_of,
    totp_enrol_confirm,
    totp_enrol_start,
    totp_qr_svg,
    totp_secret_grouped,
    totp_verify,
    two_factor_required,
)
from okno.core.errors import DomainError
from okno.core.views import form_error_from, safe_next


@sensitive_post_parameters("code")
@never_cache
def two_factor(request):
    """For a person parked after the password, or a logged-in one who owes or adds a factor."""
    user, next_url = login_pending(request)
    pending = user is not None
    if not pending:
        if not request.user.is_authenticated:
            messages.info(request, _("Войдите заново: время на ввод кода истекло."))
            return redirect("accounts:login")
        user, next_url = request.user, safe_next(request)
    device = totp_device_of(user)
    if device is None and not pending and not user.staff_role:
        return redirect("accounts:security")
    if device is None:
        return _enrol(request, user, next_url, pending)
    if not pending and request.user.is_verified():
        messages.info(request, _("Двухфакторный вход уже включён."))
        return redirect("accounts:security")
    return _verify(request, user, next_url, pending)


def _verify(request, user, next_url, pending):
    form = CodeForm(request.POST or None, label=_("Код из приложения-аутентификатора"))
    if request.method == "POST" and form.is_valid():
        try:
            device = totp_verify(user=user, code=form.cleaned_data["code"], request=request)
        except DomainError as error:
            form_error_from(form, error)
        else:
            return _finish(request, user, device, next_url, pending)
    context = {"form": form, "mode": "verify", "pending": pending, "next": next_url}
    return render(request, "accounts/two_factor.html", context)


def _enrol(request, user, next_url, pending):
    device = totp_enrol_start(user=user)
    form = CodeForm(request.POST or None, label=_("Код из приложения-аутентификатора"))
    if request.method == "POST" and form.is_valid():
        try:
            totp_enrol_confirm(
                user=user, device=device, code=form.cleaned_data["code"], request=request
            )
        except DomainError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Двухфакторный вход включён."))
            return _finish(request, user, device, next_url, pending)
    context = {
        "form": form,
        "mode": "enrol",
        "pending": pending,
        "required": two_factor_required(user),
        "qr_svg": totp_qr_svg(device),
        "secret": totp_secret_grouped(device),
        "next": next_url,
    }
    return render(request, "accounts/two_factor.html", context)


def _finish(request, user, device, next_url, pending):
    if pending:
        login_complete(request=request, user=user, device=device)
    else:
        django_otp.login(request, device)
    return redirect(next_url or "core:home")
