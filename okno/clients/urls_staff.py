"""Staff pages of clients: the workspace home, the client list and the client card's tabs."""

from django.urls import path

from okno.clients.views import staff, staff_records

urlpatterns = [
    path("staff/home/", staff.staff_home, name="staff_home"),
    path("staff/clients/", staff.staff_list, name="staff_list"),
    path("staff/clients/new/", staff.client_new, name="client_new"),
    path("staff/clients/<int:pk>/", staff.card, name="card"),
    path("staff/clients/<int:pk>/overview/", staff.card_overview, name="card_overview"),
    path("staff/clients/<int:pk>/audit/", staff.card_audit, name="card_audit"),
    path("staff/clients/<int:pk>/hints/", staff.card_hints, name="card_hints"),
    path(
        "staff/clients/<int:pk>/legal-entities/",
        staff_records.card_legal_entities,
        name="card_legal_entities",
    ),
    path(
        "staff/clients/<int:pk>/legal-entities/new/",
        staff_records.legal_entity_new,
        name="legal_entity_new",
    ),
    path(
        "staff/legal-entities/<int:pk>/edit/",
        staff_records.legal_entity_edit,
        name="legal_entity_edit",
    ),
    path(
        "staff/legal-entities/<int:pk>/bank-accounts/new/",
        staff_records.bank_account_new,
        name="bank_account_new",
    ),
    path(
        "staff/bank-accounts/<int:pk>/edit/",
        staff_records.bank_account_edit,
        name="bank_account_edit",
    ),
    path(
        "staff/bank-accounts/<int:pk>/delete/",
        staff_records.bank_account_remove,
        name="bank_account_delete",
    ),
    path("staff/clients/<int:pk>/contracts/", staff_records.card_contracts, name="card_contracts"),
    path(
        "staff/clients/<int:pk>/contracts/new/",
        staff_records.contract_new,
        name="contract_new",
    ),
    path("staff/contracts/<int:pk>/edit/", staff_records.contract_edit, name="contract_edit"),
]

# --- client card tabs about people and places: addresses, contacts, people's access ---
from okno.clients.views import people_staff  # noqa: E402

urlpatterns += [
    path("staff/clients/<int:pk>/addresses/", people_staff.card_addresses, name="card_addresses"),
    path(
        "staff/clients/<int:pk>/addresses/new/",
        people_staff.card_address_create,
        name="card_address_create",
    ),
    path(
        "staff/clients/<int:pk>/addresses/<int:address_id>/edit/",
        people_staff.card_address_edit,
        name="card_address_edit",
    ),
    path(
        "staff/clients/<int:pk>/addresses/<int:address_id>/default/",
        people_staff.card_address_default,
        name="card_address_default",
    ),
    path(
        "staff/clients/<int:pk>/addresses/<int:address_id>/deactivate/",
        people_staff.card_address_deactivate,
        name="card_address_deactivate",
    ),
    path("staff/clients/<int:pk>/contacts/", people_staff.card_contacts, name="card_contacts"),
    path(
        "staff/clients/<int:pk>/contacts/new/",
        people_staff.card_contact_create,
        name="card_contact_create",
    ),
    path(
        "staff/clients/<int:pk>/contacts/<int:contact_id>/edit/",
        people_staff.card_contact_edit,
        name="card_contact_edit",
    ),
    path(
        "staff/clients/<int:pk>/contacts/<int:contact_id>/delete/",
        people_staff.card_contact_delete,
        name="card_contact_delete",
    ),
    path("staff/clients/<int:pk>/people/", people_staff.card_people, name="card_people"),
    path(
        "staff/clients/<int:pk>/people/connect/",
        people_staff.card_person_connect,
        name="card_person_connect",
    ),
    path(
        "staff/clients/<int:pk>/people/<int:membership_id>/edit/",
        people_staff.card_person_edit,
        name="card_person_edit",
    ),
    path(
        "staff/clients/<int:pk>/people/<int:membership_id>/resend/",
        people_staff.card_person_resend,
        name="card_person_resend",
    ),
]
