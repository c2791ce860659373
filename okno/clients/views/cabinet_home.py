"""The client's cabinet home (the one window) and the read-only legal entities page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from okno.clients.models import Client
from okno.clients.selectors.dashboards import (
    cabinet_client,
    cabinet_home,
    cabinet_legal_entities,
)
from okno.core.roles import Perm


@login_required
def cabinet(request):
    """Who the client is, the current legal entity's contract terms, the manager's contacts,
    and the places that orders, balance and appeals will fill."""
    actor = request.actor
    if not actor.is_client:
        return redirect("core:home")
    home = cabinet_home(actor=actor)
    context = {"home": home, "may_view_finance": actor.can(Perm.FINANCE_VIEW)}
    return render(request, "clients/cabinet_home.html", context)


@login_required
def legal_entities(request):
    """The legal entities the person acts for, their bank details and contracts: read-only,
    because they come from the company and 1C."""
    actor = request.actor
    if not actor.is_client:
        return redirect("core:home")
    client = cabinet_client(actor=actor)
    if client.kind == Client.Kind.INDIVIDUAL:
        return redirect("clients:cabinet")
    entities = cabinet_legal_entities(actor=actor)
    context = {"client": client, "legal_entities": entities, "manager": client.manager}
    return render(request, "clients/legal_entities.html", context)
