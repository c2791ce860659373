"""What every people-and-places panel shares: its scope, rendering alone or in a page,
its forms and actions, and how they answer a change."""

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
        """The URL of one of the scope's routes, for this client and any extra ids."""
        return reverse(self.routes[name], kwargs={**self.route_kwargs, **kwargs})


def wants_fragment(request) -> bool:
    """Whether to answer with the panel alone: an HTMX request that is not a history restore."""
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


def require(allowed: bool) -> None:
    """403 unless `allowed`."""
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


class PanelView:
    """A panel: its template and what it lists (`rows(request, scope)` gives the template's
    context), its element (`<route>-panel`), the route of its page, and which right of the
    scope lets the actor change it (`can_change` in the template); and how its forms and
    actions answer.

    An HTMX request gets the panel or form alone, any other a whole page. After a change
    an HTMX request gets the refreshed panel (re-targeted onto it), any other a redirect
    to the panel's page with the notice as a message.
    """

    do_not_call_in_templates = True  # templates read `panel.route` and `panel.element_id`

    def __init__(self, template: str, rows: Callable[..., dict], *, route: str, right: str):
        self.template = template
        self.rows = rows
        self.route = route
        self.right = right
        self.element_id = f"{route}-panel"

    def __call__(self, request, scope: PageScope, *, notice="", notice_level="success"):
        context = {
            "panel": self,
            "can_change": getattr(scope, self.right),
            "notice": notice,
            "notice_level": notice_level,
            **self.rows(request, scope),
        }
        return render_page(request, scope, self.template, context)

    def form(self, request, scope: PageScope, form, *, save, template: str, context: dict):
        """A form of the panel: `save(cleaned_data)` on a valid POST returns the notice;
        else the form alone for HTMX (it replaces itself) or on a whole page."""
        notice = submit(request, form, save)
        if notice:
            return self._answer(request, scope, notice)
        context = {"panel": self, "form": form, "cancel_url": scope.url(self.route), **context}
        return render_page(request, scope, template, context)

    def act(self, request, scope: PageScope, action: Callable[[], object], *, notice: str):
        """An action without a form (make default, delete, resend the invitation): the
        `notice` once done, or the panel with the reason it was refused."""
        try:
            action()
        except DomainError as error:
            return self._answer(request, scope, error.message, refused=True)
        return self._answer(request, scope, notice)

    def _answer(self, request, scope: PageScope, notice: str, *, refused=False) -> HttpResponse:
        if wants_fragment(request):
            level = "danger" if refused else "success"
            response = self(request, scope, notice=notice, notice_level=level)
            return reswap(retarget(response, f"#{self.element_id}"), "outerHTML")
        (messages.error if refused else messages.success)(request, notice)
        return redirect(scope.url(self.route))
