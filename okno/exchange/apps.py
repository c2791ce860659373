from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "okno.exchange"
    label = "exchange"
    verbose_name = _("Обмен с 1С")
