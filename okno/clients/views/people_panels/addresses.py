"""The delivery addresses panel: addresses per legal entity; add, edit, make default,
switch off."""

from __future__ import annotations

from django.utils.translation import gettext as _

from okno.clients.forms.people import AddressForm
from okno.clients.models import DeliveryAddress
from okno.clients.selectors.people import addresses_by_legal_entity, legal_entities_to_act_for
from okno.clients.services.people import (
    address_create,
    address_deactivate,
    address_set_default,
    address_update,
)
from okno.clients.services.people.addresses import ADDRESS_FIELDS
from okno.clients.views.people_panels.base import PageScope, PanelView, require
from okno.core.phone import format_phone


def _groups(request, scope: PageScope) -> dict:
    create_url = scope.url("address_create")
    groups = [
        {
            "legal_entity": group.legal_entity,
            "create_url": f"{create_url}?legal_entity={group.legal_entity.pk}",
            "rows": [_row(scope, address) for address in group.addresses],
        }
        for group in addresses_by_legal_entity(actor=request.actor, client_id=scope.client.pk)
    ]
    # an address belongs to a legal entity: without one there is nothing to add it to
    add_url = create_url if scope.can_edit_places and groups else ""
    return {"groups": groups, "add_url": add_url}


def _row(scope: PageScope, address: DeliveryAddress) -> dict:
    return {
        "address": address,
        "edit_url": scope.url("address_edit", address_id=address.pk),
        "default_url": scope.url("address_default", address_id=address.pk),
        "deactivate_url": scope.url("address_deactivate", address_id=address.pk),
    }


addresses_panel = PanelView(
    "clients/people/addresses.html", _groups, route="addresses", right="can_edit_places"
)


def address_form(request, scope: PageScope, address: DeliveryAddress | None = None):
    """Add an address (choosing the legal entity) or edit one."""
    require(scope.can_edit_places)
    if address is None:
        entities = legal_entities_to_act_for(actor=request.actor, client_id=scope.client.pk)
        chosen = request.GET.get("legal_entity") or request.actor.current_legal_entity_id
        initial = {"legal_entity": chosen}
        action_url = scope.url("address_create")
    else:
        entities = None
        initial = {name: getattr(address, name) for name in ADDRESS_FIELDS}
        initial["contact_phone"] = format_phone(address.contact_phone)
        action_url = scope.url("address_edit", address_id=address.pk)
    form = AddressForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        legal_entities=entities,
    )
    return addresses_panel.form(
        request,
        scope,
        form,
        save=lambda data: _save(request, address, data),
        template="clients/people/address_form.html",
        context={"address": address, "action_url": action_url, "form_id": "address-form"},
    )


def _save(request, address: DeliveryAddress | None, data: dict) -> str:
    fields = {name: data[name] for name in ADDRESS_FIELDS}
    if address is None:
        address = address_create(
            actor=request.actor,
            legal_entity=data["legal_entity"],
            is_default=data["is_default"],
            request=request,
            **fields,
        )
        return _("Адрес «%(address)s» добавлен.") % {"address": address}
    address_update(actor=request.actor, address=address, fields=fields, request=request)
    return _("Адрес «%(address)s» сохранён.") % {"address": address}


def address_make_default(request, scope: PageScope, address: DeliveryAddress):
    """Make the address the default of its legal entity."""
    require(scope.can_edit_places)
    return addresses_panel.act(
        request,
        scope,
        lambda: address_set_default(actor=request.actor, address=address, request=request),
        notice=_("Адрес «%(address)s» теперь адрес по умолчанию.") % {"address": address},
    )


def address_switch_off(request, scope: PageScope, address: DeliveryAddress):
    """Stop offering the address for deliveries; it stays on past orders."""
    require(scope.can_edit_places)
    return addresses_panel.act(
        request,
        scope,
        lambda: address_deactivate(actor=request.actor, address=address, request=request),
        notice=_("Адрес «%(address)s» отключён.") % {"address": address},
    )
