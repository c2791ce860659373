"""The invitation link: set a password, consent, log in; expired, used and unknown links."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from okno.accounts.models import Consent, Invitation
from okno.accounts.services import invitation_send
from okno.accounts.tests.factories import UserFactory
from okno.accounts.tests.helpers import is_logged_in
from okno.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Kvartal2026x"


@pytest.fixture
def invited(world, django_capture_on_commit_callbacks):
    """A new person of client A invited by their manager; returns (user, link path)."""
    from okno.clients.tests.factories import MembershipFactory

    person = MembershipFactory(
        client=world.client_a, user=UserFactory(full_name="Петров Пётр")
    ).user
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(actor_user=world.manager_a, user=person)
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group()
    return person, link.removeprefix(settings.OKNO_BASE_URL)


def _accept(client, path, password=NEW_PASSWORD, consent=True):
    data = {"new_password1": password, "new_password2": password}
    if consent:
        data["consent"] = "on"
    return client.post(path, data, REMOTE_ADDR="10.1.2.3")


def test_page_shows_who_invited(client, invited, world):
    person, path = invited
    response = client.get(path)
    assert response.status_code == 200
    text = response.content.decode()
    assert world.manager_a.full_name in text
    assert person.email in text


def test_happy_path_sets_password_records_consent_and_logs_in(client, invited):
    person, path = invited
    response = _accept(client, path)
    assert response.status_code == 302
    assert is_logged_in(client)
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert Invitation.objects.get(user=person).accepted_at is not None
    consent = Consent.objects.get(user=person)
    assert consent.text_version == settings.OKNO_CONSENT_VERSION
    assert consent.ip == "10.1.2.3"
    assert AuditEvent.objects.filter(action="invitation.accepted", user=person).exists()


def test_reused_link_is_gone(client, invited):
    _person, path = invited
    _accept(client, path)
    client.post(reverse("accounts:logout"))
    response = client.get(path)
    assert response.status_code == 410
    assert "уже был задан" in response.content.decode()
    assert _accept(client, path, password="Other2026pass").status_code == 410


def test_expired_link_explains_and_points_to_the_manager(client, invited):
    person, path = invited
    Invitation.objects.filter(user=person).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(path)
    assert response.status_code == 410
    text = response.content.decode()
    assert "истёк" in text
    assert "менеджера" in text
    assert _accept(client, path).status_code == 410
    person.refresh_from_db()
    assert not person.check_password(NEW_PASSWORD)


def test_unknown_link_is_404_with_an_explanation(client, db):
    response = client.get(reverse("accounts:invitation", args=["no-such-token"]))
    assert response.status_code == 404
    assert "Такой ссылки нет" in response.content.decode()


def test_a_newer_invitation_replaces_the_older_link(client, invited, world):
    person, old_path = invited
    invitation_send(actor_user=world.manager_a, user=person)
    assert client.get(old_path).status_code == 410


def test_access_off_refuses_the_link(client, invited):
    person, path = invited
    person.is_active = False
    person.save()
    assert client.get(path).status_code == 403


def test_every_broken_password_rule_is_listed(client, invited):
    _person, path = invited
    response = _accept(client, path, password="abc")
    text = response.content.decode()
    assert response.status_code == 200
    assert "слишком короткий" in text
    assert "заглавную латинскую букву" in text
    assert "цифру" in text
    assert text.count("Новый пароль</a>:") >= 2
    assert not is_logged_in(client)


def test_common_and_similar_passwords_are_refused(client, invited):
    person, path = invited
    common = _accept(client, path, password="Password1")
    assert "слишком широко распространён" in common.content.decode()
    similar = _accept(client, path, password=person.email.split("@")[0].capitalize() + "X1")
    assert "похож на" in similar.content.decode()


def test_consent_is_required(client, invited):
    person, path = invited
    response = _accept(client, path, consent=False)
    assert "Без согласия на обработку персональных данных" in response.content.decode()
    assert not Consent.objects.filter(user=person).exists()
    assert Invitation.objects.get(user=person).accepted_at is None


def test_passwords_must_match(client, invited):
    _person, path = invited
    response = client.post(
        path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x", "consent": "on"}
    )
    assert "Пароли не совпадают" in response.content.decode()
