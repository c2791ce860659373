"""Claim lines: what of a shipment's line the client claims, why, how much and what they
want done; and the acceptance rules of each claim type."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from okno.catalog.models import QTY

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager

    from okno.desk.models.resolutions import ClaimResolution


class ClaimType(models.TextChoices):
    PICKING_ERROR = "picking_error", _("Ошибка комплектации")
    REGRADING = "regrading", _("Пересортица")
    SHORTAGE = "shortage", _("Недостача")
    BREAKAGE = "breakage", _("Бой, повреждение")
    EXPIRED = "expired", _("Истёк срок годности")
    DEFECT = "defect", _("Заводской брак")


class Resolution(models.TextChoices):
    REFUND = "refund", _("Вернуть деньги")
    REPLACEMENT = "replacement", _("Заменить товар")
    CREDIT_NOTE = "credit_note", _("Корректировка (кредит-нота)")
    RETURN_PICKUP = "return_pickup", _("Забрать товар")


class ClaimTypeRule(models.Model):
    """What a claim of one type needs and how late it may come: `acceptance_days` after
    the shipment's date (empty — no limit; a claim after it is accepted but flagged late),
    and whether photos are required. Contracts carry no such terms, so they are the
    company's, edited in the back office; seeded with common defaults."""

    claim_type = models.CharField(
        _("тип претензии"), max_length=20, choices=ClaimType.choices, unique=True
    )
    acceptance_days = models.PositiveIntegerField(
        _("срок приёмки претензии, дней от отгрузки"), null=True, blank=True
    )
    photos_required = models.BooleanField(_("нужны фотографии"), default=False)

    class Meta:
        verbose_name = _("правило претензий")
        verbose_name_plural = _("правила претензий")
        ordering = ["claim_type"]

    def __str__(self) -> str:
        return str(ClaimType(self.claim_type).label)


class ClaimLine(models.Model):
    """A line of a claim: a shipment line, the claim type, the quantity in base units (never
    more than shipped minus already claimed), the articles expected and received for
    re-grading and picking errors, the batch or expiry date where the type needs them, and
    the resolution the client asks for."""

    if TYPE_CHECKING:
        resolutions: RelatedManager[ClaimResolution]

    appeal = models.ForeignKey("desk.Appeal", on_delete=models.CASCADE, related_name="claim_lines")
    shipment_line = models.ForeignKey(
        "orders.ShipmentLine", on_delete=models.PROTECT, related_name="claim_lines"
    )
    order_line = models.ForeignKey("orders.OrderLine", on_delete=models.PROTECT, related_name="+")
    claim_type = models.CharField(_("тип претензии"), max_length=20, choices=ClaimType.choices)
    quantity = models.DecimalField(_("количество"), **QTY)
    expected_article = models.CharField(_("артикул по документам"), max_length=100, blank=True)
    received_article = models.CharField(_("артикул полученного"), max_length=100, blank=True)
    batch = models.CharField(_("партия"), max_length=60, blank=True)
    expiry_date = models.DateField(_("срок годности"), null=True, blank=True)
    resolution = models.CharField(
        _("что сделать"), max_length=20, choices=Resolution.choices, default=Resolution.REFUND
    )
    comment = models.CharField(_("комментарий"), max_length=1000, blank=True)
    late = models.BooleanField(_("после срока приёмки"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("строка претензии")
        verbose_name_plural = _("строки претензий")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="claim_line_quantity_gt_0")
        ]

    def __str__(self) -> str:
        return f"{self.order_line_id} × {self.quantity}"
