"""Password recovery by e-mail link and by SMS code, through HTTP."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from okno.accounts.tests.conftest import last_code
from okno.accounts.tests.factories import UserFactory
from okno.accounts.tests.helpers import is_logged_in, login
from okno.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Vosstanovil2026"
PHONE = "+79035550011"


@pytest.fixture
def post_capturing(client, django_capture_on_commit_callbacks):
    def post(url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


def _ask_by_email(post, email):
    return post(reverse("accounts:password_reset"), {"method": "email", "email-email": email})


def _ask_by_phone(post, phone):
    return post(reverse("accounts:password_reset"), {"method": "phone", "phone-phone": phone})


def _set(client, url, password=NEW_PASSWORD):
    return client.post(url, {"new_password1": password, "new_password2": password})


def test_by_email_link_sets_a_new_password(client, world, post_capturing):
    other_browser = Client()
    login(other_browser, world.a_admin.email)
    response = _ask_by_email(post_capturing, world.a_admin.email.upper())
    assert response.url == reverse("accounts:password_reset_sent")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group()
    form_url = client.get(link.removeprefix(settings.OKNO_BASE_URL)).url
    assert "set-password" in form_url
    response = _set(client, form_url)
    assert response.url == reverse("accounts:login")
    world.a_admin.refresh_from_db()
    assert world.a_admin.check_password(NEW_PASSWORD)
    assert not is_logged_in(other_browser)
    assert AuditEvent.objects.filter(action="password.reset", user=world.a_admin).exists()
    assert client.get(link.removeprefix(settings.OKNO_BASE_URL)).context["validlink"] is False


def test_unknown_email_gets_the_same_answer_and_no_mail(client, db, post_capturing):
    response = _ask_by_email(post_capturing, "nobody@example.ru")
    assert response.url == reverse("accounts:password_reset_sent")
    assert mail.outbox == []


def test_link_with_a_weak_password_lists_the_rules(client, world, post_capturing):
    _ask_by_email(post_capturing, world.a_admin.email)
    link = re.search(r"https?://\S+", mail.outbox[0].body).group()
    form_url = client.get(link.removeprefix(settings.OKNO_BASE_URL)).url
    text = _set(client, form_url, password="abcdefgh").content.decode()
    assert "заглавную латинскую букву" in text
    assert "цифру" in text


def test_a_broken_link_explains_itself(client, world):
    url = reverse("accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "bad-token"})
    response = client.get(url)
    assert response.status_code == 200
    assert "устарела или уже использована" in response.content.decode()


def test_by_phone_code_sets_a_new_password(client, post_capturing, sms_outbox):
    user = UserFactory(phone=PHONE)
    response = _ask_by_phone(post_capturing, "8 903 555 00 11")
    assert response.url == reverse("accounts:password_reset_code")
    code = last_code(sms_outbox, PHONE)
    response = client.post(reverse("accounts:password_reset_code"), {"code": code})
    assert response.url == reverse("accounts:password_reset_phone_set")
    response = _set(client, reverse("accounts:password_reset_phone_set"))
    assert response.url == reverse("accounts:login")
    assert login(client, "+7 903 555-00-11", NEW_PASSWORD).status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_unknown_phone_looks_the_same_but_sends_nothing(client, db, post_capturing, sms_outbox):
    response = _ask_by_phone(post_capturing, "+7 903 555-00-99")
    assert response.url == reverse("accounts:password_reset_code")
    assert sms_outbox == []
    response = client.post(reverse("accounts:password_reset_code"), {"code": "123456"})
    assert "Неверный код" in response.content.decode()


def test_wrong_phone_format_names_the_field(client, db, post_capturing):
    text = _ask_by_phone(post_capturing, "555").content.decode()
    assert "Номер мобильного телефона</a>:" in text


def test_new_password_step_needs_a_confirmed_code(client, post_capturing):
    UserFactory(phone=PHONE)
    _ask_by_phone(post_capturing, PHONE)
    response = client.get(reverse("accounts:password_reset_phone_set"))
    assert response.url == reverse("accounts:password_reset")


def test_recovery_lifts_a_lockout(client, world, post_capturing, sms_outbox):
    world.a_admin.phone = PHONE
    world.a_admin.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, world.a_admin.email, "Wrong2026pass")
    assert login(client, world.a_admin.email).status_code == 429
    _ask_by_phone(post_capturing, PHONE)
    client.post(reverse("accounts:password_reset_code"), {"code": last_code(sms_outbox, PHONE)})
    _set(client, reverse("accounts:password_reset_phone_set"))
    assert login(client, world.a_admin.email, NEW_PASSWORD).status_code == 302
