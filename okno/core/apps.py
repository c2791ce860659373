from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "okno.core"
    label = "core"
    verbose_name = "Ядро"
