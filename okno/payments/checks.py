"""`manage check --deploy` warns when the test bank is the payment provider: with it, a
customer marks their own order paid without paying. `manage check` refuses YooKassa chosen
without the shop's credentials."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

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


@register()
def check_yookassa_credentials(app_configs=None, **kwargs) -> list[Error]:
    if settings.OKNO_PAYMENT_PROVIDER != "yookassa":
        return []
    if settings.OKNO_YOOKASSA_SHOP_ID and settings.OKNO_YOOKASSA_SECRET_KEY:
        return []
    return [
        Error(
            "OKNO_PAYMENT_PROVIDER is 'yookassa' but the shop's credentials are not set.",
            hint="Set OKNO_YOOKASSA_SHOP_ID and OKNO_YOOKASSA_SECRET_KEY.",
            id="okno.payments.E002",
        )
    ]
