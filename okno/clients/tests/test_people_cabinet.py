"""The client's own "My data" and the legal entity switch in the header."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from okno.clients.models import ClientMembership
from okno.clients.tests.factories import LegalEntityFactory

pytestmark = pytest.mark.django_db


def switch(client, legal_entity_id, next_url=""):
    data = {"legal_entity_id": legal_entity_id, "next": next_url}
    return client.post(reverse("clients:switch_legal_entity"), data)


def test_my_data_links_the_sections_the_person_may_use(world, client):
    client.force_login(world.a_admin)
    page = client.get(reverse("clients:my_data")).content.decode()
    for url_name in ("clients:my_contacts", "clients:my_addresses", "clients:my_colleagues"):
        assert reverse(url_name) in page
    assert "Администратор клиента" in page
    client.force_login(world.a_buyer)
    page = client.get(reverse("clients:my_data")).content.decode()
    assert reverse("clients:my_colleagues") not in page
    assert escape(world.entity_a1.name) in page
    assert escape(world.entity_a2.name) not in page


def test_staff_are_sent_from_my_data_to_their_workspace(world, client):
    client.force_login(world.manager_a)
    response = client.get(reverse("clients:my_addresses"))
    assert response.status_code == 302
    assert response.url == reverse("core:home")


def test_the_switch_shows_the_current_legal_entity_and_the_others(world, client):
    client.force_login(world.a_admin)
    page = client.get(reverse("clients:my_data")).content.decode()
    assert 'id="legal-entity-switch"' in page
    assert f'name="legal_entity_id" value="{world.entity_a2.pk}"' in page
    client.force_login(world.a_buyer)
    page = client.get(reverse("clients:my_data")).content.decode()
    assert 'id="legal-entity-switch"' not in page  # one legal entity: shown, not switched
    assert escape(world.entity_a1.name) in page


def test_the_chosen_legal_entity_is_remembered_across_requests_and_logins(world, client):
    client.force_login(world.a_admin)
    response = switch(client, world.entity_a2.pk, next_url=reverse("clients:my_addresses"))
    assert response.status_code == 302
    assert response.url == reverse("clients:my_addresses")
    assert ClientMembership.objects.get(user=world.a_admin).current_legal_entity == world.entity_a2
    page = client.get(reverse("clients:my_addresses")).content.decode()
    assert f'value="{world.entity_a2.pk}" class="dropdown-item active" aria-current="true"' in page
    client.logout()
    client.force_login(world.a_admin)
    form = client.get(reverse("clients:my_address_create")).content.decode()
    assert f'<option value="{world.entity_a2.pk}" selected>' in form


def test_a_legal_entity_the_person_does_not_act_for_is_refused(world, client):
    client.force_login(world.a_buyer)
    assert switch(client, world.entity_a2.pk).status_code == 404
    assert switch(client, world.entity_b.pk).status_code == 404
    assert switch(client, "x").status_code == 404
    inactive = LegalEntityFactory(client=world.client_a, is_active=False)
    client.force_login(world.a_admin)
    assert switch(client, inactive.pk).status_code == 404
    assert ClientMembership.objects.get(user=world.a_buyer).current_legal_entity is None


def test_the_switch_returns_only_to_this_site(world, client):
    client.force_login(world.a_admin)
    response = switch(client, world.entity_a1.pk, next_url="https://evil.example/steal")
    assert response.url == reverse("core:home")
    assert client.get(reverse("clients:switch_legal_entity")).status_code == 405
