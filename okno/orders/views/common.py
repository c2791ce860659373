"""What the orders pages share: who may open them and how a refused action is answered."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect

from okno.core.errors import DomainError, NotAllowed
from okno.core.roles import Perm


def buyer_page(view):
    """A page of a client's person who may order; staff go home, others get 403."""

    @login_required
    @wraps(view)
    def page(request, *args, **kwargs):
        actor = request.actor
        if not actor.is_client:
            return redirect("core:home")
        if not actor.can(Perm.ORDER_PLACE):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return page


def require_buyer(request) -> None:
    """After the page's object was found: only a client's person who may order goes on."""
    actor = request.actor
    if not (actor.is_client and actor.can(Perm.ORDER_PLACE)):
        raise PermissionDenied


def manager_page(view):
    """A page of the staff who work with clients' orders."""

    @login_required
    @wraps(view)
    def page(request, *args, **kwargs):
        actor = request.actor
        if not (
            actor.is_staff and (actor.can(Perm.CLIENTS_MANAGE) or actor.can(Perm.CLIENTS_VIEW_ALL))
        ):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return page


def refused(request, error: DomainError, *, redirect_to: str) -> HttpResponse:
    """A refused action: the reason as a message on the page it came from (403 stays 403)."""
    if isinstance(error, NotAllowed):
        raise PermissionDenied(error.message)
    messages.error(request, error.message)
    return redirect(redirect_to)
