"""The client (company, holding or individual customer) and everything that hangs on it."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okno.core.roles import ClientRole
from okno.core.scoping import ScopedManager


class SupportTier(models.TextChoices):
    """The level of service agreed with a client; the desk's SLA policies may depend on it."""

    STANDARD = "standard", _("Стандартный")
    PRIORITY = "priority", _("Приоритетный")
    VIP = "vip", _("VIP")


class Client(models.Model):
    """A customer of the company: a company or holding, or an individual customer (физлицо).
    `support_tier` is the level of service agreed with it (the desk's SLA policies read it);
    `support_hours` the operators' hours a month its support plan includes (0: none agreed),
    which the supervisor's reports set against the time spent on its appeals."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("Компания")
        HOLDING = "holding", _("Холдинг")
        INDIVIDUAL = "individual", _("Физическое лицо")

    client_path = ""

    name = models.CharField(_("название"), max_length=300)
    kind = models.CharField(_("вид"), max_length=12, choices=Kind.choices, default=Kind.COMPANY)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ответственный менеджер"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_clients",
        limit_choices_to={"staff_role__in": ["manager", "admin"]},
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("телефон"), max_length=12, blank=True)
    is_dealer = models.BooleanField(_("дилер"), default=False)
    support_tier = models.CharField(
        _("уровень обслуживания"),
        max_length=10,
        choices=SupportTier.choices,
        default=SupportTier.STANDARD,
    )
    support_hours = models.PositiveIntegerField(_("часов поддержки в месяц"), default=0)
    is_active = models.BooleanField(_("активен"), default=True)
    external_id = models.CharField(_("ид в 1С"), max_length=80, null=True, blank=True, unique=True)
    notes = models.TextField(_("заметки"), blank=True)
    order_approval_threshold = models.DecimalField(
        _("согласовывать заказы дороже"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Заказ на большую сумму ждёт согласования администратора клиента."),
    )
    created_at = models.DateTimeField(_("создан"), default=timezone.now)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("клиент")
        verbose_name_plural = _("клиенты")
        indexes = [models.Index(fields=["manager", "name"])]

    def __str__(self) -> str:
        return self.name


class LegalEntity(models.Model):
    """A legal entity of the client (ООО, АО, ИП or a person) that buys under its own contracts."""

    class Kind(models.TextChoices):
        OOO = "ooo", _("ООО")
        AO = "ao", _("АО")
        PAO = "pao", _("ПАО")
        IP = "ip", _("ИП")
        PERSON = "person", _("Физическое лицо")

    client_path = "client"
    legal_entity_path = ""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="legal_entities")
    kind = models.CharField(_("форма"), max_length=8, choices=Kind.choices, default=Kind.OOO)
    name = models.CharField(_("краткое наименование"), max_length=300)
    full_name = models.CharField(_("полное наименование"), max_length=500, blank=True)
    inn = models.CharField(_("ИНН"), max_length=12, blank=True)
    kpp = models.CharField(_("КПП"), max_length=9, blank=True)
    ogrn = models.CharField(_("ОГРН/ОГРНИП"), max_length=15, blank=True)
    legal_address = models.CharField(_("юридический адрес"), max_length=500, blank=True)
    postal_address = models.CharField(_("почтовый адрес"), max_length=500, blank=True)
    director = models.CharField(_("руководитель"), max_length=200, blank=True)
    is_active = models.BooleanField(_("активно"), default=True)
    external_id = models.CharField(_("ид в 1С"), max_length=80, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("юрлицо")
        verbose_name_plural = _("юрлица")
        constraints = [
            models.UniqueConstraint(
                fields=["inn", "kpp"], condition=~Q(inn=""), name="legal_entity_unique_inn_kpp"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_sole_trader(self) -> bool:
        return self.kind in (self.Kind.IP, self.Kind.PERSON)


# The scoping rule filters by legal entity through `legal_entity_path`; for LegalEntity
# itself that is its own id, which `_lookup("", "id__in")` gives as `id__in`.


class BankAccount(models.Model):
    """A settlement account of a legal entity, checked against the bank's БИК."""

    client_path = "legal_entity__client"
    legal_entity_path = "legal_entity"

    legal_entity = models.ForeignKey(
        LegalEntity, on_delete=models.CASCADE, related_name="bank_accounts"
    )
    bank_name = models.CharField(_("банк"), max_length=300)
    bik = models.CharField(_("БИК"), max_length=9)
    corr_account = models.CharField(_("корр. счёт"), max_length=20, blank=True)
    account = models.CharField(_("расчётный счёт"), max_length=20)
    is_primary = models.BooleanField(_("основной"), default=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("банковский счёт")
        verbose_name_plural = _("банковские счета")
        constraints = [
            models.UniqueConstraint(fields=["legal_entity", "bik", "account"], name="bank_unique")
        ]

    def __str__(self) -> str:
        return f"{self.account} в {self.bank_name}"


class Contract(models.Model):
    """A contract of a legal entity and its commercial terms."""

    class CreditMode(models.TextChoices):
        BLOCK = "block", _("Блокировать заказ")
        WARN = "warn", _("Предупреждать")

    client_path = "client"
    legal_entity_path = "legal_entity"

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="contracts")
    legal_entity = models.ForeignKey(
        LegalEntity, on_delete=models.CASCADE, related_name="contracts", verbose_name=_("юрлицо")
    )
    number = models.CharField(_("номер"), max_length=60)
    date = models.DateField(_("дата"))
    currency = models.CharField(_("валюта"), max_length=3, default="RUB")
    price_type = models.ForeignKey(
        "catalog.PriceType",
        verbose_name=_("тип цен"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    discount_percent = models.DecimalField(
        _("скидка, %"), max_digits=5, decimal_places=2, default=Decimal("0")
    )
    warehouse = models.ForeignKey(
        "catalog.Warehouse",
        verbose_name=_("склад отгрузки"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Склад, остатки которого клиент видит первыми; пусто — основной склад."),
    )
    payment_deferral_days = models.PositiveIntegerField(_("отсрочка платежа, дней"), default=0)
    credit_limit = models.DecimalField(
        _("кредитный лимит"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    credit_mode = models.CharField(
        _("при превышении лимита"),
        max_length=5,
        choices=CreditMode.choices,
        default=CreditMode.BLOCK,
    )
    # What the legal entity owes under the contract and what of it is overdue are not kept
    # here: they are the sum of the finance ledger (okno/finance/selectors/balances.py).
    valid_until = models.DateField(_("действует до"), null=True, blank=True)
    is_active = models.BooleanField(_("действует"), default=True)
    external_id = models.CharField(_("ид в 1С"), max_length=80, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("договор")
        verbose_name_plural = _("договоры")
        constraints = [
            models.UniqueConstraint(
                fields=["legal_entity", "number", "date"], name="contract_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(discount_percent__gte=0) & Q(discount_percent__lt=100),
                name="contract_discount_range",
            ),
            models.CheckConstraint(condition=Q(credit_limit__gte=0), name="contract_limit_gte_0"),
        ]

    def __str__(self) -> str:
        return f"№ {self.number} от {self.date:%d.%m.%Y}"


class DeliveryAddress(models.Model):
    """A place the client receives goods; one default per legal entity."""

    client_path = "client"
    legal_entity_path = "legal_entity"

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="addresses")
    legal_entity = models.ForeignKey(
        LegalEntity, on_delete=models.CASCADE, related_name="addresses", verbose_name=_("юрлицо")
    )
    title = models.CharField(_("название"), max_length=120, blank=True)
    postal_code = models.CharField(_("индекс"), max_length=6, blank=True)
    city = models.CharField(_("город"), max_length=120)
    address = models.CharField(_("адрес"), max_length=500)
    contact_name = models.CharField(_("контактное лицо"), max_length=200, blank=True)
    contact_phone = models.CharField(_("телефон на месте"), max_length=12, blank=True)
    comment = models.CharField(_("комментарий для водителя"), max_length=500, blank=True)
    is_default = models.BooleanField(_("по умолчанию"), default=False)
    is_active = models.BooleanField(_("активен"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("адрес доставки")
        verbose_name_plural = _("адреса доставки")
        constraints = [
            models.UniqueConstraint(
                fields=["legal_entity"],
                condition=Q(is_default=True, is_active=True),
                name="one_default_address_per_legal_entity",
            )
        ]

    def __str__(self) -> str:
        parts = [self.postal_code, self.city, self.address]
        return ", ".join(p for p in parts if p)


class Contact(models.Model):
    """A person of the client: a contact or an authorised representative (by power of attorney)."""

    client_path = "client"

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="contacts")
    full_name = models.CharField(_("ФИО"), max_length=200)
    position = models.CharField(_("должность"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("телефон"), max_length=12, blank=True)
    is_representative = models.BooleanField(_("представитель по доверенности"), default=False)
    power_of_attorney = models.CharField(_("доверенность (№, дата)"), max_length=120, blank=True)
    power_of_attorney_until = models.DateField(
        _("доверенность действует до"), null=True, blank=True
    )
    notes = models.CharField(_("заметки"), max_length=500, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("контакт")
        verbose_name_plural = _("контакты")

    def __str__(self) -> str:
        return self.full_name


class ClientMembership(models.Model):
    """A portal user's place in a client: role, what they may do, which legal entities."""

    client_path = "client"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("роль"), max_length=20, choices=ClientRole.choices)
    legal_entities = models.ManyToManyField(
        LegalEntity, verbose_name=_("юрлица"), related_name="members", blank=True
    )
    current_legal_entity = models.ForeignKey(
        LegalEntity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    may_order = models.BooleanField(_("может заказывать"), default=True)
    may_view_finance = models.BooleanField(_("видит финансы"), default=False)
    may_approve_orders = models.BooleanField(_("согласует крупные заказы"), default=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("доступ сотрудника клиента")
        verbose_name_plural = _("доступы сотрудников клиентов")

    def __str__(self) -> str:
        return f"{self.user} — {self.client}"
