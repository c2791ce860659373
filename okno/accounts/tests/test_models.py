"""E-mails are stored lower-case and are unique whatever their case."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from okno.accounts.models import User
from okno.accounts.tests.factories import PASSWORD, UserFactory
from okno.accounts.tests.helpers import is_logged_in, login

pytestmark = pytest.mark.django_db


def test_email_is_stored_lower_case_however_the_person_is_made():
    assert User.objects.create_user("Anna@Stroy.Example", "x", full_name="А").email == (
        "anna@stroy.example"
    )
    assert UserFactory(email=" Boris@Stroy.Example ").email == "boris@stroy.example"
    assert UserFactory(email="", phone="+79161234567").email is None


def test_the_database_refuses_two_emails_differing_by_case():
    UserFactory(email="anna@stroy.example")
    other = UserFactory(email="other@stroy.example")
    with pytest.raises(IntegrityError), transaction.atomic():
        # An update skips save(): the constraint still holds.
        User.objects.filter(pk=other.pk).update(email="ANNA@stroy.example")


def test_login_by_email_in_any_case(client):
    UserFactory(email="anna@stroy.example")
    response = login(client, "ANNA@Stroy.Example", PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(client)


def test_recovery_by_email_in_any_case(client, django_capture_on_commit_callbacks, mailoutbox):
    UserFactory(email="anna@stroy.example")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:password_reset"),
            {"method": "email", "email-email": "Anna@STROY.example"},
        )
    assert [m.to for m in mailoutbox] == [["anna@stroy.example"]]
