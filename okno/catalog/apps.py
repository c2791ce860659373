from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_search_index(sender, using, **kwargs) -> None:
    from django.db import connections

    from okno.catalog.search.index import ensure_search_index

    ensure_search_index(connections[using])


class CatalogConfig(AppConfig):
    name = "okno.catalog"
    label = "catalog"
    verbose_name = _("Каталог")

    def ready(self) -> None:
        post_migrate.connect(_ensure_search_index, sender=self, dispatch_uid="catalog-search")
