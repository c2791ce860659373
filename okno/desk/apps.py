from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_subject_index(sender, using, **kwargs) -> None:
    from django.db import connections

    from okno.desk.search import ensure_subject_index

    ensure_subject_index(connections[using])


class DeskConfig(AppConfig):
    name = "okno.desk"
    label = "desk"
    verbose_name = _("Обращения и претензии")

    def ready(self) -> None:
        post_migrate.connect(_ensure_subject_index, sender=self, dispatch_uid="desk-search")
