"""The invitation link: the connected person sets a password, agrees to data processing, logs in."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from okno.accounts.forms.login import InvitationForm
from okno.accounts.services import (
    InvitationState,
    invitation_accept,
    invitation_find,
    login_begin,
)
from okno.core.errors import DomainError
from okno.core.views import form_error_from

_STATUS = {
    InvitationState.UNKNOWN: 404,
    InvitationState.EXPIRED: 410,
    InvitationState.USED: 410,
    InvitationState.ACCESS_OFF: 403,
}


@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
def invitation(request, token):
    found, state = invitation_find(token=token)
    if state is not InvitationState.VALID:
        context = {"state": state.value, "invitation": found}
        return render(request, "accounts/invitation_invalid.html", context, status=_STATUS[state])
    form = InvitationForm(request.POST or None, user=found.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(
                invitation=found,
                password=form.cleaned_data["new_password1"],
                consent=form.cleaned_data["consent"],
                request=request,
            )
        except DomainError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Пароль сохранён. Добро пожаловать в личный кабинет!"))
            if login_begin(request=request, user=user):
                return redirect("accounts:two_factor")
            return redirect("core:home")
    context = {"form": form, "invitation": found, "invited_user": found.user}
    return render(request, "accounts/invitation.html", context)
