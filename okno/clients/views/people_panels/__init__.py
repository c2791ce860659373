"""The people-and-places panels: delivery addresses, contacts and people's portal access.

They are shown in two places: as tabs of the staff client card and in the client's own
"My data". The flows are the same; a `PageScope` tells them where they are (which
client, which URL names, which page wraps a panel, what the actor may change).

An HTMX request gets the panel or form alone; any other request gets a whole page.
After a successful change an HTMX form answers with the refreshed panel (re-targeted
onto it); a plain form redirects to the panel's page.
"""

from okno.clients.views.people_panels.base import PageScope

__all__ = ["PageScope"]
