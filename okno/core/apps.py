from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "okno.core"
    label = "core"
    verbose_name = _("Ядро")

    def ready(self) -> None:
        from okno.core import lookups

        lookups.install()
