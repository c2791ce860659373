"""Django admin of client records: administrators look records up and follow a link to the
client card; no add, change or delete there goes around the services' checks and audit."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from okno.audit.models import AuditEvent
from okno.clients.models import Client, ClientMembership

pytestmark = pytest.mark.django_db

# model → (the record from the world, the card tab that edits it)
RECORDS = {
    "client": (lambda w: w.client_a, "clients:card"),
    "legalentity": (lambda w: w.entity_a1, "clients:card_legal_entities"),
    "bankaccount": (lambda w: w.entity_a1.bank_accounts.get(), "clients:card_legal_entities"),
    "contract": (lambda w: w.contract_a1, "clients:card_contracts"),
    "deliveryaddress": (lambda w: w.address_a1, "clients:card_addresses"),
    "contact": (lambda w: w.contact_a, "clients:card_contacts"),
    "clientmembership": (
        lambda w: ClientMembership.objects.get(user=w.a_buyer),
        "clients:card_people",
    ),
}


@pytest.fixture
def admin_client(world, client):
    client.force_login(world.admin)
    return client


@pytest.mark.parametrize("model", RECORDS)
def test_lists_and_records_open_with_a_link_to_the_client_card(admin_client, world, model):
    record_of, tab = RECORDS[model]
    record = record_of(world)
    card_link = f'href="{reverse(tab, kwargs={"pk": world.client_a.pk})}"'
    listed = admin_client.get(reverse(f"admin:clients_{model}_changelist"))
    assert listed.status_code == 200
    assert card_link in listed.text
    shown = admin_client.get(reverse(f"admin:clients_{model}_change", args=[record.pk]))
    assert shown.status_code == 200
    assert card_link in shown.text
    assert 'type="submit"' not in shown.text.split('id="content-main"')[1]


@pytest.mark.parametrize("model", RECORDS)
def test_records_are_not_changed_added_or_deleted_in_the_admin(admin_client, world, model):
    record_of, _tab = RECORDS[model]
    record = record_of(world)
    before = model_to_dict(record)
    events = AuditEvent.objects.count()
    change_url = reverse(f"admin:clients_{model}_change", args=[record.pk])
    form = {**{k: v for k, v in before.items() if v is not None}, "name": "Изменено"}
    assert admin_client.post(change_url, form).status_code == 403
    assert admin_client.get(reverse(f"admin:clients_{model}_add")).status_code == 403
    delete_url = reverse(f"admin:clients_{model}_delete", args=[record.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    record.refresh_from_db()
    assert model_to_dict(record) == before
    assert AuditEvent.objects.count() == events


def test_no_bulk_delete_on_the_client_list(admin_client, world):
    url = reverse("admin:clients_client_changelist")
    assert "delete_selected" not in admin_client.get(url).text
    response = admin_client.post(
        url, {"action": "delete_selected", "_selected_action": [world.client_b.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302)
    assert Client.objects.filter(pk=world.client_b.pk).exists()


def test_price_types_stay_editable_settings(admin_client):
    assert admin_client.get(reverse("admin:catalog_pricetype_add")).status_code == 200
