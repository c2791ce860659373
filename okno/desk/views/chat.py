"""The department chat page: the latest messages, new ones fetched every few seconds while
the page is open (HTMX), and the form to write; desk staff only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from okno.core.errors import DomainError
from okno.core.schemas import parse_id
from okno.desk.models import ChatMessage
from okno.desk.services.chat import chat_post, chat_seen, chat_unread_mentions
from okno.desk.views.common import desk_only

LATEST = 100


@login_required
@require_http_methods(["GET", "POST"])
def chat(request):
    desk_only(request)
    if request.method == "POST":
        return _post(request)
    rows = list(_messages().order_by("-pk")[:LATEST])[::-1]
    if rows:
        chat_seen(actor=request.actor, last_id=rows[-1].pk)
    context = {"chat_messages": rows, "last_id": rows[-1].pk if rows else 0}
    return TemplateResponse(request, "desk/staff/chat.html", context)


@login_required
@require_GET
def chat_since(request):
    """The messages after `?after=<id>`, for the open page to append."""
    desk_only(request)
    after = parse_id(request.GET.get("after")) or 0
    rows = list(_messages().filter(pk__gt=after)[:LATEST])
    if rows:
        chat_seen(actor=request.actor, last_id=rows[-1].pk)
    context = {"chat_messages": rows, "last_id": rows[-1].pk if rows else after}
    return TemplateResponse(request, "desk/staff/_chat_messages.html", context)


@login_required
@require_GET
def chat_unread(request):
    """The menu's badge of mentions not yet read, fetched after the page (so no page pays
    for it) and every minute."""
    desk_only(request)
    count = chat_unread_mentions(request.actor.user)
    return TemplateResponse(request, "desk/staff/_chat_unread.html", {"unread_mentions": count})


def _post(request):
    try:
        _message, mentions = chat_post(actor=request.actor, text=request.POST.get("text", ""))
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("desk:chat")
    if mentions.unknown:
        names = ", ".join(f"@{token}" for token in mentions.unknown)
        messages.warning(
            request,
            _(
                "Не нашли, кого вы упомянули: %(names)s. Упомяните коллегу по логину — "
                "началу его e-mail до «@»."
            )
            % {"names": names},
        )
    return redirect("desk:chat")


def _messages():
    return ChatMessage.objects.select_related("author").prefetch_related("mentions")
