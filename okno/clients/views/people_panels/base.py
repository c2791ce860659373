"""What every people-and-places panel shares: its scope, rendering alone or in a page,
and answering a change."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django_htmx.http import reswap, retarget

from okno.clients.models import Client
from okno.core.errors import DomainError

FRAGMENT = "clients/people/fragment.html"
# Service field names that a form calls differently.
_FORM_FIELD_OF = {"legal_entity_ids": "legal_entities", "legal_entity_id": "legal_entity"}


@dataclass(frozen=True)
class PageScope:
    """Where a panel is shown and what the actor may do there."""

    client: Client
    routes: Mapping[str, str]
    route_kwargs: Mapping[str, int]
    page_template: str
    can_edit_places: bool
    can_manage_people: bool
    is_staff: bool

    def url(self, name: str, **kwargs) -> str:
        return reverse(self.routes[name], kwargs={**self.route_kwargs, **kwargs})


def wants_fragment(request) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def render_page(request, scope: PageScope, template: str, context: dict):
    """A panel template rendered alone for HTMX, or inside the scope's whole page."""
    fragment = wants_fragment(request)
    context = {
        "scope": scope,
        "client": scope.client,
        "is_fragment": fragment,
        "page_base": FRAGMENT if fragment else scope.page_template,
        **context,
    }
    return TemplateResponse(request, template, context)


def render_form(request, scope: PageScope, panel: PanelView, template: str, context: dict):
    """A form of a panel: alone for HTMX (it replaces itself, or on success the panel),
    or on a whole page with a plain POST."""
    context = {"cancel_url": scope.url(panel.route), "panel_id": panel.element_id, **context}
    return render_page(request, scope, template, context)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def submit(request, form, save: Callable[[dict], str]) -> str | None:
    """Validate a posted form and call `save(cleaned_data)`; returns the success notice,
    or None with the refusal put on the form field it names."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except DomainError as error:
        field = _FORM_FIELD_OF.get(error.field or "", error.field)
        form.add_error(field if field in form.fields else None, error.message)
        return None


def answer_done(request, scope: PageScope, panel: PanelView, notice: str) -> HttpResponse:
    """After a change: the refreshed panel for HTMX, a redirect with a message otherwise."""
    if wants_fragment(request):
        response = panel(request, scope, notice=notice)
        return reswap(retarget(response, f"#{panel.element_id}"), "outerHTML")
    messages.success(request, notice)
    return redirect(scope.url(panel.route))


def answer_refused(request, scope: PageScope, panel: PanelView, error: DomainError):
    """A refused action without a form (make default, delete): the panel with the reason."""
    if wants_fragment(request):
        response = panel(request, scope, notice=error.message, notice_level="danger")
        return reswap(retarget(response, f"#{panel.element_id}"), "outerHTML")
    messages.error(request, error.message)
    return redirect(scope.url(panel.route))


class PanelView:
    """A panel's list view with the id of its element and the route of its page."""

    def __init__(self, render: Callable[..., HttpResponse], *, element_id: str, route: str):
        self.render = render
        self.element_id = element_id
        self.route = route

    def __call__(self, request, scope: PageScope, **kwargs) -> HttpResponse:
        return self.render(request, scope, **kwargs)
