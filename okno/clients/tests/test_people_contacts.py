"""Contacts and representatives through the pages and the API."""

import pytest
from django.urls import reverse

from okno.audit.models import AuditEvent
from okno.clients.models import Contact
from okno.clients.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_a_client_person_adds_a_representative_with_a_power_of_attorney(world, client):
    client.force_login(world.a_buyer)
    form = {
        "full_name": "Сидорова Анна Павловна",
        "position": "Кладовщик",
        "email": "Sidorova@Example.RU",
        "phone": "+7 (903) 555-12-34",
        "is_representative": "on",
        "power_of_attorney": "№ 15 от 10.01.2026",
        "power_of_attorney_until": "31.12.2026",
    }
    response = client.post(reverse("clients:my_contact_create"), form)
    assert response.status_code == 302
    contact = Contact.objects.get(full_name="Сидорова Анна Павловна")
    assert contact.client_id == world.client_a.pk
    assert (contact.email, contact.phone) == ("sidorova@example.ru", "+79035551234")
    assert str(contact.power_of_attorney_until) == "2026-12-31"
    page = client.get(reverse("clients:my_contacts")).content.decode()
    assert "№ 15 от 10.01.2026" in page
    assert "+7 903 555-12-34" in page


def test_a_plain_contact_keeps_no_power_of_attorney(world, client):
    client.force_login(world.manager_a)
    url = reverse(
        "clients:card_contact_edit",
        kwargs={"pk": world.client_a.pk, "contact_id": world.contact_a.pk},
    )
    form = {
        "full_name": world.contact_a.full_name,
        "power_of_attorney": "№ 1",
        "power_of_attorney_until": "2026-05-01",
    }
    response = client.post(url, form, **HTMX)
    assert response["HX-Retarget"] == "#contacts-panel"
    world.contact_a.refresh_from_db()
    assert world.contact_a.power_of_attorney == ""
    assert world.contact_a.power_of_attorney_until is None


def test_bad_contact_input_is_named_and_nothing_is_stored(world, client):
    client.force_login(world.a_admin)
    form = {
        "full_name": "",
        "email": "not-an-email",
        "phone": "555",
        "power_of_attorney_until": "32.13.2026",
    }
    response = client.post(reverse("clients:my_contact_create"), form, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_full_name">ФИО</a>: Укажите ФИО.' in page
    assert "Проверьте e-mail" in page
    assert "Номер телефона должен состоять из 10 цифр" in page
    assert "Укажите дату в виде ДД.ММ.ГГГГ" in page
    assert Contact.objects.count() == 1


def test_the_manager_deletes_a_contact_and_it_is_audited(world, client):
    client.force_login(world.manager_a)
    url = reverse(
        "clients:card_contact_delete",
        kwargs={"pk": world.client_a.pk, "contact_id": world.contact_a.pk},
    )
    response = client.post(url, **HTMX)
    assert response.status_code == 200
    assert "удалён" in response.content.decode()
    assert not Contact.objects.filter(pk=world.contact_a.pk).exists()
    assert AuditEvent.objects.filter(action="contact.deleted", client=world.client_a).exists()


def test_a_contact_with_portal_access_is_not_deleted(world, client):
    contact = ContactFactory(client=world.client_a, user=world.a_buyer)
    client.force_login(world.a_admin)
    url = reverse("clients:my_contact_delete", kwargs={"contact_id": contact.pk})
    response = client.post(url, **HTMX)
    assert response.status_code == 200
    assert "пользователь портала" in response.content.decode()
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_contacts_of_another_client_are_not_found(world, client):
    foreign = ContactFactory(client=world.client_b)
    client.force_login(world.a_admin)
    assert (
        client.get(
            reverse("clients:my_contact_edit", kwargs={"contact_id": foreign.pk})
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("api:contact_detail", kwargs={"contact_id": foreign.pk})).status_code
        == 404
    )
    listed = client.get(reverse("api:contact_list")).json()
    assert [item["id"] for item in listed["items"]] == [world.contact_a.pk]


def test_the_api_creates_and_changes_contacts(world, client):
    client.force_login(world.a_admin)
    created = client.post(
        reverse("api:contact_create"),
        {
            "full_name": "Орлов Олег",
            "phone": "89161112233",
            "is_representative": True,
            "power_of_attorney_until": "2026-06-30",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert body["client_id"] == world.client_a.pk
    assert body["phone"] == "+79161112233"
    assert body["power_of_attorney_until"] == "2026-06-30"
    url = reverse("api:contact_update", kwargs={"contact_id": body["id"]})
    changed = client.patch(url, {"position": "Директор"}, content_type="application/json")
    assert changed.status_code == 200
    assert changed.json()["position"] == "Директор"
    bad = client.patch(url, {"email": "oops"}, content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "email"]


def test_staff_name_the_client_when_adding_a_contact(world, client):
    client.force_login(world.manager_a)
    url = reverse("api:contact_create")
    missing = client.post(url, {"full_name": "Орлов Олег"}, content_type="application/json")
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "client_id"]
    foreign = client.post(
        url,
        {"full_name": "Орлов Олег", "client_id": world.client_b.pk},
        content_type="application/json",
    )
    assert foreign.status_code == 404
    ok = client.post(
        url,
        {"full_name": "Орлов Олег", "client_id": world.client_a.pk},
        content_type="application/json",
    )
    assert ok.status_code == 201


def test_the_api_filters_and_pages_contacts(world, client):
    # names spelled out, none with «яковлев» in them (as a patronymic «Яковлевич» would be)
    for name in ("Смирнова Анна", "Кузнецов Олег", "Попова Вера", "Орлова Нина"):
        ContactFactory(client=world.client_a, full_name=name)
    ContactFactory(client=world.client_a, is_representative=True, full_name="Яковлев Яков")
    client.force_login(world.manager_a)
    url = reverse("api:contact_list")
    everyone = client.get(url, {"client_id": world.client_a.pk, "limit": 2, "offset": 2}).json()
    assert everyone["count"] == 6
    assert len(everyone["items"]) == 2
    representatives = client.get(url, {"is_representative": "true"}).json()
    assert [item["full_name"] for item in representatives["items"]] == ["Яковлев Яков"]
    assert client.get(url, {"search": "яковлев"}).json()["count"] == 1


@pytest.mark.parametrize("term", ["яковлев", "ЯКОВЛЕВ", "яКОВлев"])
def test_the_api_finds_contacts_by_a_cyrillic_name_in_any_case(world, client, term):
    wanted = ContactFactory(client=world.client_a, full_name="Яковлев Яков")
    ContactFactory(client=world.client_a, full_name="Петров Пётр")
    ContactFactory(client=world.client_b, full_name="Яковлева Анна")  # another client's
    client.force_login(world.manager_a)
    found = client.get(reverse("api:contact_list"), {"search": term}).json()
    assert [item["id"] for item in found["items"]] == [wanted.pk]


@pytest.mark.parametrize("method", ["post", "patch"])
def test_the_api_asks_for_the_date_format_it_accepts(world, client, method):
    client.force_login(world.a_admin)
    if method == "post":
        url = reverse("api:contact_create")
        body = {"full_name": "Орлов Олег", "power_of_attorney_until": "31.12.2026"}
    else:
        url = reverse("api:contact_update", kwargs={"contact_id": world.contact_a.pk})
        body = {"power_of_attorney_until": "31.12.2026"}
    response = getattr(client, method)(url, body, content_type="application/json")
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"] == ["body", "power_of_attorney_until"]
    assert problem["msg"] == "Дата в формате ГГГГ-ММ-ДД."
    assert Contact.objects.count() == 1
    world.contact_a.refresh_from_db()
    assert world.contact_a.power_of_attorney_until is None
