"""The audit log page: who may open it, filters, pages, bounded queries."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from okno.audit.models import AuditEvent
from okno.audit.services import audit_record

pytestmark = pytest.mark.django_db

URL = reverse("audit:list")


@pytest.fixture
def admin_client(world, client):
    client.force_login(world.admin)
    return client


def _at(day: str) -> datetime:
    return timezone.make_aware(datetime.strptime(day, "%d.%m.%Y").replace(hour=12))


@pytest.fixture
def events(world):
    audit_record(action="login.success", user=world.a_admin, obj=world.a_admin)
    audit_record(
        action="contract.updated",
        user=world.manager_a,
        obj=world.contract_a1,
        changes={"credit_limit": ["0.00", "500000.00"]},
    )
    audit_record(action="legal_entity.updated", user=world.manager_b, obj=world.entity_b)
    AuditEvent.objects.filter(action="login.success").update(at=_at("01.03.2026"))
    AuditEvent.objects.filter(action="contract.updated").update(at=_at("05.03.2026"))
    AuditEvent.objects.filter(action="legal_entity.updated").update(at=_at("10.03.2026"))


def test_anonymous_is_sent_to_login(client):
    assert client.get(URL).url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", ["a_admin", "manager_a", "operator"])
def test_others_get_403(world, client, who):
    client.force_login(getattr(world, who))
    assert client.get(URL).status_code == 403


def test_admin_sees_events_with_labels_and_changes(admin_client, events):
    response = admin_client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Договор изменён" in text
    assert "credit_limit: 0.00 → 500000.00" in text
    assert "Клиент А" in text
    assert "Клиент Б" in text


def _actions(response) -> list[str]:
    return [row["action"] for row in response.context["rows"]]


def test_filter_by_action(admin_client, events):
    assert _actions(admin_client.get(URL, {"action": "login.success"})) == ["Вход"]


def test_filter_by_user_text(admin_client, events, world):
    response = admin_client.get(URL, {"user": world.manager_b.email[:8]})
    assert "Юрлицо изменено" in _actions(response)
    assert "Вход" not in _actions(response)


def test_filter_by_client_name(admin_client, events):
    assert _actions(admin_client.get(URL, {"client": "Клиент Б"})) == ["Юрлицо изменено"]


@pytest.mark.parametrize("typed", ["ромашка", "РОМАШКА", "Ромашка"])
def test_cyrillic_search_ignores_case(admin_client, world, typed):
    world.client_a.name = "Ромашка Трейд"
    world.client_a.save()
    world.manager_a.full_name = "Ёлкина Мария"
    world.manager_a.save()
    audit_record(action="client.updated", user=world.manager_a, obj=world.client_a)
    audit_record(action="legal_entity.updated", user=world.manager_b, obj=world.entity_b)
    assert _actions(admin_client.get(URL, {"client": typed})) == ["Клиент изменён"]
    assert _actions(admin_client.get(URL, {"user": "ёЛКИНА"})) == ["Клиент изменён"]


def test_nul_in_a_search_box_is_explained_not_a_500(admin_client, events):
    response = admin_client.get(URL, {"client": "Клиент\x00", "user": "\x00"})
    assert response.status_code == 200
    assert "Клиент</a>:" in response.content.decode()


def test_filter_by_object_type(admin_client, events):
    assert _actions(admin_client.get(URL, {"object_type": "clients.contract"})) == [
        "Договор изменён"
    ]


def test_filter_by_date_range(admin_client, events):
    response = admin_client.get(URL, {"date_from": "02.03.2026", "date_to": "05.03.2026"})
    assert _actions(response) == ["Договор изменён"]


def test_bad_dates_are_explained(admin_client, events):
    text = admin_client.get(URL, {"date_from": "2026-13-01"}).content.decode()
    assert "С даты</a>:" in text
    assert "дд.мм.гггг" in text
    text = admin_client.get(
        URL, {"date_from": "10.03.2026", "date_to": "01.03.2026"}
    ).content.decode()
    assert "позже" in text


def test_unknown_action_is_explained_not_a_500(admin_client, events):
    response = admin_client.get(URL, {"action": "<script>"})
    assert response.status_code == 200
    assert "Событие</a>:" in response.content.decode()


def test_pages_of_fifty_with_bounded_queries(admin_client, world, django_assert_max_num_queries):
    AuditEvent.objects.bulk_create(
        AuditEvent(
            action="login.failure",
            user=world.a_admin,
            client=world.client_a,
            object_type="accounts.user",
            object_id=str(world.a_admin.pk),
            at=timezone.now() - timedelta(minutes=n),
        )
        for n in range(120)
    )
    with django_assert_max_num_queries(8):
        first = admin_client.get(URL)
    assert len(first.context["rows"]) == 50
    with django_assert_max_num_queries(8):
        third = admin_client.get(URL, {"page": 3, "action": "login.failure"})
    assert len(third.context["rows"]) == 20
    assert "3 из 3" in third.content.decode()


def test_htmx_gets_only_the_results(admin_client, events):
    response = admin_client.get(URL, {"action": "login.success"}, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert 'id="audit-results"' in text
    assert "<html" not in text
