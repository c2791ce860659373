"""The audit log: security events and changes to clients, legal entities and contracts."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One thing that happened: who, when, to what, and which fields changed from what to what.

    Append-only: services write it in the same transaction as the change it records.
    """

    at = models.DateTimeField(_("когда"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    user_label = models.CharField(_("кто (как был записан)"), max_length=200, blank=True)
    action = models.CharField(_("событие"), max_length=60, db_index=True)
    client = models.ForeignKey(
        "clients.Client", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    object_type = models.CharField(_("объект"), max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    object_repr = models.CharField(_("описание объекта"), max_length=300, blank=True)
    changes = models.JSONField(_("изменения"), default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("событие аудита")
        verbose_name_plural = _("журнал аудита")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["client", "-at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.action} {self.object_repr}"
