"""Cross-client cases for the people-and-places routes (addresses, contacts, people's
access); `access_cases.py` of the clients app includes them."""

from okno.core.testing.access import AccessCase


def _address(w):
    return {"pk": w.client_a.pk, "address_id": w.address_a1.pk}


def _contact(w):
    return {"pk": w.client_a.pk, "contact_id": w.contact_a.pk}


def _person(w):
    return {"pk": w.client_a.pk, "membership_id": w.a_buyer.membership.pk}


_ADDRESS_FORM = {
    "title": "Склад 2",
    "postal_code": "141009",
    "city": "Мытищи",
    "address": "ул. Новая, 1",
}
_CONTACT_FORM = {"full_name": "Петров Пётр Петрович", "email": "petrov@example.ru"}
# A client admin acts for every legal entity, so the form needs no world-specific ids.
_MEMBERSHIP_FORM = {"role": "client_admin", "may_order": "on", "access_allowed": "on"}

CASES = [
    # staff card tabs (client A's manager owns them)
    AccessCase("clients:card_addresses", lambda w: {"pk": w.client_a.pk}, owner="manager_a"),
    AccessCase(
        "clients:card_address_create",
        lambda w: {"pk": w.client_a.pk},
        owner="manager_a",
        methods=("GET", "POST"),
        data=_ADDRESS_FORM,
    ),
    AccessCase(
        "clients:card_address_edit",
        _address,
        owner="manager_a",
        methods=("GET", "POST"),
        data=_ADDRESS_FORM,
    ),
    AccessCase("clients:card_address_default", _address, owner="manager_a", methods=("POST",)),
    AccessCase("clients:card_address_deactivate", _address, owner="manager_a", methods=("POST",)),
    AccessCase("clients:card_contacts", lambda w: {"pk": w.client_a.pk}, owner="manager_a"),
    AccessCase(
        "clients:card_contact_create",
        lambda w: {"pk": w.client_a.pk},
        owner="manager_a",
        methods=("GET", "POST"),
        data=_CONTACT_FORM,
    ),
    AccessCase(
        "clients:card_contact_edit",
        _contact,
        owner="manager_a",
        methods=("GET", "POST"),
        data=_CONTACT_FORM,
    ),
    AccessCase("clients:card_contact_delete", _contact, owner="manager_a", methods=("POST",)),
    AccessCase("clients:card_people", lambda w: {"pk": w.client_a.pk}, owner="manager_a"),
    AccessCase(
        "clients:card_person_connect",
        lambda w: {"pk": w.client_a.pk},
        owner="manager_a",
        methods=("GET", "POST"),
        data={
            "full_name": "Новиков Н. Н.",
            "email": "novikov@example.ru",
            "role": "client_admin",
            "access_allowed": "on",
        },
    ),
    AccessCase(
        "clients:card_person_edit",
        _person,
        owner="manager_a",
        methods=("GET", "POST"),
        data=_MEMBERSHIP_FORM,
    ),
    AccessCase("clients:card_person_resend", _person, owner="manager_a", methods=("POST",)),
    # the client's own "My data" (client A's admin owns them)
    AccessCase(
        "clients:my_contact_edit",
        lambda w: {"contact_id": w.contact_a.pk},
        methods=("GET", "POST"),
        data=_CONTACT_FORM,
    ),
    AccessCase(
        "clients:my_contact_delete", lambda w: {"contact_id": w.contact_a.pk}, methods=("POST",)
    ),
    AccessCase(
        "clients:my_address_edit",
        lambda w: {"address_id": w.address_a1.pk},
        methods=("GET", "POST"),
        data=_ADDRESS_FORM,
    ),
    AccessCase(
        "clients:my_address_default", lambda w: {"address_id": w.address_a1.pk}, methods=("POST",)
    ),
    AccessCase(
        "clients:my_address_deactivate",
        lambda w: {"address_id": w.address_a1.pk},
        methods=("POST",),
    ),
    AccessCase(
        "clients:my_colleague_edit",
        lambda w: {"membership_id": w.a_buyer.membership.pk},
        methods=("GET", "POST"),
        data=_MEMBERSHIP_FORM,
    ),
    AccessCase(
        "clients:my_colleague_resend",
        lambda w: {"membership_id": w.a_buyer.membership.pk},
        methods=("POST",),
    ),
    # the API (methods are read from the operations)
    AccessCase("api:address_detail", lambda w: {"address_id": w.address_a1.pk}),
    AccessCase(
        "api:address_update",
        lambda w: {"address_id": w.address_a1.pk},
        data={"comment": "Въезд со двора"},
    ),
    AccessCase("api:contact_detail", lambda w: {"contact_id": w.contact_a.pk}),
    AccessCase(
        "api:contact_update",
        lambda w: {"contact_id": w.contact_a.pk},
        data={"position": "Главный бухгалтер"},
    ),
]
