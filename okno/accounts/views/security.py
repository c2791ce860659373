"""The security page: password, live sessions, API tokens, two-factor login."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from okno.accounts.forms.login import CodeForm
from okno.accounts.forms.security import PasswordChangeForm, TokenCreateForm
from okno.accounts.selectors import api_token_get, api_token_list, session_get, session_list
from okno.accounts.services import (
    api_token_create,
    api_token_revoke,
    logout_complete,
    password_change,
    session_end,
    sessions_end_others,
    totp_device_of,
    totp_disable,
    two_factor_required,
)
from okno.core.errors import DomainError
from okno.core.views import form_error_from


def _context(request, **extra) -> dict:
    user = request.user
    context = {
        "password_form": PasswordChangeForm(user),
        "token_form": TokenCreateForm(),
        "disable_form": CodeForm(label=_("Код из приложения-аутентификатора")),
        "sessions": session_list(user=user, current_session_key=request.session.session_key),
        "tokens": api_token_list(actor=request.actor),
        "is_staff": bool(user.staff_role),
        "has_device": totp_device_of(user) is not None,
        "two_factor_required": two_factor_required(user),
    }
    context.update(extra)
    return context


def _section(request, template: str, **extra):
    """The HTMX partial of one section, or the whole page for a plain form post."""
    context = _context(request, **extra)
    if request.htmx:
        return render(request, f"accounts/security/_{template}.html", context)
    return render(request, "accounts/security/page.html", context)


@login_required
@never_cache
def security(request):
    return render(request, "accounts/security/page.html", _context(request))


@sensitive_post_parameters()
@login_required
@require_POST
def password_change_view(request):
    form = PasswordChangeForm(request.user, request.POST)
    if form.is_valid():
        try:
            password_change(
                request=request, user=request.user, password=form.cleaned_data["new_password1"]
            )
        except DomainError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Пароль изменён. Другие сеансы завершены."))
            return redirect("accounts:security")
    return render(request, "accounts/security/page.html", _context(request, password_form=form))


@login_required
@require_POST
def session_end_view(request, session_id: int):
    session = session_get(user=request.user, session_id=session_id)
    if session.session_key == request.session.session_key:
        logout_complete(request=request)
        return redirect("accounts:login")
    session_end(user=request.user, session=session, request=request)
    if request.htmx:
        return _section(request, "sessions")
    messages.success(request, _("Сеанс завершён."))
    return redirect("accounts:security")


@login_required
@require_POST
def sessions_end_others_view(request):
    ended = sessions_end_others(user=request.user, request=request)
    if request.htmx:
        return _section(request, "sessions")
    messages.success(request, _("Завершено других сеансов: %(count)s.") % {"count": ended})
    return redirect("accounts:security")


@login_required
@require_POST
def token_create(request):
    form = TokenCreateForm(request.POST)
    if not form.is_valid():
        return _section(request, "tokens", token_form=form)
    try:
        token, raw = api_token_create(
            user=request.user, name=form.cleaned_data["name"], request=request
        )
    except DomainError as error:
        form_error_from(form, error)
        return _section(request, "tokens", token_form=form)
    # Shown in this answer only: the secret is not stored and cannot be shown again.
    return _section(request, "tokens", new_token=raw, new_token_name=token.name)


@login_required
@require_POST
def token_revoke(request, token_id: int):
    token = api_token_get(actor=request.actor, token_id=token_id)
    api_token_revoke(actor=request.actor, token=token, request=request)
    if request.htmx:
        return _section(request, "tokens")
    messages.success(request, _("Токен %(token)s отозван.") % {"token": token})
    return redirect("accounts:security")


@sensitive_post_parameters("code")
@login_required
@require_POST
def two_factor_disable(request):
    form = CodeForm(request.POST, label=_("Код из приложения-аутентификатора"))
    if form.is_valid():
        try:
            totp_disable(user=request.user, code=form.cleaned_data["code"], request=request)
        except DomainError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Двухфакторный вход отключён."))
            return redirect("accounts:security")
    return render(request, "accounts/security/page.html", _context(request, disable_form=form))
