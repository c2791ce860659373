"""Small helpers the accounts pages share."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from okno.accounts.forms.login import CodeForm
from okno.accounts.services import phone_code_confirm
from okno.core.errors import DomainError
from okno.core.phone import format_phone
from okno.core.views import form_error_from


def client_ip(request) -> str:
    """The visitor's IP address as the server saw it."""
    return request.META.get("REMOTE_ADDR", "")


def session_start(request) -> None:
    """Give an anonymous visitor a stored session now, so limits per session can count it."""
    if not request.session.session_key:
        request.session.save()


def phone_code_step(request, *, state_key, purpose, start, done, template, context=None):
    """The "type the code from the SMS" step shared by registration and recovery: with the
    phone parked in the session under `state_key`, confirm the code for `purpose`, mark the
    state confirmed and go to `done`; without that state go back to `start`."""
    state = request.session.get(state_key)
    if not state:
        return redirect(start)
    form = CodeForm(request.POST or None, label=_("Код из SMS"))
    if request.method == "POST" and form.is_valid():
        try:
            phone_code = phone_code_confirm(
                phone=state["phone"], purpose=purpose, code=form.cleaned_data["code"]
            )
        except DomainError as error:
            form_error_from(form, error)
        else:
            request.session[state_key] = {**state, "code_id": phone_code.pk, "confirmed": True}
            return redirect(done)
    page = {**(context or {}), "form": form, "phone": format_phone(state["phone"])}
    return render(request, template, page)
