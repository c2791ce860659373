"""The queue's saved views: keep the current filters as a view, edit or delete one.

A view is looked up among those the actor sees (their own and the shared ones): any other
answers 404, like a missing one; a shared view of a colleague is changed only by a
supervisor (403 for others).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from okno.core.errors import DomainError
from okno.core.views import form_error_from
from okno.desk.forms import SavedViewForm
from okno.desk.models import SavedView
from okno.desk.services.views import (
    ViewIn,
    check_may_change,
    saved_view_create,
    saved_view_delete,
    saved_view_update,
)
from okno.desk.views.common import refused


def _queue_of(view: SavedView) -> str:
    return f"{reverse('desk:queue')}?view={view.pk}"


def _view_in(form: SavedViewForm, filters) -> ViewIn:
    data = form.cleaned_data
    return ViewIn(
        name=data["name"],
        is_shared=data["is_shared"],
        sort=data["sort"],
        columns=tuple(data["shown"]),
        filters=filters,
    )


@login_required
@require_POST
def view_create(request):
    """Keep the queue's filters (sent along as hidden fields) as a new view."""
    form = SavedViewForm(request.POST)
    back = reverse("desk:queue")
    if not form.is_valid():
        messages.error(request, _("Назовите вид и выберите колонки."))
        return redirect(back)
    try:
        view = saved_view_create(actor=request.actor, data=_view_in(form, request.POST))
    except DomainError as error:
        return refused(request, error, back=back)
    messages.success(request, _("Вид «%(name)s» сохранён.") % {"name": view.name})
    return redirect(_queue_of(view))


@login_required
@require_http_methods(["GET", "POST"])
def view_edit(request, pk: int):
    """Rename a view, share it, change its sort and columns; with «replace filters», take
    the queue's current filters sent along."""
    view = get_object_or_404(SavedView.objects.visible_to(request.actor), pk=pk)
    try:
        check_may_change(request.actor, view)
    except DomainError as error:
        return refused(request, error, back=_queue_of(view))
    initial = {"name": view.name, "sort": view.sort, "shown": view.columns}
    form = SavedViewForm(request.POST or None, initial={**initial, "is_shared": view.is_shared})
    if request.method == "POST" and form.is_valid():
        filters = request.POST if request.POST.get("replace_filters") else None
        try:
            saved_view_update(actor=request.actor, view=view, data=_view_in(form, filters))
        except DomainError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Вид «%(name)s» изменён.") % {"name": view.name})
            return redirect(_queue_of(view))
    context = {"form": form, "view": view}
    return TemplateResponse(request, "desk/staff/view_edit.html", context)


@login_required
@require_POST
def view_delete(request, pk: int):
    view = get_object_or_404(SavedView.objects.visible_to(request.actor), pk=pk)
    try:
        saved_view_delete(actor=request.actor, view=view)
    except DomainError as error:
        return refused(request, error, back=_queue_of(view))
    messages.success(request, _("Вид «%(name)s» удалён.") % {"name": view.name})
    return redirect("desk:queue")
