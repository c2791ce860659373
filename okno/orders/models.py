"""Carts, orders with their lines and status history, and shipments.

Quantities are kept twice on a line: in the unit the person chose (`quantity`, with the
unit's `unit_coefficient`) and in the product's base unit (`quantity_base`), which is what
stock, multiplicity and shipments count in. An order's money is a snapshot taken at
checkout (and on a manager's edit): later price changes never move a placed order.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okno.catalog.models import MONEY, QTY, VatRate
from okno.core.scoping import ScopedManager, ScopedQuerySet


class CartQuerySet(ScopedQuerySet):
    def usable_by(self, actor) -> ScopedQuerySet:
        """The carts a client's person works with: their own and those colleagues shared."""
        rows = self.visible_to(actor)
        if actor.is_client:
            rows = rows.filter(Q(owner_id=actor.user_id) | Q(is_shared=True))
        return rows


class Cart(models.Model):
    """A named cart of a person for one legal entity; one per person and entity is active."""

    client_path = "client"
    legal_entity_path = "legal_entity"

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="carts")
    legal_entity = models.ForeignKey(
        "clients.LegalEntity", on_delete=models.CASCADE, related_name="carts"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="carts"
    )
    name = models.CharField(_("название"), max_length=120)
    is_active = models.BooleanField(_("текущая"), default=False)
    is_shared = models.BooleanField(_("видна коллегам"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = models.Manager.from_queryset(CartQuerySet)()

    class Meta:
        verbose_name = _("корзина")
        verbose_name_plural = _("корзины")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "legal_entity"],
                condition=Q(is_active=True),
                name="one_active_cart_per_person_and_entity",
            )
        ]

    def __str__(self) -> str:
        return self.name


class CartLine(models.Model):
    """A product in a cart, in the unit the person chose; one line per product."""

    client_path = "cart__client"
    legal_entity_path = "cart__legal_entity"

    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("catalog.Unit", on_delete=models.PROTECT, related_name="+")
    unit_coefficient = models.DecimalField(**QTY, default=Decimal("1"))
    quantity = models.DecimalField(_("количество"), **QTY)
    quantity_base = models.DecimalField(_("количество в базовых единицах"), **QTY)
    position = models.PositiveIntegerField(default=0)
    added_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("строка корзины")
        verbose_name_plural = _("строки корзины")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "product"], name="cart_line_one_per_product"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="cart_line_quantity_gt_0"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} × {self.quantity}"


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("Черновик")
    AWAITING_APPROVAL = "awaiting_approval", _("На согласовании у клиента")
    SUBMITTED = "submitted", _("Отправлен")
    VERIFIED = "verified", _("Проверен менеджером")
    CONFIRMED = "confirmed", _("Подтверждён")
    PICKING = "picking", _("Собирается")
    PARTLY_SHIPPED = "partly_shipped", _("Отгружен частично")
    SHIPPED = "shipped", _("Отгружен")
    DELIVERED = "delivered", _("Доставлен")
    CANCELLED = "cancelled", _("Отменён")


class OrderQuerySet(ScopedQuerySet):
    def placed(self) -> "OrderQuerySet":
        """Orders that reached the company (not drafts or awaiting the client's approval)."""
        return self.exclude(status__in=[OrderStatus.DRAFT, OrderStatus.AWAITING_APPROVAL]).exclude(
            merged_into__isnull=False
        )


class Order(models.Model):
    """An order of a legal entity under a contract, with money snapshotted at checkout."""

    class Delivery(models.TextChoices):
        DELIVERY = "delivery", _("Доставка")
        PICKUP = "pickup", _("Самовывоз")

    client_path = "client"
    legal_entity_path = "legal_entity"

    number = models.CharField(_("номер"), max_length=20, unique=True, null=True, blank=True)
    # The client and the legal entity are indexed with the date (see Meta), which serves a
    # lookup by either alone as well.
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="orders", db_index=False
    )
    legal_entity = models.ForeignKey(
        "clients.LegalEntity", on_delete=models.PROTECT, related_name="orders", db_index=False
    )
    contract = models.ForeignKey("clients.Contract", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        _("статус"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.DRAFT
    )
    delivery = models.CharField(
        _("получение"), max_length=10, choices=Delivery.choices, default=Delivery.DELIVERY
    )
    address = models.ForeignKey(
        "clients.DeliveryAddress",
        verbose_name=_("адрес доставки"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    address_text = models.CharField(_("адрес доставки"), max_length=700, blank=True)
    warehouse = models.ForeignKey(
        "catalog.Warehouse",
        verbose_name=_("склад отгрузки"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    desired_date = models.DateField(_("желаемая дата"), null=True, blank=True)
    comment = models.TextField(_("комментарий"), blank=True)
    price_type = models.ForeignKey(
        "catalog.PriceType", on_delete=models.PROTECT, null=True, related_name="+"
    )
    vat_included = models.BooleanField(default=True)
    amount = models.DecimalField(_("сумма"), **MONEY, default=Decimal("0"))
    vat_amount = models.DecimalField(_("НДС"), **MONEY, default=Decimal("0"))
    total = models.DecimalField(_("итого"), **MONEY, default=Decimal("0"))
    currency = models.CharField(max_length=3, default="RUB")
    # The delivery charge, part of `amount`, `vat_amount` and `total` (see
    # okno.orders.services.delivery): `delivery_amount` in the terms of the order's prices.
    # Defaults in the database too: the demo seeding writes orders by plain INSERTs.
    delivery_amount = models.DecimalField(
        _("доставка"), **MONEY, default=Decimal("0"), db_default=Decimal("0")
    )
    delivery_vat_rate = models.CharField(
        _("ставка НДС доставки"),
        max_length=4,
        choices=VatRate.choices,
        default=VatRate.VAT_22,
        db_default=VatRate.VAT_22,
    )
    delivery_vat_amount = models.DecimalField(
        _("НДС доставки"), **MONEY, default=Decimal("0"), db_default=Decimal("0")
    )
    lines_count = models.PositiveIntegerField(default=0)
    credit_warning = models.CharField(_("предупреждение по кредиту"), max_length=300, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_by_manager = models.BooleanField(_("изменён менеджером"), default=False)
    cancel_reason = models.CharField(_("причина отмены"), max_length=500, blank=True)
    # Indexed only where set (see Meta): nearly every order has neither, and an index of
    # NULLs tempts SQLite to read every order through it for `merged_into IS NULL`.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_orders",
        db_index=False,
    )
    split_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="split_orders",
        db_index=False,
    )
    external_id = models.CharField(_("ид в 1С"), max_length=80, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("создан"), default=timezone.now)
    submitted_at = models.DateTimeField(_("отправлен"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # What 1C said of the order in its last document (see okno.exchange.sale.documents).
    # Defaults in the database too: the demo seeding writes orders by plain INSERTs.
    number_1c = models.CharField(
        _("номер в 1С"), max_length=40, blank=True, default="", db_default=""
    )
    date_1c = models.DateField(_("дата в 1С"), null=True, blank=True)
    posted_1c = models.BooleanField(_("проведён в 1С"), default=False, db_default=False)
    paid_number_1c = models.CharField(
        _("номер оплаты в 1С"), max_length=40, blank=True, default="", db_default=""
    )
    paid_date_1c = models.DateField(_("дата оплаты в 1С"), null=True, blank=True)
    shipped_number_1c = models.CharField(
        _("номер отгрузки в 1С"), max_length=40, blank=True, default="", db_default=""
    )
    shipped_date_1c = models.DateField(_("дата отгрузки в 1С"), null=True, blank=True)
    exchange_version = models.CharField(max_length=40, blank=True, default="", db_default="")
    exchange_document_at = models.DateTimeField(null=True, blank=True)
    # The order as 1C last took it: `updated_at` at that export, so a later change (a
    # cancellation, a manager's edit) sends it again. 1C's own changes move this too.
    exchange_sent_version = models.DateTimeField(null=True, blank=True)
    exchange_sent_at = models.DateTimeField(_("выгружен в 1С"), null=True, blank=True)

    objects = models.Manager.from_queryset(OrderQuerySet)()

    class Meta:
        verbose_name = _("заказ")
        verbose_name_plural = _("заказы")
        indexes = [
            models.Index(fields=["client", "-created_at"]),
            models.Index(fields=["legal_entity", "-created_at"]),
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["-created_at"]),
            models.Index(
                fields=["merged_into"],
                condition=Q(merged_into__isnull=False),
                name="order_merged_into",
            ),
            models.Index(
                fields=["split_from"],
                condition=Q(split_from__isnull=False),
                name="order_split_from",
            ),
            # Orders changed since 1C took them: few at any time, found without a scan.
            models.Index(
                fields=["updated_at"],
                condition=Q(updated_at__gt=models.F("exchange_sent_version")),
                name="order_changed_since_export",
            ),
        ]

    def __str__(self) -> str:
        return self.number or str(_("черновик"))

    @property
    def is_open(self) -> bool:
        return self.status not in (OrderStatus.CANCELLED, OrderStatus.DELIVERED)

    @property
    def delivery_total(self) -> Decimal:
        """What the client pays for delivery, VAT included."""
        if self.vat_included:
            return self.delivery_amount
        return self.delivery_amount + self.delivery_vat_amount


class OrderLine(models.Model):
    """A line of an order with its price snapshot. A manager's change keeps what the client
    ordered in `ordered_quantity` so the client sees what changed."""

    class Change(models.TextChoices):
        NONE = "", _("—")
        QUANTITY = "quantity", _("Изменено количество")
        ADDED = "added", _("Добавлено менеджером")
        REMOVED = "removed", _("Удалено менеджером")

    client_path = "order__client"
    legal_entity_path = "order__legal_entity"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=0)
    # Indexed with the order (see Meta): the product's lines and their orders in one index.
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    article = models.CharField(_("артикул"), max_length=100)
    name = models.CharField(_("наименование"), max_length=500)
    unit = models.ForeignKey("catalog.Unit", on_delete=models.PROTECT, related_name="+")
    unit_name = models.CharField(_("единица"), max_length=20)
    unit_coefficient = models.DecimalField(**QTY, default=Decimal("1"))
    quantity = models.DecimalField(_("количество"), **QTY)
    quantity_base = models.DecimalField(_("количество в базовых единицах"), **QTY)
    ordered_quantity = models.DecimalField(_("заказано клиентом"), **QTY, null=True, blank=True)
    change = models.CharField(max_length=10, choices=Change.choices, default="", blank=True)
    warehouse = models.ForeignKey("catalog.Warehouse", on_delete=models.PROTECT, related_name="+")
    desired_date = models.DateField(_("желаемая дата"), null=True, blank=True)
    price = models.DecimalField(_("цена"), **MONEY)
    discount_percent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0"))
    amount = models.DecimalField(_("сумма"), **MONEY)
    vat_rate = models.CharField(_("ставка НДС"), max_length=4, choices=VatRate.choices)
    vat_amount = models.DecimalField(_("НДС"), **MONEY)
    total = models.DecimalField(_("итого"), **MONEY)
    reserved = models.DecimalField(_("в резерве"), **QTY, default=Decimal("0"))
    shipped = models.DecimalField(_("отгружено"), **QTY, default=Decimal("0"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("строка заказа")
        verbose_name_plural = _("строки заказа")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["product", "order"])]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=0), name="order_line_quantity_gte_0"),
            models.CheckConstraint(condition=Q(shipped__gte=0), name="order_line_shipped_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.article} × {self.quantity} {self.unit_name}"

    @property
    def to_ship(self) -> Decimal:
        """Base units still to ship."""
        return self.quantity_base - self.shipped

    @property
    def is_removed(self) -> bool:
        return self.change == self.Change.REMOVED


class OrderStatusChange(models.Model):
    """One step of an order's history: who moved it from which status to which, and why."""

    client_path = "order__client"
    legal_entity_path = "order__legal_entity"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=OrderStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.CharField(_("комментарий"), max_length=500, blank=True)
    at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("смена статуса заказа")
        verbose_name_plural = _("история статусов заказов")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class ShipmentStatus(models.TextChoices):
    PLANNED = "planned", _("Запланирована")
    PICKING = "picking", _("Собирается")
    SHIPPED = "shipped", _("Отгружена")
    IN_TRANSIT = "in_transit", _("В пути")
    DELIVERED = "delivered", _("Доставлена")
    CANCELLED = "cancelled", _("Отменена")


class Shipment(models.Model):
    """A shipment (отгрузка) of an order: some of its lines on one date by one carrier."""

    client_path = "order__client"
    legal_entity_path = "order__legal_entity"

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="shipments")
    number = models.CharField(_("номер"), max_length=40)
    date = models.DateField(_("дата"))
    status = models.CharField(
        _("статус"), max_length=12, choices=ShipmentStatus.choices, default=ShipmentStatus.PLANNED
    )
    warehouse = models.ForeignKey("catalog.Warehouse", on_delete=models.PROTECT, related_name="+")
    carrier = models.CharField(_("перевозчик"), max_length=200, blank=True)
    tracking_number = models.CharField(_("трек-номер"), max_length=100, blank=True)
    amount = models.DecimalField(_("сумма"), **MONEY, default=Decimal("0"))
    external_id = models.CharField(_("ид в 1С"), max_length=80, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("отгрузка")
        verbose_name_plural = _("отгрузки")
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["order", "date"])]

    def __str__(self) -> str:
        return f"№ {self.number} от {self.date:%d.%m.%Y}"


class ShipmentLine(models.Model):
    """How much of an order line (base units) went in a shipment."""

    client_path = "shipment__order__client"
    legal_entity_path = "shipment__order__legal_entity"

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="shipped_in")
    quantity_base = models.DecimalField(_("количество"), **QTY)
    amount = models.DecimalField(_("сумма"), **MONEY, default=Decimal("0"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("строка отгрузки")
        verbose_name_plural = _("строки отгрузок")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity_base__gt=0), name="shipment_line_quantity_gt_0"
            )
        ]

    def __str__(self) -> str:
        return f"{self.order_line_id} × {self.quantity_base}"
