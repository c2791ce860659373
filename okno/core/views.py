"""The portal's entry and the shared ways views answer domain errors."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect


@login_required
def home(request):
    """Everyone enters at /; a client's person lands in the cabinet, staff in their workspace."""
    if request.actor.is_client:
        return redirect("clients:cabinet")
    if request.actor.is_staff:
        return redirect("clients:staff_home")
    return redirect("accounts:no_access")


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
