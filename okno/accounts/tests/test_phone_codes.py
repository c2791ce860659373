"""SMS codes: the limits per phone, parallel requests, using a confirmed code once."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from okno.accounts.models import PhoneCode
from okno.accounts.services import phone_code_confirm, phone_code_send, phone_code_take
from okno.accounts.services.phone_codes import HOURLY_LIMIT
from okno.accounts.tests.conftest import last_code
from okno.core.errors import InvalidInput

pytestmark = pytest.mark.django_db

PHONE = "+79161234567"
REGISTER = PhoneCode.Purpose.REGISTER


def _send(capture):
    with capture(execute=True):
        return phone_code_send(phone=PHONE, purpose=REGISTER)


def _age_codes(minutes: int) -> None:
    """As if the codes so far were sent `minutes` ago (and the resend guard has expired)."""
    PhoneCode.objects.update(created_at=timezone.now() - timedelta(minutes=minutes))
    cache.clear()


def test_hourly_limit_per_phone_names_when_to_retry(django_capture_on_commit_callbacks):
    for _ in range(HOURLY_LIMIT):
        _send(django_capture_on_commit_callbacks)
        _age_codes(5)
    with pytest.raises(InvalidInput, match=r"за час .* Попробуйте снова через 55 мин") as error:
        _send(django_capture_on_commit_callbacks)
    assert error.value.field == "phone"
    _age_codes(61)
    _send(django_capture_on_commit_callbacks)


def test_registration_requests_do_not_block_recovery(django_capture_on_commit_callbacks):
    for _ in range(HOURLY_LIMIT):
        _send(django_capture_on_commit_callbacks)
        _age_codes(5)
    with django_capture_on_commit_callbacks(execute=True):
        phone_code_send(phone=PHONE, purpose=PhoneCode.Purpose.RESET)


def test_of_two_parallel_requests_only_one_sends(django_capture_on_commit_callbacks, sms_outbox):
    """The second request checks before the first has committed, so it sees no code yet."""
    _send(django_capture_on_commit_callbacks)
    PhoneCode.objects.all().delete()
    with pytest.raises(InvalidInput, match="Новый код можно запросить через"):
        _send(django_capture_on_commit_callbacks)
    assert len(sms_outbox) == 1


def test_a_code_is_bound_to_its_purpose(django_capture_on_commit_callbacks, sms_outbox):
    _send(django_capture_on_commit_callbacks)
    with pytest.raises(InvalidInput):
        phone_code_confirm(
            phone=PHONE, purpose=PhoneCode.Purpose.RESET, code=last_code(sms_outbox, PHONE)
        )


def test_confirmed_code_is_taken_once(django_capture_on_commit_callbacks, sms_outbox):
    _send(django_capture_on_commit_callbacks)
    confirmed = phone_code_confirm(phone=PHONE, purpose=REGISTER, code=last_code(sms_outbox, PHONE))
    phone_code_take(code_id=confirmed.pk, phone=PHONE, purpose=REGISTER)
    with pytest.raises(InvalidInput, match="устарело"):
        phone_code_take(code_id=confirmed.pk, phone=PHONE, purpose=REGISTER)


def test_an_unconfirmed_code_cannot_be_taken(django_capture_on_commit_callbacks):
    phone_code = _send(django_capture_on_commit_callbacks)
    with pytest.raises(InvalidInput):
        phone_code_take(code_id=phone_code.pk, phone=PHONE, purpose=REGISTER)


def test_spaces_in_the_typed_code_are_ignored(django_capture_on_commit_callbacks, sms_outbox):
    _send(django_capture_on_commit_callbacks)
    code = last_code(sms_outbox, PHONE)
    confirmed = phone_code_confirm(phone=PHONE, purpose=REGISTER, code=f" {code[:3]} {code[3:]} ")
    assert confirmed.confirmed_at is not None
