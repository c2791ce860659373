from django.urls import path

from okno.clients.views import cabinet

urlpatterns = [
    path("my/", cabinet.my_data, name="my_data"),
    path("my/contacts/", cabinet.my_contacts, name="my_contacts"),
    path("my/contacts/new/", cabinet.my_contact_create, name="my_contact_create"),
    path("my/contacts/<int:contact_id>/edit/", cabinet.my_contact_edit, name="my_contact_edit"),
    path(
        "my/contacts/<int:contact_id>/delete/",
        cabinet.my_contact_delete,
        name="my_contact_delete",
    ),
    path("my/addresses/", cabinet.my_addresses, name="my_addresses"),
    path("my/addresses/new/", cabinet.my_address_create, name="my_address_create"),
    path("my/addresses/<int:address_id>/edit/", cabinet.my_address_edit, name="my_address_edit"),
    path(
        "my/addresses/<int:address_id>/default/",
        cabinet.my_address_default,
        name="my_address_default",
    ),
    path(
        "my/addresses/<int:address_id>/deactivate/",
        cabinet.my_address_deactivate,
        name="my_address_deactivate",
    ),
    path("my/colleagues/", cabinet.my_colleagues, name="my_colleagues"),
    path("my/colleagues/invite/", cabinet.my_colleague_invite, name="my_colleague_invite"),
    path(
        "my/colleagues/<int:membership_id>/edit/",
        cabinet.my_colleague_edit,
        name="my_colleague_edit",
    ),
    path(
        "my/colleagues/<int:membership_id>/resend/",
        cabinet.my_colleague_resend,
        name="my_colleague_resend",
    ),
    path("my/legal-entity/", cabinet.switch_legal_entity, name="switch_legal_entity"),
]

# --- the cabinet home and the read-only legal entities page ---
from okno.clients.views import cabinet_home  # noqa: E402

urlpatterns += [
    path("cabinet/", cabinet_home.cabinet, name="cabinet"),
    path("my/legal-entities/", cabinet_home.legal_entities, name="legal_entities"),
]
