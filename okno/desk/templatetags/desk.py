"""The desk's bits of the shared layout: the count of chat mentions not yet read; business
time and shares as the reports show them."""

from django import template

from okno.desk.selectors.sla import duration_text
from okno.desk.services.chat import chat_unread_mentions

register = template.Library()


@register.simple_tag
def desk_chat_unread(user) -> int:
    return chat_unread_mentions(user)


@register.filter
def business_time(seconds: float | None) -> str:
    """Business seconds as «3 ч 20 мин»; a dash when there is nothing to measure."""
    if seconds is None:
        return "—"
    return duration_text(int(seconds))


@register.filter
def share(value: float | None) -> str:
    """A share 0–1 as whole percent; a dash when there is nothing to count."""
    if value is None:
        return "—"
    return f"{round(value * 100)} %"
