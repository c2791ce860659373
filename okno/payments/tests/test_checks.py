"""The deploy check that keeps the test bank out of production."""

from django.core.checks import run_checks
from django.test import override_settings


def _ids(**settings) -> set[str]:
    with override_settings(**settings):
        return {message.id for message in run_checks(include_deployment_checks=True)}


def test_the_test_bank_is_flagged_for_deployment():
    assert "okno.payments.W001" in _ids(OKNO_PAYMENT_PROVIDER="test")
    assert "okno.payments.W001" not in _ids(OKNO_PAYMENT_PROVIDER="bank")


def test_yookassa_without_credentials_is_an_error():
    chosen = {"OKNO_PAYMENT_PROVIDER": "yookassa"}
    assert "okno.payments.E002" in _ids(**chosen, OKNO_YOOKASSA_SHOP_ID="")
    credentials = {"OKNO_YOOKASSA_SHOP_ID": "1", "OKNO_YOOKASSA_SECRET_KEY": "test_x"}
    assert "okno.payments.E002" not in _ids(**chosen, **credentials)
