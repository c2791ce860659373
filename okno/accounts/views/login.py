"""Login, logout, the lockout answer and the page for a person without any access."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from okno.accounts.forms.login import LoginForm
from okno.accounts.services import (
    TooManyLoginFailures,
    login_begin,
    login_check_password,
    login_is_locked,
    login_locked_until,
    logout_complete,
)
from okno.core.views import safe_next

MOSCOW = ZoneInfo("Europe/Moscow")
WRONG_LOGIN = gettext_lazy(
    "Неверный логин или пароль. Проверьте, не включён ли Caps Lock и та ли раскладка клавиатуры."
)


@sensitive_post_parameters("password")
@never_cache
def login_view(request):
    next_url = safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or "core:home")
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        login = form.cleaned_data["login"]
        try:
            user = login_check_password(
                request=request, login=login, password=form.cleaned_data["password"]
            )
        except TooManyLoginFailures as error:
            return throttled_response(request, error)
        if login_is_locked(request):
            return lockout_response(request, None, {"login": login})
        if user is None:
            form.add_error(None, WRONG_LOGIN)
        elif login_begin(request=request, user=user, next_url=next_url):
            return redirect("accounts:two_factor")
        else:
            return redirect(next_url or "core:home")
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


def unlock_time_text(until) -> str:
    """The unlock moment in Moscow time, rounded up to the minute so it is never too early."""
    local = until.astimezone(MOSCOW)
    if local.second or local.microsecond:
        local = local.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return local.strftime("%d.%m.%Y %H:%M")


def lockout_response(request, original_response=None, credentials=None):
    """What django-axes answers a locked-out person: why, and exactly when they may retry."""
    login = (credentials or {}).get("login") or request.POST.get("login", "")
    until = login_locked_until(login=login)
    until_text = unlock_time_text(until) if until else ""
    message = _(
        "Слишком много неудачных попыток входа: вход для этой учётной записи временно заблокирован."
    )
    if until_text:
        message += " " + _("Попробуйте снова после %(time)s по московскому времени.") % {
            "time": until_text
        }
    if request.path.startswith("/api/"):
        body = {"detail": message, "unlock_at": until.isoformat() if until else None}
        return JsonResponse(body, status=429)
    context = {"message": message, "until_text": until_text}
    return render(request, "accounts/locked.html", context, status=429)


def throttled_response(request, error: TooManyLoginFailures):
    """The answer to an address that failed to log in too often: why, and when to retry."""
    until_text = unlock_time_text(error.until)
    message = (
        error.message
        + " "
        + _("Попробуйте снова после %(time)s по московскому времени.") % {"time": until_text}
    )
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "unlock_at": error.until.isoformat()}, status=429)
    context = {"until_text": until_text, "by_address": True}
    return render(request, "accounts/locked.html", context, status=429)


@never_cache
def logout_view(request):
    """POST logs out; GET (a bookmarked link) asks to confirm, so no page can log one out."""
    if request.method == "POST":
        logout_complete(request=request)
        messages.info(request, _("Вы вышли из личного кабинета."))
        return redirect("accounts:login")
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    return render(request, "accounts/logout.html")


@login_required
def no_access(request):
    if request.actor.is_client or request.actor.is_staff:
        return redirect("core:home")
    return render(request, "accounts/no_access.html")
