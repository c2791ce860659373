"""Commercial proposals («КП»): what a manager offers a client, line by line, at prices the
manager may change, and what the client answered.

A proposal is made for one legal entity of the client under one of its contracts. It is a
draft while the manager builds it, sent once the client may see it, and then accepted
(an order is made from it), rejected (with the client's reason), withdrawn by the manager,
or expired (its validity date passed). Every move is a `ProposalStatusChange`.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okno.catalog.models import MONEY, QTY, VatRate
from okno.core.scoping import ScopedManager


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Черновик")
    SENT = "sent", _("Отправлено клиенту")
    ACCEPTED = "accepted", _("Принято")
    REJECTED = "rejected", _("Отклонено")
    WITHDRAWN = "withdrawn", _("Отозвано")
    EXPIRED = "expired", _("Истёк срок")


class Proposal(models.Model):
    """A commercial proposal of the client's manager to one legal entity of the client.

    Money is the sum of the lines, kept on the proposal (`proposal_totals_refresh`); prices
    include VAT or not as the contract's price type does (`vat_included`)."""

    client_path = "client"
    legal_entity_path = "legal_entity"

    number = models.CharField(_("номер"), max_length=20, unique=True, null=True, blank=True)
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="proposals")
    legal_entity = models.ForeignKey(
        "clients.LegalEntity",
        verbose_name=_("юрлицо"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    contract = models.ForeignKey(
        "clients.Contract", verbose_name=_("договор"), on_delete=models.PROTECT, related_name="+"
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("менеджер"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    status = models.CharField(
        _("статус"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    valid_until = models.DateField(_("действует до"))
    comment = models.TextField(_("комментарий"), blank=True)
    reject_reason = models.CharField(_("причина отказа"), max_length=500, blank=True)
    price_type = models.ForeignKey(
        "catalog.PriceType", on_delete=models.PROTECT, null=True, related_name="+"
    )
    vat_included = models.BooleanField(default=True)
    amount = models.DecimalField(_("сумма"), **MONEY, default=Decimal("0"))
    vat_amount = models.DecimalField(_("НДС"), **MONEY, default=Decimal("0"))
    total = models.DecimalField(_("итого"), **MONEY, default=Decimal("0"))
    lines_count = models.PositiveIntegerField(default=0)
    order = models.OneToOneField(
        "orders.Order",
        verbose_name=_("заказ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("создано"), default=timezone.now)
    sent_at = models.DateTimeField(_("отправлено"), null=True, blank=True)
    decided_at = models.DateTimeField(_("ответ клиента"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("коммерческое предложение")
        verbose_name_plural = _("коммерческие предложения")
        indexes = [
            models.Index(fields=["client", "-created_at"]),
            models.Index(fields=["status", "valid_until"]),
        ]

    def __str__(self) -> str:
        return self.number or ""

    @property
    def is_expired(self) -> bool:
        """Sent and past its validity date (the sweep marks it expired later)."""
        if self.status == ProposalStatus.EXPIRED:
            return True
        return self.status == ProposalStatus.SENT and self.valid_until < timezone.localdate()

    @property
    def shown_status(self) -> str:
        """The status as the pages show it: a sent proposal past its date is expired."""
        return str(ProposalStatus.EXPIRED.label) if self.is_expired else self.get_status_display()


class ProposalLine(models.Model):
    """A product offered: the quantity in the product's base unit, the price per base unit
    (the contract's price unless the manager set another), the product's VAT rate and the
    line's money."""

    client_path = "proposal__client"
    legal_entity_path = "proposal__legal_entity"

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=0)
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    article = models.CharField(_("артикул"), max_length=100)
    name = models.CharField(_("наименование"), max_length=500)
    unit_name = models.CharField(_("единица"), max_length=20)
    quantity = models.DecimalField(_("количество"), **QTY)
    price = models.DecimalField(_("цена"), **MONEY)
    # The price by the contract when the line was priced, shown beside a changed price.
    contract_price = models.DecimalField(_("цена по договору"), **MONEY, null=True, blank=True)
    amount = models.DecimalField(_("сумма"), **MONEY)
    vat_rate = models.CharField(_("ставка НДС"), max_length=4, choices=VatRate.choices)
    vat_amount = models.DecimalField(_("НДС"), **MONEY)
    total = models.DecimalField(_("итого"), **MONEY)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("строка коммерческого предложения")
        verbose_name_plural = _("строки коммерческих предложений")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="proposal_line_quantity_gt_0"),
            models.CheckConstraint(condition=Q(price__gte=0), name="proposal_line_price_gte_0"),
            models.UniqueConstraint(fields=["proposal", "product"], name="proposal_line_product"),
        ]

    def __str__(self) -> str:
        return f"{self.article} × {self.quantity} {self.unit_name}"

    @property
    def price_changed(self) -> bool:
        return self.contract_price is not None and self.contract_price != self.price


class ProposalStatusChange(models.Model):
    """One move of a proposal, written once and never changed."""

    client_path = "proposal__client"
    legal_entity_path = "proposal__legal_entity"

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=10, choices=ProposalStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=ProposalStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.CharField(_("комментарий"), max_length=500, blank=True)
    at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("изменение статуса КП")
        verbose_name_plural = _("история КП")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
