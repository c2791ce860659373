"""The people-and-places panels: delivery addresses, contacts and people's portal access.

They are shown in two places: as tabs of the staff client card and in the client's own
"My data". The flows are the same; a `PageScope` tells them where they are (which
client, which URL names, which page wraps a panel, what the actor may change).

An HTMX request gets the panel or form alone; any other request gets a whole page.
After a successful change an HTMX form answers with the refreshed panel (re-targeted
onto it); a plain form redirects to the panel's page.
"""

from okno.clients.views.people_panels.access import (
    people_panel,
    person_connect_form,
    person_edit_form,
    person_resend_invitation,
)
from okno.clients.views.people_panels.addresses import (
    address_form,
    address_make_default,
    address_switch_off,
    addresses_panel,
)
from okno.clients.views.people_panels.base import PageScope
from okno.clients.views.people_panels.contacts import contact_form, contact_remove, contacts_panel

__all__ = [
    "PageScope",
    "address_form",
    "address_make_default",
    "address_switch_off",
    "addresses_panel",
    "contact_form",
    "contact_remove",
    "contacts_panel",
    "people_panel",
    "person_connect_form",
    "person_edit_form",
    "person_resend_invitation",
]
