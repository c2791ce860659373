"""The deploy check that keeps the test bank out of production."""

from django.core.checks import run_checks
from django.test import override_settings


def _ids(**settings) -> set[str]:
    with override_settings(**settings):
        return {message.id for message in run_checks(include_deployment_checks=True)}


def test_the_test_bank_is_flagged_for_deployment():
    assert "okno.payments.W001" in _ids(OKNO_PAYMENT_PROVIDER="test")
    assert "okno.payments.W001" not in _ids(OKNO_PAYMENT_PROVIDER="bank")
