"""Access on/off and invitations show in the client card's history and the audit filter
by client, as the manager changes them on the card."""

import pytest
from django.urls import reverse

from okno.accounts.services import user_set_access
from okno.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _history(client, world) -> str:
    url = reverse("clients:card_audit", kwargs={"pk": world.client_a.pk})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_access_off_and_an_invitation_show_on_the_card_history(
    world, client, django_capture_on_commit_callbacks
):
    client.force_login(world.manager_a)
    membership = world.a_buyer.membership
    edit = reverse(
        "clients:card_person_edit",
        kwargs={"pk": world.client_a.pk, "membership_id": membership.pk},
    )
    response = client.post(
        edit, {"role": "buyer", "legal_entities": [world.entity_a1.pk], "may_order": "on"}
    )
    assert response.status_code in (200, 302)
    connect = reverse("clients:card_person_connect", kwargs={"pk": world.client_a.pk})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            connect,
            {
                "full_name": "Новиков Николай",
                "email": "novikov@example.ru",
                "role": "buyer",
                "legal_entities": [world.entity_a1.pk],
                "access_allowed": "on",
            },
        )
    access = AuditEvent.objects.get(action="access.changed")
    invitation = AuditEvent.objects.get(action="invitation.sent")
    assert access.client_id == world.client_a.pk
    assert invitation.client_id == world.client_a.pk
    text = _history(client, world)
    assert "Доступ к порталу изменён" in text
    assert "Отправлено приглашение" in text
    client.force_login(world.admin)
    filtered = client.get(reverse("audit:list"), {"client": world.client_a.name}).content.decode()
    assert "Доступ изменён" in filtered
    assert "Приглашение отправлено" in filtered


def test_staff_access_changes_carry_no_client(world):
    user_set_access(
        actor_user=world.admin,
        user=world.operator,
        access_allowed=False,
        allow_multiple_sessions=True,
    )
    assert AuditEvent.objects.get(action="access.changed").client_id is None
