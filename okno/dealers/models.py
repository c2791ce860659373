"""A dealer's own retail customers and the documents the dealer hands them.

A dealer (`Client.is_dealer`) resells the company's goods. Its people keep their own
customers here and make a commercial offer or a sale slip for one: the company's products
at the dealer's own price plus the dealer's markup. The dealer's price is kept on each line
for the dealer's eyes only; what the customer sees is the retail price.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okno.catalog.models import MONEY, QTY, VatRate
from okno.core.scoping import ScopedManager

# A markup in percent: 0 to 999.99 (a retailer may sell at ten times the price, not more).
MARKUP: dict = {"max_digits": 5, "decimal_places": 2}


class DealerCustomer(models.Model):
    """A retail customer of a dealer: a person or a small firm the dealer sells to. Seen by
    the dealer's people and by the dealer's manager; never by the company's other clients."""

    client_path = "dealer"

    dealer = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="dealer_customers"
    )
    name = models.CharField(_("имя или название"), max_length=300)
    phone = models.CharField(_("телефон"), max_length=12, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    comment = models.TextField(_("комментарий"), blank=True)
    default_markup = models.DecimalField(
        _("наценка по умолчанию, %"), **MARKUP, default=Decimal("0")
    )
    is_active = models.BooleanField(_("активен"), default=True)
    created_at = models.DateTimeField(_("создан"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("клиент дилера")
        verbose_name_plural = _("клиенты дилера")
        indexes = [models.Index(fields=["dealer", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(default_markup__gte=0), name="dealer_customer_markup_gte_0"
            )
        ]

    def __str__(self) -> str:
        return self.name


class RetailDocument(models.Model):
    """A commercial offer or a sale slip of a dealer for one of its customers, issued by one
    of the dealer's legal entities. Numbered in one sequence per dealer. Money is a snapshot
    taken when the document is saved."""

    class Kind(models.TextChoices):
        OFFER = "offer", _("Коммерческое предложение")
        SALE_SLIP = "sale_slip", _("Товарный чек")

    client_path = "dealer"
    legal_entity_path = "legal_entity"

    dealer = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="retail_documents"
    )
    legal_entity = models.ForeignKey(
        "clients.LegalEntity",
        verbose_name=_("от имени юрлица"),
        on_delete=models.PROTECT,
        related_name="retail_documents",
    )
    customer = models.ForeignKey(
        DealerCustomer,
        verbose_name=_("покупатель"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    kind = models.CharField(_("вид"), max_length=10, choices=Kind.choices, default=Kind.OFFER)
    number = models.PositiveIntegerField(_("номер"))
    date = models.DateField(_("дата"))
    markup_percent = models.DecimalField(_("наценка, %"), **MARKUP, default=Decimal("0"))
    comment = models.TextField(_("комментарий"), blank=True)
    amount = models.DecimalField(_("сумма"), **MONEY, default=Decimal("0"))
    vat_amount = models.DecimalField(_("в том числе НДС"), **MONEY, default=Decimal("0"))
    # What the goods cost the dealer: shown on the dealer's screens, never printed.
    dealer_amount = models.DecimalField(_("сумма закупки"), **MONEY, default=Decimal("0"))
    lines_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("создан"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("документ для покупателя")
        verbose_name_plural = _("документы для покупателей")
        indexes = [models.Index(fields=["customer", "-date"])]
        constraints = [
            models.UniqueConstraint(fields=["dealer", "number"], name="retail_document_number"),
            models.CheckConstraint(
                condition=Q(markup_percent__gte=0), name="retail_document_markup_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} № {self.number} от {self.date:%d.%m.%Y}"

    @property
    def margin(self) -> Decimal:
        """What the dealer earns on the document: the retail sum less the purchase sum."""
        return self.amount - self.dealer_amount


class RetailDocumentLine(models.Model):
    """A product on a retail document: the dealer's price (its own, at the time the line was
    priced), the markup (the document's unless the line sets its own) and the retail price
    the customer sees, rounded to kopecks half up."""

    client_path = "document__dealer"
    legal_entity_path = "document__legal_entity"

    document = models.ForeignKey(RetailDocument, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=0)
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    article = models.CharField(_("артикул"), max_length=100)
    name = models.CharField(_("наименование"), max_length=500)
    unit_name = models.CharField(_("единица"), max_length=20)
    quantity = models.DecimalField(_("количество"), **QTY)
    dealer_price = models.DecimalField(_("цена закупки"), **MONEY)
    markup_percent = models.DecimalField(_("наценка строки, %"), **MARKUP, null=True, blank=True)
    retail_price = models.DecimalField(_("цена"), **MONEY)
    amount = models.DecimalField(_("сумма"), **MONEY)
    vat_rate = models.CharField(_("ставка НДС"), max_length=4, choices=VatRate.choices)
    vat_amount = models.DecimalField(_("НДС"), **MONEY)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("строка документа для покупателя")
        verbose_name_plural = _("строки документов для покупателей")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="retail_document_line_quantity_gt_0"
            ),
            models.CheckConstraint(
                condition=Q(markup_percent__isnull=True) | Q(markup_percent__gte=0),
                name="retail_document_line_markup_gte_0",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article} × {self.quantity} {self.unit_name}"
