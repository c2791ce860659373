"""Online payments of orders (by card or through СБП), and the log of what happened to each.

A payment is one attempt to pay an order's outstanding amount through a payment provider
(a bank's acquiring). It starts pending; the provider's callback makes it paid or failed;
starting another one cancels it; staff may refund a paid one. Every change of status is a
`PaymentEvent`, with the provider's raw callback kept as it came.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okno.catalog.models import MONEY
from okno.core.scoping import ScopedManager

# The source of the settlement documents online payments write to the ledger (ADR 0011).
LEDGER_SOURCE = "online"


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Ожидает оплаты")
    PAID = "paid", _("Оплачен")
    FAILED = "failed", _("Не прошёл")
    REFUNDED = "refunded", _("Возвращён")
    CANCELLED = "cancelled", _("Отменён")


class PaymentMethod(models.TextChoices):
    CARD = "card", _("Банковская карта")
    SBP = "sbp", _("СБП")


class Payment(models.Model):
    """An attempt to pay an order online. `uuid` is the id shown in addresses and to the
    provider; `amount` is what was due when it started. At most one is pending per order."""

    client_path = "client"
    legal_entity_path = "order__legal_entity"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="payments")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("сумма"), **MONEY)
    currency = models.CharField(_("валюта"), max_length=3, default="RUB")
    status = models.CharField(
        _("статус"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    method = models.CharField(
        _("способ оплаты"), max_length=4, choices=PaymentMethod.choices, default=PaymentMethod.CARD
    )
    provider = models.CharField(_("платёжный сервис"), max_length=40)
    provider_payment_id = models.CharField(_("номер платежа в сервисе"), max_length=100, blank=True)
    failure_reason = models.CharField(_("причина отказа"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("создан"), default=timezone.now)
    paid_at = models.DateTimeField(_("оплачен"), null=True, blank=True)
    refunded_at = models.DateTimeField(_("возвращён"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("онлайн-платёж")
        verbose_name_plural = _("онлайн-платежи")
        indexes = [
            models.Index(fields=["order", "status"]),
            models.Index(fields=["provider", "provider_payment_id"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["order"],
                condition=Q(status="pending"),
                name="one_pending_payment_per_order",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_gt_0"),
        ]

    def __str__(self) -> str:
        return str(self.uuid)


class PaymentEvent(models.Model):
    """One entry of a payment's log: a change of status with who or what caused it and the
    provider's raw data. Written once, never changed."""

    client_path = "payment__client"
    legal_entity_path = "payment__order__legal_entity"

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, choices=PaymentStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=PaymentStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.CharField(_("комментарий"), max_length=500, blank=True)
    payload = models.JSONField(_("данные платёжного сервиса"), default=dict, blank=True)
    at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("событие платежа")
        verbose_name_plural = _("события платежей")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("payment events are append-only")
        super().save(*args, **kwargs)
