"""The 1C exchange's own records: integrations (which user 1C logs in as, and how to talk to
it), exchange sessions with their requests and files, and import jobs with their
checkpoints. Times are stored in UTC."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Integration(models.Model):
    """A 1C database that exchanges with the portal, and the integration user it logs in as
    (`checkauth` with Basic auth). How this 1C wants to be answered lives here."""

    class Encoding(models.TextChoices):
        UTF8 = "utf-8", "UTF-8"
        CP1251 = "windows-1251", "windows-1251"

    name = models.CharField(_("название"), max_length=200)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="integration",
        verbose_name=_("пользователь обмена"),
    )
    encoding = models.CharField(
        _("кодировка ответов"), max_length=12, choices=Encoding.choices, default=Encoding.UTF8
    )
    allow_zip = models.BooleanField(_("принимать архивы"), default=True)
    file_limit = models.PositiveIntegerField(
        _("размер части файла, байт"), default=50 * 1024 * 1024
    )
    sale_version = models.CharField(_("версия схемы заказов"), max_length=10, default="2.09")
    query_confirms_previous = models.BooleanField(
        _("следующий запрос заказов подтверждает предыдущую выгрузку"),
        default=True,
        help_text=_("1С:УТ 11 не присылает mode=success."),
    )
    alert_after_hours = models.PositiveIntegerField(
        _("тревога, если обмена не было, часов"), default=24
    )
    is_active = models.BooleanField(_("включена"), default=True)
    last_success_at = models.DateTimeField(_("последний успешный обмен"), null=True, blank=True)
    created_at = models.DateTimeField(_("подключена"), default=timezone.now)
    # When administrators were last told that this 1C has not exchanged for too long: one
    # letter per silence, not one per check.
    stale_alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("интеграция с 1С")
        verbose_name_plural = _("интеграции с 1С")

    def __str__(self) -> str:
        return self.name


class ExchangeSession(models.Model):
    """One exchange as 1C runs it: from `checkauth` to the last `import` or `success`.
    Its files live in their own folder under the exchange storage."""

    class Kind(models.TextChoices):
        CATALOG = "catalog", _("Каталог")
        SALE = "sale", _("Заказы")

    class Status(models.TextChoices):
        OPEN = "open", _("Идёт")
        SUCCESS = "success", _("Успешно")
        FAILURE = "failure", _("Ошибка")

    integration = models.ForeignKey(
        Integration, on_delete=models.CASCADE, related_name="sessions", null=True, blank=True
    )
    kind = models.CharField(_("тип"), max_length=10, choices=Kind.choices)
    cookie = models.CharField(max_length=64, unique=True)
    sessid = models.CharField(max_length=64)
    version = models.CharField(_("версия схемы"), max_length=10, blank=True)
    status = models.CharField(
        _("состояние"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    message = models.TextField(_("сообщение"), blank=True)
    started_at = models.DateTimeField(_("начало"), default=timezone.now)
    last_request_at = models.DateTimeField(_("последний запрос"), default=timezone.now)
    finished_at = models.DateTimeField(_("окончание"), null=True, blank=True)
    rerun_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reruns",
        verbose_name=_("повтор сеанса"),
    )
    # When administrators were told that this session failed: each failure is told once.
    alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["integration", "-started_at"])]
        verbose_name = _("сеанс обмена")
        verbose_name_plural = _("сеансы обмена")

    def __str__(self) -> str:
        return f"{self.kind} {self.started_at:%Y-%m-%d %H:%M}"


class ExchangeRequest(models.Model):
    """One HTTP request of a session, as the log shows it."""

    session = models.ForeignKey(ExchangeSession, on_delete=models.CASCADE, related_name="requests")
    mode = models.CharField(max_length=20)
    filename = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10)  # the first line answered
    message = models.TextField(blank=True)
    bytes_in = models.BigIntegerField(default=0)
    duration_ms = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.mode} {self.filename}: {self.status}"


class ExchangeFile(models.Model):
    """A file 1C sent in a session (or one unpacked from its archive), kept for the log and
    for re-running the import. `name` is the safe relative name (`import_files/9d/….jpg`)."""

    session = models.ForeignKey(ExchangeSession, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("файл"), max_length=500)
    size = models.BigIntegerField(_("размер"), default=0)
    parts = models.PositiveIntegerField(_("частей"), default=0)
    from_archive = models.CharField(_("из архива"), max_length=500, blank=True)
    received_at = models.DateTimeField(_("получен"), default=timezone.now)

    class Meta:
        ordering = ["received_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "name"], name="exchange_file_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ImportJob(models.Model):
    """The import of one exchange file, done in slices: `checkpoint` is how many of the
    file's objects are already written (each batch commits with its checkpoint), so an
    interrupted import resumes where it stopped. `counts` holds created, updated,
    unchanged, deactivated and errors per kind of object."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Ждёт")
        RUNNING = "running", _("Идёт")
        DONE = "done", _("Готово")
        FAILED = "failed", _("Ошибка")

    session = models.ForeignKey(ExchangeSession, on_delete=models.CASCADE, related_name="imports")
    file = models.ForeignKey(ExchangeFile, on_delete=models.CASCADE, related_name="imports")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    phase = models.CharField(max_length=40, blank=True)
    checkpoint = models.BigIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.file_id}: {self.status}"


# --- The order export (`type=sale&mode=query`) --------------------------------------------


class SaleExport(models.Model):
    """One `mode=query` answer: the orders it carried. It stays pending until 1C says
    `mode=success` — or, for a 1C that never does (УТ 11), until the integration's next
    `mode=query` (`Integration.query_confirms_previous`); only then are its orders sent.
    A pending batch a newer query made unnecessary is dropped: its orders went out again."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Ждёт подтверждения")
        COMMITTED = "committed", _("Принята 1С")
        DROPPED = "dropped", _("Заменена следующей")

    integration = models.ForeignKey(
        Integration, on_delete=models.CASCADE, related_name="sale_exports", null=True, blank=True
    )
    session = models.ForeignKey(
        ExchangeSession,
        on_delete=models.SET_NULL,
        related_name="sale_exports",
        null=True,
        blank=True,
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    orders_count = models.PositiveIntegerField(_("заказов"), default=0)
    documents_count = models.PositiveIntegerField(_("документов"), default=0)
    created_at = models.DateTimeField(_("выгружена"), default=timezone.now)
    committed_at = models.DateTimeField(_("подтверждена"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["integration", "status"])]
        verbose_name = _("выгрузка заказов")
        verbose_name_plural = _("выгрузки заказов")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M}: {self.orders_count}"


class SaleExportOrder(models.Model):
    """A portal order in a batch, with `updated_at` as it was sent (a later change sends it
    again) and the number of sub-orders it went as (0 — as one document)."""

    export = models.ForeignKey(SaleExport, on_delete=models.CASCADE, related_name="orders")
    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="+")
    order_updated_at = models.DateTimeField()
    parts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["order", "export"])]

    def __str__(self) -> str:
        return f"{self.export_id}: {self.order_id}"


class OrderPart(models.Model):
    """A sub-order of a portal order that mixes VAT rates or shipping warehouses: 1C:УТ 11
    takes one order per rate and warehouse, so such an order goes as linked documents
    `<order id>-<n>`. What 1C says of each part is kept here; the portal order follows the
    least advanced of its parts."""

    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="parts_1c")
    number = models.PositiveSmallIntegerField()
    vat_rate = models.CharField(max_length=4)
    warehouse = models.ForeignKey("catalog.Warehouse", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, blank=True)
    number_1c = models.CharField(max_length=40, blank=True)
    version = models.CharField(max_length=40, blank=True)
    document_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order", "number"]
        constraints = [
            models.UniqueConstraint(fields=["order", "number"], name="order_part_unique"),
            models.UniqueConstraint(
                fields=["order", "vat_rate", "warehouse"], name="order_part_one_per_rate"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}-{self.number}"
