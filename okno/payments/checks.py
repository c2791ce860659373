"""`manage check --deploy` warns when the test bank is the payment provider: with it, a
customer marks their own order paid without paying."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

from okno.payments.providers import TestProvider

TEST = TestProvider.name


@register(Tags.security, deploy=True)
def check_no_test_bank(app_configs=None, **kwargs) -> list[Warning]:
    if settings.OKNO_PAYMENT_PROVIDER != TEST:
        return []
    return [
        Warning(
            "OKNO_PAYMENT_PROVIDER is 'test': customers can mark orders paid at the test "
            "bank without paying.",
            hint="Set OKNO_PAYMENT_PROVIDER to the bank's provider before taking payments.",
            id="okno.payments.W001",
        )
    ]
