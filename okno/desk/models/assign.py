"""Who takes an appeal: each operator's availability (on shift, away, on leave) and the
rules an administrator orders to route a new appeal to a team or an operator."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okno.desk.models.appeals import AppealKind, AppealTopic, Team


class Availability(models.TextChoices):
    ON_SHIFT = "on_shift", _("На смене")
    AWAY = "away", _("Отошёл")
    ON_LEAVE = "on_leave", _("В отпуске")


class OperatorAvailability(models.Model):
    """An operator's state since a moment and, optionally, until one: only an operator on
    shift is given new appeals. An operator without a row, or whose state ran past its
    `until`, counts as away (nobody is handed appeals they have not come in for)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("оператор"),
        on_delete=models.CASCADE,
        related_name="desk_availability",
    )
    state = models.CharField(
        _("состояние"), max_length=10, choices=Availability.choices, default=Availability.AWAY
    )
    since = models.DateTimeField(_("с"), default=timezone.now)
    until = models.DateTimeField(_("до"), null=True, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто отметил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("доступность оператора")
        verbose_name_plural = _("доступность операторов")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_state_display()}"

    def current(self, now=None) -> str:
        """The state now: a state set until a moment that has passed is over."""
        if self.until is not None and self.until <= (now or timezone.now()):
            return Availability.AWAY
        return self.state


class AssignmentRule(models.Model):
    """A rule that routes a new appeal: the first active one in `position` order whose
    every set condition (kind, topic, client, the client's manager) holds hands the
    appeal to its operator, or to its team, whose method picks an operator on shift
    under the team's cap; with nobody free the appeal waits in the team unassigned."""

    name = models.CharField(_("название"), max_length=100)
    position = models.PositiveIntegerField(_("порядок"), default=0)
    is_active = models.BooleanField(_("действует"), default=True)
    kind = models.ForeignKey(
        AppealKind, verbose_name=_("вид"), on_delete=models.CASCADE, null=True, blank=True
    )
    topic = models.ForeignKey(
        AppealTopic, verbose_name=_("тема"), on_delete=models.CASCADE, null=True, blank=True
    )
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("клиент"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("менеджер клиента"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    team = models.ForeignKey(
        Team, verbose_name=_("группа"), on_delete=models.CASCADE, null=True, blank=True
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("оператор"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Если указан, обращение получает он (когда на смене и не сверх предела)."),
    )

    class Meta:
        verbose_name = _("правило назначения")
        verbose_name_plural = _("правила назначения")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(team__isnull=False) | Q(operator__isnull=False),
                name="desk_assignment_rule_has_target",
            )
        ]

    def __str__(self) -> str:
        return self.name
