"""The portal's entry and the shared ways views answer domain errors."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


@login_required
def home(request):
    """Everyone enters at /; a client's person lands in the cabinet, staff in their workspace."""
    if request.actor.is_client:
        return redirect("clients:cabinet")
    if request.actor.is_staff:
        return redirect("clients:staff_home")
    return redirect("accounts:no_access")


def safe_next(request, field: str = "next") -> str:
    """The address a form or query names in `field` to go on to, if it points inside this
    site; empty otherwise (another site, `//host`, another scheme)."""
    target = request.POST.get(field) or request.GET.get(field) or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def form_error_from(form, error) -> None:
    """Put a DomainError onto the form field it names, or onto the form as a whole."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def client_page(view):
    """A page of a client's person; staff and people without a client go home."""

    @login_required
    @wraps(view)
    def page(request, *args, **kwargs):
        if not request.actor.is_client:
            return redirect("core:home")
        return view(request, *args, **kwargs)

    return page
