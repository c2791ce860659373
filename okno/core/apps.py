from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "okno.core"
    label = "core"
    verbose_name = "Ядро"

    def ready(self) -> None:
        from okno.core import lookups

        lookups.install()
