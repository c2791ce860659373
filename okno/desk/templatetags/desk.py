"""The desk's bits of the shared layout: the count of chat mentions not yet read."""

from django import template

from okno.desk.services.chat import chat_unread_mentions

register = template.Library()


@register.simple_tag
def desk_chat_unread(user) -> int:
    return chat_unread_mentions(user)
