"""Password recovery by an e-mailed link or an SMS code.

The answer is the same whether or not such an e-mail or phone is registered.
"""

from django.contrib import messages
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, PasswordResetConfirmView
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from okno.accounts.forms.recovery import NewPasswordForm, ResetByEmailForm, ResetByPhoneForm
from okno.accounts.forms.security import SetPasswordForm
from okno.accounts.models import PhoneCode, User
from okno.accounts.services import (
    password_reset_by_link,
    password_reset_by_phone,
    password_reset_email_send,
    password_reset_phone_send,
)
from okno.accounts.views.common import phone_code_step, session_start
from okno.core.errors import DomainError
from okno.core.views import form_error_from

STATE_KEY = "okno_reset"
DONE_MESSAGE = gettext_lazy("Пароль изменён. Войдите с новым паролем.")


@never_cache
def password_reset(request):
    """One page, two ways: the button pressed (`method`) says which form was sent."""
    method = request.POST.get("method") if request.method == "POST" else None
    email_form = ResetByEmailForm(request.POST if method == "email" else None, prefix="email")
    phone_form = ResetByPhoneForm(request.POST if method == "phone" else None, prefix="phone")
    if method == "email" and email_form.is_valid():
        password_reset_email_send(email=email_form.cleaned_data["email"], request=request)
        return redirect("accounts:password_reset_sent")
    if method == "phone" and phone_form.is_valid():
        phone = phone_form.cleaned_data["phone"]
        session_start(request)
        try:
            phone_code = password_reset_phone_send(phone=phone, request=request)
        except DomainError as error:
            form_error_from(phone_form, error)
        else:
            request.session[STATE_KEY] = {"phone": phone, "code_id": phone_code.pk}
            return redirect("accounts:password_reset_code")
    context = {"email_form": email_form, "phone_form": phone_form, "method": method or "email"}
    return render(request, "accounts/recovery/request.html", context)


def password_reset_sent(request):
    return render(request, "accounts/recovery/sent.html")


@sensitive_post_parameters("code")
@never_cache
def password_reset_code(request):
    return phone_code_step(
        request,
        state_key=STATE_KEY,
        purpose=PhoneCode.Purpose.RESET,
        start="accounts:password_reset",
        done="accounts:password_reset_phone_set",
        template="accounts/recovery/code.html",
    )


@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
def password_reset_phone_set(request):
    state = request.session.get(STATE_KEY)
    if not state or not state.get("confirmed"):
        return redirect("accounts:password_reset")
    user = User.objects.filter(phone=state["phone"]).first()
    form = NewPasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            password_reset_by_phone(
                phone=state["phone"],
                phone_code_id=state["code_id"],
                password=form.cleaned_data["new_password1"],
                request=request,
            )
        except DomainError as error:
            form_error_from(form, error)
        else:
            del request.session[STATE_KEY]
            messages.success(request, DONE_MESSAGE)
            return redirect("accounts:login")
    return render(request, "accounts/recovery/new_password.html", {"form": form})


class PasswordResetConfirm(PasswordResetConfirmView):
    """Django's checked link (the token leaves the address before the form is shown);
    the new password is set by our service, which also ends sessions and lifts a lockout."""

    form_class = SetPasswordForm
    template_name = "accounts/recovery/confirm.html"
    success_url = reverse_lazy("accounts:login")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        try:
            password_reset_by_link(
                user=form.user, password=form.cleaned_data["new_password1"], request=self.request
            )
        except DomainError as error:
            form_error_from(form, error)
            return self.form_invalid(form)
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        messages.success(self.request, DONE_MESSAGE)
        return HttpResponseRedirect(self.get_success_url())
