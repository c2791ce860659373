"""What was decided on each claim line: the resolution ledger, and the reasons a line may be
rejected for.

The ledger is append-only: a resolution is a row (line, kind, quantity, amount, who, when),
and cancelling one writes a reversing row that points to it, never an edit. A line's
resolved quantity and money are the sums of its rows, read and added to under the claim
line's row lock (`desk/services/resolutions.py`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okno.catalog.models import MONEY, QTY


class ResolutionKind(models.TextChoices):
    REFUND = "refund", _("Возврат денег")
    REPLACEMENT = "replacement", _("Замена товара")
    CREDIT_NOTE = "credit_note", _("Кредит-нота")
    RETURN_PICKUP = "return_pickup", _("Вывоз товара")
    REJECTION = "rejection", _("Отказ")


# The kinds that give the client money or goods worth money: together never more than the
# line's value.
MONEY_KINDS = frozenset(
    {ResolutionKind.REFUND, ResolutionKind.REPLACEMENT, ResolutionKind.CREDIT_NOTE}
)


class RejectionReason(models.Model):
    """A reason an operator may reject a claim line for (the client sees it, with the
    operator's own words). Kept as rows an administrator edits in the back office."""

    name = models.CharField(_("название"), max_length=200, unique=True)
    position = models.PositiveIntegerField(_("порядок"), default=0)
    is_active = models.BooleanField(_("доступна"), default=True)

    class Meta:
        verbose_name = _("причина отказа по претензии")
        verbose_name_plural = _("причины отказа по претензиям")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class ClaimResolutionQuerySet(models.QuerySet):
    def update(self, **kwargs):  # the resolution ledger is append-only
        raise TypeError("claim resolutions are never changed")

    def delete(self):
        raise TypeError("claim resolutions are never deleted")


class ClaimResolution(models.Model):
    """One row of the resolution ledger of a claim line: what was decided for `quantity`
    base units and `amount` roubles (with VAT, at the shipped price). A row with `reverses`
    cancels that row: its quantity and amount are the original's negated, so the line's
    sums drop back. A credit note's settlement document in finance is found by the
    row's id (`settlement_external_id`, the document is written after the row);
    `replacement_order` the free order that sends the goods again; `pickup_date` the day
    the goods are collected; a rejection names its reason."""

    claim_line = models.ForeignKey(
        "desk.ClaimLine", on_delete=models.PROTECT, related_name="resolutions"
    )
    kind = models.CharField(_("решение"), max_length=20, choices=ResolutionKind.choices)
    quantity = models.DecimalField(_("количество"), **QTY)
    amount = models.DecimalField(_("сумма"), **MONEY)
    rejection_reason = models.ForeignKey(
        RejectionReason,
        verbose_name=_("причина отказа"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.CharField(_("комментарий"), max_length=1000, blank=True)
    pickup_date = models.DateField(_("дата вывоза"), null=True, blank=True)
    replacement_order = models.ForeignKey(
        "orders.Order",
        verbose_name=_("заказ на замену"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("отменяет"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("когда"), default=timezone.now)

    objects = models.Manager.from_queryset(ClaimResolutionQuerySet)()

    class Meta:
        verbose_name = _("решение по строке претензии")
        verbose_name_plural = _("решения по строкам претензий")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reverses__isnull=True, quantity__gt=0, amount__gte=0)
                | Q(reverses__isnull=False, quantity__lt=0, amount__lte=0),
                name="claim_resolution_signs",
            )
        ]

    def __str__(self) -> str:
        return f"{self.claim_line_id}: {self.kind} × {self.quantity}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("claim resolutions are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("claim resolutions are never deleted")

    @property
    def settlement_external_id(self) -> str:
        """The id of the credit note this row posted to finance (source `portal`)."""
        return f"claim-resolution-{self.reverses_id or self.pk}"

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None
