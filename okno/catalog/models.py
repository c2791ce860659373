"""The catalog: products with their units, groups, brands and properties; price types and
prices; warehouses, stock and goods in transit; the client's own article numbers; discounts.

Quantities are in the product's base unit (3 places); a packaging unit converts to it by
its coefficient. Prices are stored as 1C sends them — per a unit, possibly a packaging one —
and the pricing module divides by that unit's coefficient only when it computes a line.
"""

from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okno.core.scoping import ScopedManager

QTY: dict[str, Any] = {"max_digits": 15, "decimal_places": 3}
MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}


class VatRate(models.TextChoices):
    """The VAT rates of Russia; 22 % is standard from 2026."""

    VAT_22 = "22", _("22 %")
    VAT_10 = "10", _("10 %")
    VAT_0 = "0", _("0 %")
    NONE = "none", _("Без НДС")


class PriceType(models.Model):
    """A price type of 1C (e.g. «Оптовая», «Дилерская»): a contract names the one it buys at."""

    name = models.CharField(_("название"), max_length=200)
    code = models.CharField(_("код"), max_length=50, blank=True)
    currency = models.CharField(_("валюта"), max_length=3, default="RUB")
    vat_included = models.BooleanField(_("цена включает НДС"), default=True)
    is_base = models.BooleanField(
        _("базовая цена"),
        default=False,
        help_text=_("Цена, которую клиент видит рядом со своей, если это разрешено."),
    )
    external_id = models.CharField(_("ид в 1С"), max_length=80, null=True, blank=True, unique=True)
    is_active = models.BooleanField(_("используется"), default=True)

    class Meta:
        verbose_name = _("тип цен")
        verbose_name_plural = _("типы цен")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A unit of measure (шт, упак, кор, палл, кг, м, км), by its ОКЕИ code where it has one."""

    code = models.CharField(_("код ОКЕИ"), max_length=10, blank=True)
    name = models.CharField(_("наименование"), max_length=100)
    short_name = models.CharField(_("обозначение"), max_length=20, unique=True)

    class Meta:
        verbose_name = _("единица измерения")
        verbose_name_plural = _("единицы измерения")
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name


class ProductGroup(models.Model):
    """A node of the product group tree. `path` is the chain of ids from the root
    (`/1/5/17/`), so a subtree is one indexed prefix query. A group 1C no longer has is
    archived (`is_active` off), never deleted: it leaves the catalog's tree and comes back
    when 1C sends it again. `exchanged_at` is when an exchange last named it."""

    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    name = models.CharField(_("название"), max_length=300)
    path = models.CharField(max_length=500, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    sort = models.IntegerField(_("порядок"), default=0)
    external_id = models.CharField(_("ид в 1С"), max_length=80, null=True, blank=True, unique=True)
    is_active = models.BooleanField(_("используется"), default=True)
    exchanged_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("группа товаров")
        verbose_name_plural = _("группы товаров")
        ordering = ["sort", "name"]

    def __str__(self) -> str:
        return self.name


class Brand(models.Model):
    """A brand or manufacturer."""

    name = models.CharField(_("название"), max_length=200, unique=True)
    external_id = models.CharField(_("ид в 1С"), max_length=80, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("бренд")
        verbose_name_plural = _("бренды")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    """A product (номенклатура) sold in its base unit and, optionally, in packaging units.

    A variant (a characteristic of 1C: size, colour) is a product of its own with `parent`
    set and its characteristic values in `characteristics` (pairs of name and value).
    Products from 1C carry its id in `external_id`; `exchange_hash` is a digest of what
    1C last sent for the product, so a re-sent file skips it when unchanged;
    `exchange_mark` says when an exchange file last named the product and holds the
    digests of its prices and stock."""

    article = models.CharField(_("артикул"), max_length=100, db_index=True)
    code = models.CharField(_("код"), max_length=50, blank=True)
    name = models.CharField(_("наименование"), max_length=500)
    # Indexed by the (group, name) index below.
    group = models.ForeignKey(
        ProductGroup,
        verbose_name=_("группа"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="products",
        db_index=False,
    )
    brand = models.ForeignKey(
        Brand,
        verbose_name=_("бренд"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="products",
    )
    base_unit = models.ForeignKey(
        Unit, verbose_name=_("базовая единица"), on_delete=models.PROTECT, related_name="+"
    )
    vat_rate = models.CharField(
        _("ставка НДС"), max_length=4, choices=VatRate.choices, default=VatRate.VAT_22
    )
    min_quantity = models.DecimalField(
        _("минимальный заказ"), **QTY, default=Decimal("0"), help_text=_("В базовых единицах.")
    )
    multiplicity = models.DecimalField(
        _("кратность"), **QTY, default=Decimal("0"), help_text=_("В базовых единицах; 0 — любая.")
    )
    is_active = models.BooleanField(_("в продаже"), default=True)
    external_id = models.CharField(_("ид в 1С"), max_length=80, null=True, blank=True, unique=True)
    # Lower-cased article without separators, for exact and prefix article matches.
    article_key = models.CharField(max_length=100, db_index=True, editable=False, default="")
    # Lower-cased article, name, brand and barcodes: what search matches substrings in
    # (SQLite: an FTS5 trigram index over this column; PostgreSQL: a pg_trgm GIN index).
    search_text = models.TextField(editable=False, default="")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("основной товар"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="variants",
    )
    characteristics = models.JSONField(_("характеристики"), default=list, db_default=[], blank=True)
    description = models.TextField(_("описание"), blank=True, db_default="")
    full_name = models.CharField(
        _("полное наименование"), max_length=1000, blank=True, db_default=""
    )
    kind = models.CharField(_("вид номенклатуры"), max_length=200, blank=True, db_default="")
    item_type = models.CharField(_("тип номенклатуры"), max_length=50, blank=True, db_default="")
    weight = models.DecimalField(_("вес"), **QTY, null=True, blank=True)
    exchange_hash = models.CharField(
        max_length=32, blank=True, default="", db_default="", editable=False
    )
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("товар")
        verbose_name_plural = _("товары")
        indexes = [
            models.Index(fields=["group", "name"]),
            # The clients' catalog in name order, a page at a time, and its count, without
            # reading or sorting the whole table.
            models.Index(
                fields=["name", "id"], condition=Q(is_active=True), name="catalog_product_on_sale"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(min_quantity__gte=0), name="product_min_qty_gte_0"),
            models.CheckConstraint(
                condition=Q(multiplicity__gte=0), name="product_multiplicity_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article} {self.name}"


class ProductExchangeMark(models.Model):
    """When an exchange file from 1C last named a product, changed or not: what the
    deactivation of a full exchange and the package exchange's `mode=deactivate` go by.
    A row of its own, because every exchange rewrites it for every product it names, and
    rewriting the product's wide row with all its indexes costs ten times as much. Written
    in bulk by the importer alone, with the ids of products it has just read or made, so
    no constraint in the database (ADR 0007): it would be checked at commit for every
    product a first import names. On PostgreSQL its pages keep room for the next version
    of each row (fillfactor 70, migration 0014), so a rewrite adds no index entry."""

    product = models.OneToOneField(
        Product,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="exchange_mark",
        db_constraint=False,
    )
    exchanged_at = models.DateTimeField()
    # Digests of the `Предложение` element that last set the product's prices and its
    # stock (see okno/exchange/importing/known.py): kept here for the same reason.
    prices_hash = models.CharField(max_length=32, blank=True, default="", db_default="")
    stock_hash = models.CharField(max_length=32, blank=True, default="", db_default="")
    # The digest of the `Предложение` that last set the product's characteristics (a
    # package's `offers___` sends them alone); "" where none read from its bytes did, and
    # once a catalog file rewrites the product, which writes characteristics of its own.
    characteristics_hash = models.CharField(max_length=32, blank=True, default="", db_default="")

    def __str__(self) -> str:
        return f"{self.product_id}: {self.exchanged_at}"


class ProductImage(models.Model):
    """A picture of a product, in the portal's media storage. `source` is the picture's
    path in the 1C exchange (`import_files/9d/….jpg`); `caption` 1C's description of it."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.FileField(_("изображение"), upload_to="catalog/images/", max_length=300)
    source = models.CharField(_("файл в 1С"), max_length=500, blank=True)
    caption = models.CharField(_("подпись"), max_length=500, blank=True)
    sort = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("изображение товара")
        verbose_name_plural = _("изображения товаров")
        ordering = ["product", "sort"]

    def __str__(self) -> str:
        return str(self.image.name)


class CatalogOwner(models.Model):
    """The company whose catalog 1C sends (`Владелец` of its classifier and catalog): the
    seller, with its requisites as 1C knows them."""

    external_id = models.CharField(_("ид в 1С"), max_length=80, unique=True)
    name = models.CharField(_("название"), max_length=300)
    official_name = models.CharField(_("полное наименование"), max_length=500, blank=True)
    inn = models.CharField(_("ИНН"), max_length=12, blank=True)
    kpp = models.CharField(_("КПП"), max_length=9, blank=True)
    address = models.CharField(_("юридический адрес"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("владелец каталога")
        verbose_name_plural = _("владельцы каталога")

    def __str__(self) -> str:
        return self.name


class ProductUnit(models.Model):
    """A packaging unit of a product: how many base units one of it holds."""

    # No index of its own: the unique constraint's index leads with the product.
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="units", db_index=False
    )
    unit = models.ForeignKey(Unit, verbose_name=_("единица"), on_delete=models.PROTECT)
    coefficient = models.DecimalField(_("коэффициент"), **QTY)

    class Meta:
        verbose_name = _("единица товара")
        verbose_name_plural = _("единицы товара")
        constraints = [
            models.UniqueConstraint(fields=["product", "unit"], name="product_unit_unique"),
            models.CheckConstraint(condition=Q(coefficient__gt=0), name="product_unit_coef_gt_0"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} = {self.coefficient}"


class Barcode(models.Model):
    """A barcode (EAN-13 and the like) of a product; a product may have several."""

    # No index of its own: the unique constraint's index leads with the product.
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="barcodes", db_index=False
    )
    code = models.CharField(_("штрихкод"), max_length=64, db_index=True)

    class Meta:
        verbose_name = _("штрихкод")
        verbose_name_plural = _("штрихкоды")
        constraints = [
            models.UniqueConstraint(fields=["product", "code"], name="barcode_unique_per_product")
        ]

    def __str__(self) -> str:
        return self.code


class Property(models.Model):
    """A product property (Цвет, Диаметр, Материал) the catalog filters by. From 1C it
    comes with its value type (`Строка`, `Число`, `Справочник`, `Дата` as 1C names it),
    whether a product may have several values, and for a `Справочник` its enumeration:
    1C's value id → the value's text, which product values are resolved through."""

    name = models.CharField(_("название"), max_length=200)
    is_filter = models.BooleanField(_("фильтр в каталоге"), default=True)
    external_id = models.CharField(_("ид в 1С"), max_length=80, null=True, blank=True, unique=True)
    value_type = models.CharField(_("тип значений"), max_length=20, blank=True, db_default="")
    multiple = models.BooleanField(_("несколько значений"), default=False, db_default=False)
    enumeration = models.JSONField(_("варианты значений"), default=dict, db_default={}, blank=True)

    class Meta:
        verbose_name = _("свойство")
        verbose_name_plural = _("свойства")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProductProperty(models.Model):
    """A value of one property of one product; a multiple property has a row per value."""

    # The unique constraint and the index below lead with each foreign key, so their own
    # indexes would be written for nothing; no constraints in the database (ADR 0007).
    product = models.ForeignKey(
        Product,
        on_delete=models.CASCADE,
        related_name="properties",
        db_index=False,
        db_constraint=False,
    )
    property = models.ForeignKey(
        Property,
        on_delete=models.CASCADE,
        related_name="values",
        db_index=False,
        db_constraint=False,
    )
    value = models.CharField(_("значение"), max_length=300)

    class Meta:
        verbose_name = _("значение свойства")
        verbose_name_plural = _("значения свойств")
        constraints = [
            models.UniqueConstraint(
                fields=["product", "property", "value"], name="product_property_value_unique"
            )
        ]
        indexes = [models.Index(fields=["property", "value"])]

    def __str__(self) -> str:
        return f"{self.property}: {self.value}"


class Price(models.Model):
    """A price of a product in a price type, per `unit` (the base unit when empty) holding
    `coefficient` base units — as 1C sends it."""

    # The unique constraint's index (product, price_type) is the only one over these
    # keys: every read of prices names the products. An index led by the price type would
    # serve only a price type's deletion, yet cost a quarter of writing an import's prices.
    # No constraints in the database either (see ADR 0007): Django keeps the cascades.
    product = models.ForeignKey(
        Product,
        on_delete=models.CASCADE,
        related_name="prices",
        db_index=False,
        db_constraint=False,
    )
    price_type = models.ForeignKey(
        PriceType,
        on_delete=models.CASCADE,
        related_name="prices",
        db_index=False,
        db_constraint=False,
    )
    price = models.DecimalField(_("цена"), **MONEY)
    # Indexed only where given (the partial index below): most prices are per base unit,
    # and an index of their empty units cost a fifth of copying an import's prices.
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("за единицу"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
        db_constraint=False,
    )
    coefficient = models.DecimalField(_("коэффициент"), **QTY, default=Decimal("1"))
    # The database's default too: an import copies its new prices without the moment,
    # which parsing half a million times costs a fifth of the copy.
    updated_at = models.DateTimeField(auto_now=True, db_default=Now())

    class Meta:
        verbose_name = _("цена")
        verbose_name_plural = _("цены")
        constraints = [
            models.UniqueConstraint(fields=["product", "price_type"], name="price_unique"),
            models.CheckConstraint(condition=Q(price__gte=0), name="price_gte_0"),
            models.CheckConstraint(condition=Q(coefficient__gt=0), name="price_coef_gt_0"),
        ]
        indexes = [
            models.Index(fields=["unit"], condition=Q(unit__isnull=False), name="price_unit_given")
        ]

    def __str__(self) -> str:
        return f"{self.product_id}: {self.price}"


class DeliveryRegion(models.Model):
    """A region the company delivers to; warehouses know their lead time to each."""

    name = models.CharField(_("название"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("регион доставки")
        verbose_name_plural = _("регионы доставки")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Warehouse(models.Model):
    """A regional warehouse of the company."""

    name = models.CharField(_("название"), max_length=200)
    city = models.CharField(_("город"), max_length=200, blank=True)
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    allows_pickup = models.BooleanField(_("самовывоз"), default=True)
    is_default = models.BooleanField(
        _("основной"), default=False, help_text=_("Склад клиентов, у договора которых он не задан.")
    )
    is_active = models.BooleanField(_("работает"), default=True)
    sort = models.IntegerField(_("порядок"), default=0)
    external_id = models.CharField(_("ид в 1С"), max_length=80, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("склад")
        verbose_name_plural = _("склады")
        ordering = ["sort", "name"]

    def __str__(self) -> str:
        return self.name


class LeadTime(models.Model):
    """Days from a warehouse to a delivery region."""

    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="lead_times")
    region = models.ForeignKey(DeliveryRegion, on_delete=models.CASCADE, related_name="+")
    days = models.PositiveSmallIntegerField(_("срок, дней"))

    class Meta:
        verbose_name = _("срок доставки")
        verbose_name_plural = _("сроки доставки")
        constraints = [
            models.UniqueConstraint(fields=["warehouse", "region"], name="lead_time_unique")
        ]

    def __str__(self) -> str:
        return f"{self.warehouse_id} → {self.region_id}: {self.days}"


class Stock(models.Model):
    """Stock of a product at a warehouse, in base units: free to order and reserved by orders.
    Changed only by `okno.catalog.services.stock` under a conditional UPDATE, with a movement."""

    # The unique constraint's index (product, warehouse) is the only one: the catalog's
    # "in stock here" filter probes it for each product it shows, and counts them by a
    # hash join. An index led by the warehouse served only that count, no faster, yet
    # cost a quarter of copying an import's stock. No constraints in the database either
    # (see ADR 0007): Django keeps the cascades.
    product = models.ForeignKey(
        Product,
        on_delete=models.CASCADE,
        related_name="stock",
        db_index=False,
        db_constraint=False,
    )
    warehouse = models.ForeignKey(
        Warehouse,
        on_delete=models.CASCADE,
        related_name="stock",
        db_index=False,
        db_constraint=False,
    )
    free = models.DecimalField(_("свободно"), **QTY, default=Decimal("0"))
    reserved = models.DecimalField(_("в резерве"), **QTY, default=Decimal("0"))

    class Meta:
        verbose_name = _("остаток")
        verbose_name_plural = _("остатки")
        constraints = [
            models.UniqueConstraint(fields=["product", "warehouse"], name="stock_unique"),
            models.CheckConstraint(condition=Q(reserved__gte=0), name="stock_reserved_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id}@{self.warehouse_id}: {self.free}"


class StockInTransit(models.Model):
    """Goods on their way to a warehouse, with the expected arrival date."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="in_transit")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="+")
    quantity = models.DecimalField(_("количество"), **QTY)
    expected_date = models.DateField(_("ожидается"))

    class Meta:
        verbose_name = _("товар в пути")
        verbose_name_plural = _("товары в пути")
        ordering = ["expected_date"]

    def __str__(self) -> str:
        return f"{self.product_id}@{self.warehouse_id}: {self.quantity} {self.expected_date}"


class StockMovement(models.Model):
    """One change of stock: the ledger that explains every `Stock` figure."""

    class Reason(models.TextChoices):
        RECEIPT = "receipt", _("Поступление")
        RESERVE = "reserve", _("Резерв под заказ")
        RELEASE = "release", _("Снятие резерва")
        SHIPMENT = "shipment", _("Отгрузка")
        IMPORT = "import", _("Остатки из 1С")
        ADJUSTMENT = "adjustment", _("Корректировка")

    # Indexed by the (product, -created_at) index below; no constraints in the database
    # (see ADR 0007). The ledger is read by product alone: an index of the warehouse would
    # serve only deleting a warehouse (1C's are archived), yet cost a fifth of copying an
    # import's movements.
    product = models.ForeignKey(
        Product,
        on_delete=models.CASCADE,
        related_name="movements",
        db_index=False,
        db_constraint=False,
    )
    warehouse = models.ForeignKey(
        Warehouse,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    reason = models.CharField(_("основание"), max_length=12, choices=Reason.choices)
    free_change = models.DecimalField(_("свободно, изменение"), **QTY, default=Decimal("0"))
    reserved_change = models.DecimalField(_("резерв, изменение"), **QTY, default=Decimal("0"))
    reference = models.CharField(_("документ"), max_length=100, blank=True)
    # The database's default too, for the movements an import copies (see Price).
    created_at = models.DateTimeField(_("когда"), default=timezone.now, db_default=Now())

    class Meta:
        verbose_name = _("движение товара")
        verbose_name_plural = _("движения товаров")
        indexes = [models.Index(fields=["product", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.reason} {self.product_id}@{self.warehouse_id}"


class ClientArticle(models.Model):
    """The client's own article number for one of our products (cross-reference)."""

    client_path = "client"

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="own_articles"
    )
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    article = models.CharField(_("артикул клиента"), max_length=100)
    article_key = models.CharField(max_length=100, editable=False, default="")

    objects = ScopedManager()

    class Meta:
        verbose_name = _("артикул клиента")
        verbose_name_plural = _("артикулы клиентов")
        constraints = [
            models.UniqueConstraint(fields=["client", "article_key"], name="client_article_unique")
        ]
        indexes = [models.Index(fields=["client", "product"])]

    def __str__(self) -> str:
        return self.article


class DiscountRule(models.Model):
    """A discount on top of the contract's price and discount: for a client (or everyone),
    on the whole catalog or one group (with its subgroups), brand or product, from a quantity.

    The most specific rule that matches a line wins: product, then group (deeper first),
    then brand, then the whole catalog; a client's own rule before a rule for everyone; of
    its quantity breaks, the largest not above the line's quantity (see ADR 0005).
    """

    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("клиент"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("Пусто — для всех клиентов."),
        related_name="discount_rules",
    )
    group = models.ForeignKey(
        ProductGroup, verbose_name=_("группа"), on_delete=models.CASCADE, null=True, blank=True
    )
    brand = models.ForeignKey(
        Brand, verbose_name=_("бренд"), on_delete=models.CASCADE, null=True, blank=True
    )
    product = models.ForeignKey(
        Product, verbose_name=_("товар"), on_delete=models.CASCADE, null=True, blank=True
    )
    min_quantity = models.DecimalField(
        _("от количества"), **QTY, default=Decimal("0"), help_text=_("В базовых единицах.")
    )
    percent = models.DecimalField(_("скидка, %"), max_digits=5, decimal_places=2)
    valid_from = models.DateField(_("действует с"), null=True, blank=True)
    valid_until = models.DateField(_("действует по"), null=True, blank=True)
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("правило скидки")
        verbose_name_plural = _("правила скидок")
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gt=0) & Q(percent__lt=100), name="discount_rule_percent"
            ),
            models.CheckConstraint(
                condition=(
                    Q(group__isnull=True, brand__isnull=True)
                    | Q(group__isnull=True, product__isnull=True)
                    | Q(brand__isnull=True, product__isnull=True)
                ),
                name="discount_rule_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.percent} %"
