"""What the desk's pages share: refusals turned into messages, and files for download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from okno.core.errors import DomainError, NotAllowed
from okno.desk.selectors.appeal import attachment_get
from okno.desk.services.rules import check_works_desk, supervises_desk


def desk_only(request) -> None:
    """The desk's pages are for its staff: anyone else gets 403 with the reason."""
    try:
        check_works_desk(request.actor)
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.message) from refusal


def supervisor_only(request) -> None:
    """The department supervisor's pages (reports, operators): 403 for anyone else."""
    if not supervises_desk(request.actor):
        raise PermissionDenied(_("Страница руководителя претензионного отдела."))


def refused(request, error: DomainError, *, back: str):
    """A service's refusal: 403 for a role that may not, a message for the rest."""
    if isinstance(error, NotAllowed):
        raise PermissionDenied(error.message) from error
    messages.error(request, error.message)
    return redirect(back)


@require_GET
@login_required
def attachment(request, pk: int):
    """A file of an appeal the person sees, downloaded under the name it was given."""
    found = attachment_get(actor=request.actor, attachment_id=pk)
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.name,
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
