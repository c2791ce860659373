from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "okno.catalog"
    label = "catalog"
    verbose_name = "Каталог"
