"""The audit log page for administrators: filters, pages of 50 events."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from okno.audit.forms import AuditFilterForm
from okno.audit.labels import action_label, object_type_label
from okno.audit.selectors import audit_choices, audit_event_list
from okno.core.roles import Perm

PAGE_SIZE = 50


@login_required
def audit_list(request):
    if not request.actor.can(Perm.AUDIT_VIEW):
        raise PermissionDenied(_("Журнал аудита доступен только администраторам."))
    actions, object_types = audit_choices()
    form = AuditFilterForm(request.GET or None, actions=actions, object_types=object_types)
    if form.is_bound:
        form.is_valid()
    events = audit_event_list(actor=request.actor, filters=form.filters())
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [_row(event) for event in page]
    context = {"form": form, "page": page, "rows": rows}
    template = "audit/_results.html" if request.htmx else "audit/list.html"
    return render(request, template, context)


def _row(event) -> dict:
    """What one line of the table shows; prepared here so the template stays a flat loop."""
    return {
        "at": event.at,
        "action": action_label(event.action),
        "who": event.user_label or (str(event.user) if event.user_id else "—"),
        "client": event.client.name if event.client_id and event.client else "",
        "object": f"{object_type_label(event.object_type)}: {event.object_repr}"
        if event.object_type
        else "",
        "changes": [_change_text(field, value) for field, value in (event.changes or {}).items()],
        "ip": event.ip or "",
    }


def _change_text(field: str, value) -> str:
    if isinstance(value, list | tuple) and len(value) == 2:
        before, after = ("—" if v in (None, "") else v for v in value)
        return f"{field}: {before} → {after}"
    return f"{field}: {value}"
