"""The staff client card's header (name, manager, status, missing fields) and its tabs,
for every page of the card, whichever module renders it."""

from django import template

from okno.clients.selectors.records import client_missing_hints
from okno.clients.views.card import card_tabs, tab_of

register = template.Library()


@register.inclusion_tag("clients/staff/card/_header.html", takes_context=True)
def client_card_header(context, client) -> dict:
    """Header and tabs; the open tab is `tab` in the context or follows from the URL name."""
    request = context["request"]
    match = getattr(request, "resolver_match", None)
    tabs = card_tabs(client)
    return {
        "client": client,
        "tabs": tabs,
        "tab": context.get("tab") or tab_of(match.url_name if match else None),
        "hints": hint_links(client, tabs),
        "request": request,
        "actor": context.get("actor"),
    }


def hint_links(client, tabs: list[dict]) -> list[dict]:
    """The missing fields, each with the URL of the tab where it is filled in."""
    urls = {tab["key"]: tab["url"] for tab in tabs}
    return [
        {"text": hint.text, "url": urls.get(hint.tab, urls.get("overview", ""))}
        for hint in client_missing_hints(client=client)
    ]
