from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "okno.payments"
    label = "payments"
    verbose_name = _("Онлайн-оплата")

    def ready(self) -> None:
        from okno.payments import (
            checks,  # noqa: F401  (registers the deploy check)
            yookassa,  # noqa: F401  (registers the provider)
        )
