"""«Who else is viewing» on the operator's appeal page: the page's poll says the operator
still has it open (and whether they are typing a reply) and answers the colleagues who
have it open too; leaving the page says goodbye (`state=leave`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from okno.core.errors import NotAllowed
from okno.desk.selectors.appeal import appeal_get
from okno.desk.selectors.presence import appeal_viewers
from okno.desk.services.presence import appeal_presence_beat, appeal_presence_leave


def presence_context(request, appeal, *, first: bool = False) -> dict:
    """The presence line: who else has the page open; `first` on the page itself, whose
    line signals at once when it loads."""
    return {
        "appeal": appeal,
        "viewers": appeal_viewers(actor=request.actor, appeal=appeal),
        "presence_first": first,
    }


@login_required
@require_POST
def presence(request, pk: int):
    found = appeal_get(actor=request.actor, appeal_id=pk)
    try:
        if request.POST.get("state") == "leave":
            appeal_presence_leave(actor=request.actor, appeal=found)
            return HttpResponse(status=204)
        typing = request.POST.get("typing") == "1"
        appeal_presence_beat(actor=request.actor, appeal=found, typing=typing)
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.message) from refusal
    return TemplateResponse(request, "desk/staff/_presence.html", presence_context(request, found))
