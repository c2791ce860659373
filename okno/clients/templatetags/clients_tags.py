"""Template tags of the clients pages: the legal entity switch and phones."""

from django import template

from okno.clients.selectors.people import legal_entity_switch_options
from okno.core.phone import format_phone

register = template.Library()


@register.simple_tag(takes_context=True)
def legal_entity_switch(context) -> dict:
    """The legal entities the person acts for and the current one, loaded once per
    request (one query): `{"options": [...], "current": LegalEntity | None}`."""
    request = context.get("request")
    if request is None:
        return {"options": [], "current": None}
    cached = getattr(request, "_okno_legal_entity_switch", None)
    if cached is None:
        actor = request.actor
        options = legal_entity_switch_options(actor=actor)
        current = next((e for e in options if e.pk == actor.current_legal_entity_id), None)
        cached = {"options": options, "current": current}
        request._okno_legal_entity_switch = cached
    return cached


@register.filter
def phone(value: str) -> str:
    """+79161234567 → +7 916 123-45-67."""
    return format_phone(value or "")
