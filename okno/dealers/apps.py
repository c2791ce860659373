from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DealersConfig(AppConfig):
    name = "okno.dealers"
    label = "dealers"
    verbose_name = _("Мои клиенты дилера")
