"""The exchange log for administrators: sessions, a session with its requests, files and
import jobs, a stored file to download, a re-run, and the integrations' settings.

The list pages refuse others with 403, like the audit log; a page of one session, file or
integration answers 404 to them, exactly as for a missing id."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from okno.core.errors import DomainError
from okno.core.roles import Perm
from okno.exchange.log.forms import IntegrationSettingsForm, SessionFilterForm, integration_initial
from okno.exchange.log.selectors import (
    exchange_file_get,
    integration_get,
    integration_list,
    session_detail,
    session_files,
    session_list,
    session_rows,
)
from okno.exchange.log.services import integration_update, rerun_files, session_rerun
from okno.exchange.models import ExchangeFile, ExchangeSession, Integration
from okno.exchange.storage import exchange_file_path, session_folder

PAGE_SIZE = 50
FILES_PAGE_SIZE = 100


def log_page(view):
    """A list page of the log: administrators only, others get 403."""

    @login_required
    @wraps(view)
    def page(request, *args, **kwargs):
        if not request.actor.can(Perm.EXCHANGE_VIEW_LOG):
            raise PermissionDenied(_("Журнал обмена с 1С доступен только администраторам."))
        return view(request, *args, **kwargs)

    return page


def log_object_page(view):
    """A page of one object of the log: for anyone but administrators it does not exist."""

    @login_required
    @wraps(view)
    def page(request, *args, **kwargs):
        if not request.actor.can(Perm.EXCHANGE_VIEW_LOG):
            raise Http404
        return view(request, *args, **kwargs)

    return page


@require_GET
@log_page
def sessions(request):
    form = SessionFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    found = session_list(actor=request.actor, filters=form.filters())
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "rows": session_rows(page)}
    template = "exchange/log/_sessions.html" if request.htmx else "exchange/log/sessions.html"
    return render(request, template, context)


@require_GET
@log_object_page
def session(request, pk: int):
    try:
        detail = session_detail(actor=request.actor, session_id=pk)
    except ExchangeSession.DoesNotExist as missing:
        raise Http404 from missing
    files = Paginator(session_files(actor=request.actor, session=detail.session), FILES_PAGE_SIZE)
    context = {
        "detail": detail,
        "files": files.get_page(request.GET.get("files_page")),
        "can_rerun": bool(rerun_files(detail.session)),
    }
    return render(request, "exchange/log/session.html", context)


@require_POST
@log_object_page
def session_rerun_start(request, pk: int):
    try:
        original = ExchangeSession.objects.get(pk=pk)
    except ExchangeSession.DoesNotExist as missing:
        raise Http404 from missing
    try:
        rerun = session_rerun(actor=request.actor, session=original)
    except DomainError as refused:
        messages.error(request, refused.message)
        return redirect("exchange_log:session", pk=original.pk)
    messages.success(request, _("Повторная загрузка запущена: её ход виден на этой странице."))
    return redirect("exchange_log:session", pk=rerun.pk)


@require_GET
@log_object_page
def file_download(request, pk: int):
    """The stored file as it was received; a name leading out of the session's folder or a
    file gone from the disk is 404."""
    try:
        stored = exchange_file_get(actor=request.actor, file_id=pk)
    except ExchangeFile.DoesNotExist as missing:
        raise Http404 from missing
    folder = session_folder(stored.session).resolve()
    path = exchange_file_path(stored).resolve()
    if not path.is_relative_to(folder) or not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


@require_GET
@log_page
def integrations(request):
    rows = integration_list(actor=request.actor)
    return render(request, "exchange/log/integrations.html", {"integrations": rows})


@require_http_methods(["GET", "POST"])
@log_object_page
def integration_edit(request, pk: int):
    try:
        integration = integration_get(actor=request.actor, integration_id=pk)
    except Integration.DoesNotExist as missing:
        raise Http404 from missing
    form = IntegrationSettingsForm(
        request.POST if request.method == "POST" else None,
        initial=integration_initial(integration),
    )
    if request.method == "POST" and form.is_valid():
        integration_update(actor=request.actor, integration=integration, **form.cleaned_data)
        messages.success(request, _("Настройки интеграции сохранены."))
        return redirect("exchange_log:integrations")
    context = {"integration": integration, "form": form}
    return render(request, "exchange/log/integration.html", context)
