"""Business time and shares as the desk's reports show them."""

from django import template

from okno.desk.selectors.sla import duration_text

register = template.Library()


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
