"""The Telegram channel's pages: the bot's webhook, which Telegram calls with each update
(checked by the secret token set in setWebhook), and the client's «Подключить Telegram»
page with a one-time deep link to the bot."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from okno.core.views import client_page
from okno.desk.channels.base import BadUpdate
from okno.desk.channels.telegram.intake import update_store, update_take
from okno.desk.channels.telegram.linking import chats_of, deep_link, link_code_issue
from okno.desk.models import TelegramBot

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@csrf_exempt
@require_POST
def webhook(request, username: str):
    """Keep the update, then take it; Telegram gets 200 for every update it may forget
    (a quarantined one included: sending it again would change nothing)."""
    bot = get_object_or_404(TelegramBot, username=username, is_active=True, polling=False)
    given = request.headers.get(SECRET_HEADER, "")
    if not bot.webhook_secret or not constant_time_compare(given, bot.webhook_secret):
        return HttpResponseForbidden()
    try:
        update = update_store(bot=bot, raw=request.body)
    except BadUpdate:
        return HttpResponseBadRequest()
    if update is not None:
        update_take(update)
    return HttpResponse("ok", content_type="text/plain")


@client_page
@require_http_methods(["GET", "POST"])
def link(request):
    """The person's linked chats and, on request, a fresh deep link to each bot."""
    bots = list(TelegramBot.objects.filter(is_active=True))
    links = []
    if request.method == "POST" and bots:
        code = link_code_issue(actor=request.actor)
        links = [(bot, deep_link(bot, code)) for bot in bots]
    context = {"bots": bots, "links": links, "chats": chats_of(request.actor)}
    return TemplateResponse(request, "desk/client/telegram.html", context)
