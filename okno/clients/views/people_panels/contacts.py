"""The contacts panel: contact persons and representatives; add, edit, delete."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from okno.clients.forms.people import ContactForm
from okno.clients.models import Contact
from okno.clients.selectors.people import contact_list
from okno.clients.services.people import contact_create, contact_delete, contact_update
from okno.clients.views.people_panels.base import (
    PageScope,
    PanelView,
    answer_done,
    answer_refused,
    render_form,
    render_page,
    require,
    submit,
)
from okno.core.errors import DomainError
from okno.core.phone import format_phone


def _render_contacts(request, scope: PageScope, *, notice: str = "", notice_level="success"):
    rows = [
        {
            "contact": contact,
            "edit_url": scope.url("contact_edit", contact_id=contact.pk),
            "delete_url": scope.url("contact_delete", contact_id=contact.pk),
        }
        for contact in contact_list(actor=request.actor, client_id=scope.client.pk)
    ]
    context = {
        "rows": rows,
        "create_url": scope.url("contact_create"),
        "today": timezone.localdate(),
        "notice": notice,
        "notice_level": notice_level,
    }
    return render_page(request, scope, "clients/people/contacts.html", context)


contacts_panel = PanelView(_render_contacts, element_id="contacts-panel", route="contacts")


def contact_form(request, scope: PageScope, contact: Contact | None = None):
    """Add a contact or edit one."""
    require(scope.can_edit_places)
    initial = _initial(contact) if contact is not None else {}
    form = ContactForm(request.POST if request.method == "POST" else None, initial=initial)
    notice = submit(request, form, lambda data: _save(request, scope, contact, data))
    if notice:
        return answer_done(request, scope, contacts_panel, notice)
    action_url = (
        scope.url("contact_edit", contact_id=contact.pk)
        if contact is not None
        else scope.url("contact_create")
    )
    context = {"form": form, "contact": contact, "action_url": action_url}
    return render_form(request, scope, contacts_panel, "clients/people/contact_form.html", context)


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
    require(scope.can_edit_places)
    try:
        contact_delete(actor=request.actor, contact=contact, request=request)
    except DomainError as error:
        return answer_refused(request, scope, contacts_panel, error)
    notice = _("Контакт «%(name)s» удалён.") % {"name": contact}
    return answer_done(request, scope, contacts_panel, notice)
