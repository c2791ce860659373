"""Who has an appeal's page open right now: a row per operator and appeal, refreshed by the
page's poll and read as present only while it is fresh (ADR 0016)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okno.desk.models.appeals import Appeal


class AppealViewer(models.Model):
    """An operator's open page of an appeal: when it last told us so, and whether they had
    just been typing a reply. A row past the freshness window means nothing and is cleared
    by the next poll of the appeal or the periodic clean-up."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(_("последний сигнал"), default=timezone.now)
    typing = models.BooleanField(_("пишет ответ"), default=False)

    class Meta:
        verbose_name = _("открытая страница обращения")
        verbose_name_plural = _("открытые страницы обращений")
        constraints = [
            models.UniqueConstraint(fields=["appeal", "user"], name="desk_viewer_once_per_appeal")
        ]
        indexes = [models.Index(fields=["seen_at"])]

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.user_id}"
