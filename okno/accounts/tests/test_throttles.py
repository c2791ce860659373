"""Limits on SMS per address, per session and overall, through the registration and
recovery pages as a visitor uses them."""

import pytest
from django.test import Client
from django.urls import reverse

from okno.accounts.models import PhoneCode
from okno.accounts.services.throttles import SMS_PER_ADDRESS, SMS_PER_SESSION

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.5"


def _phone(n: int) -> str:
    return f"+7 916 000-{n // 100:02d}-{n % 100:02d}"


def _register(browser: Client, n: int):
    data = {"phone": _phone(n), "consent": "on"}
    return browser.post(reverse("accounts:register"), data)


def _recover(browser: Client, n: int):
    data = {"method": "phone", "phone-phone": _phone(n)}
    return browser.post(reverse("accounts:password_reset"), data)


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def run(action, browser, n):
        with django_capture_on_commit_callbacks(execute=True):
            return action(browser, n)

    return run


def test_one_address_gets_a_few_codes_an_hour(send, sms_outbox):
    for n in range(SMS_PER_ADDRESS):
        assert send(_register, Client(REMOTE_ADDR=ADDRESS), n).status_code == 302
    refused = send(_register, Client(REMOTE_ADDR=ADDRESS), 99)
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "Номер мобильного телефона</a>:" in text
    assert "С вашего адреса запрошено слишком много кодов" in text
    assert "Попробуйте снова через" in text
    assert len(sms_outbox) == SMS_PER_ADDRESS
    assert send(_register, Client(REMOTE_ADDR="198.51.100.7"), 99).status_code == 302


def test_registrations_from_an_address_do_not_block_its_recovery(send, sms_outbox):
    for n in range(SMS_PER_ADDRESS + 1):
        send(_register, Client(REMOTE_ADDR=ADDRESS), n)
    assert send(_recover, Client(REMOTE_ADDR=ADDRESS), 50).status_code == 302


def test_one_browser_session_gets_a_few_codes_an_hour(send, client):
    for n in range(SMS_PER_SESSION):
        assert send(_register, client, n).status_code == 302
    refused = send(_register, client, 99)
    assert "В этом окне браузера запрошено слишком много кодов" in refused.content.decode()
    assert not PhoneCode.objects.filter(phone="+79160000099").exists()


def test_overall_hourly_budget(send, settings, sms_outbox):
    settings.OKNO_SMS_HOURLY_BUDGET = 2
    for n in range(2):
        assert send(_register, Client(REMOTE_ADDR=f"198.51.100.{n}"), n).status_code == 302
    refused = send(_register, Client(REMOTE_ADDR="198.51.100.9"), 9)
    assert "Сейчас отправка SMS временно ограничена" in refused.content.decode()
    assert len(sms_outbox) == 2
    # Recovery has its own budget: a flood of registrations does not stop it.
    assert send(_recover, Client(REMOTE_ADDR="198.51.100.9"), 9).status_code == 302


def test_a_stopped_address_is_told_on_recovery_too(send):
    for n in range(SMS_PER_ADDRESS):
        send(_recover, Client(REMOTE_ADDR=ADDRESS), n)
    refused = send(_recover, Client(REMOTE_ADDR=ADDRESS), 99)
    assert refused.status_code == 200
    assert "С вашего адреса запрошено слишком много кодов" in refused.content.decode()
