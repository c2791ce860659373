"""The contacts panel: contact persons and representatives; add, edit, delete."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from okno.clients.forms.people import ContactForm
from okno.clients.models import Contact
from okno.clients.selectors.people import contact_list
from okno.clients.services.people import contact_create, contact_delete, contact_update
from okno.clients.views.people_panels.base import PageScope, PanelView, require
from okno.core.phone import format_phone


def _contacts(request, scope: PageScope) -> dict:
    rows = [
        {
            "contact": contact,
            "edit_url": scope.url("contact_edit", contact_id=contact.pk),
            "delete_url": scope.url("contact_delete", contact_id=contact.pk),
        }
        for contact in contact_list(actor=request.actor, client_id=scope.client.pk)
    ]
    add_url = scope.url("contact_create") if scope.can_edit_places else ""
    return {"rows": rows, "add_url": add_url, "today": timezone.localdate()}


contacts_panel = PanelView(
    "clients/people/contacts.html", _contacts, route="contacts", right="can_edit_places"
)


def contact_form(request, scope: PageScope, contact: Contact | None = None):
    """Add a contact or edit one."""
    require(scope.can_edit_places)
    initial = _initial(contact) if contact is not None else {}
    form = ContactForm(request.POST if request.method == "POST" else None, initial=initial)
    action_url = (
        scope.url("contact_edit", contact_id=contact.pk)
        if contact is not None
        else scope.url("contact_create")
    )
    return contacts_panel.form(
        request,
        scope,
        form,
        save=lambda data: _save(request, scope, contact, data),
        template="clients/people/contact_form.html",
        context={"contact": contact, "action_url": action_url, "form_id": "contact-form"},
    )


def _initial(contact: Contact) -> dict:
    initial = {name: getattr(contact, name) for name in ContactForm.base_fields}
    initial["phone"] = format_phone(contact.phone)
    return initial


def _save(request, scope: PageScope, contact: Contact | None, data: dict) -> str:
    if contact is None:
        contact = contact_create(actor=request.actor, client=scope.client, request=request, **data)
        return _("Контакт «%(name)s» добавлен.") % {"name": contact}
    contact_update(actor=request.actor, contact=contact, request=request, **data)
    return _("Контакт «%(name)s» сохранён.") % {"name": contact}


def contact_remove(request, scope: PageScope, contact: Contact):
    """Remove a contact; one who is a person with portal access stays, and their access is
    switched off on the people page instead."""
    require(scope.can_edit_places)
    return contacts_panel.act(
        request,
        scope,
        lambda: contact_delete(actor=request.actor, contact=contact, request=request),
        notice=_("Контакт «%(name)s» удалён.") % {"name": contact},
    )
