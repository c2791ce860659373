"""Registration by phone in three steps: number and consent → SMS code → details and password.

What the person proved so far lives in their (anonymous) session under `STATE_KEY`.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from okno.accounts.forms.registration import RegisterDetailsForm, RegisterPhoneForm
from okno.accounts.models import PhoneCode
from okno.accounts.services import (
    login_complete,
    registration_complete,
    registration_start,
)
from okno.accounts.views.common import phone_code_step, session_start
from okno.core.errors import DomainError
from okno.core.phone import format_phone
from okno.core.views import form_error_from

STATE_KEY = "okno_register"


@never_cache
def register(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    form = RegisterPhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        session_start(request)
        try:
            phone_code = registration_start(phone=phone, request=request)
        except DomainError as error:
            form_error_from(form, error)
        else:
            request.session[STATE_KEY] = {"phone": phone, "code_id": phone_code.pk}
            return redirect("accounts:register_code")
    return render(request, "accounts/register/phone.html", {"form": form, "step": 1})


@sensitive_post_parameters("code")
@never_cache
def register_code(request):
    return phone_code_step(
        request,
        state_key=STATE_KEY,
        purpose=PhoneCode.Purpose.REGISTER,
        start="accounts:register",
        done="accounts:register_details",
        template="accounts/register/code.html",
        context={"step": 2},
    )


@require_POST
def register_resend(request):
    state = request.session.get(STATE_KEY)
    if not state:
        return redirect("accounts:register")
    try:
        phone_code = registration_start(phone=state["phone"], request=request)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        request.session[STATE_KEY] = {"phone": state["phone"], "code_id": phone_code.pk}
        messages.info(request, _("Мы отправили новый код."))
    return redirect("accounts:register_code")


@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
def register_details(request):
    state = request.session.get(STATE_KEY)
    if not state or not state.get("confirmed"):
        return redirect("accounts:register")
    form = RegisterDetailsForm(request.POST or None, phone=state["phone"])
    if request.method == "POST" and form.is_valid():
        try:
            user = registration_complete(
                phone=state["phone"],
                phone_code_id=state["code_id"],
                details=form.details(),
                request=request,
            )
        except DomainError as error:
            form_error_from(form, error)
        else:
            del request.session[STATE_KEY]
            login_complete(request=request, user=user)
            messages.success(request, _("Регистрация завершена. Добро пожаловать!"))
            return redirect("core:home")
    context = {"form": form, "step": 3, "phone": format_phone(state["phone"])}
    return render(request, "accounts/register/details.html", context)
