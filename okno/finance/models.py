"""Mutual settlements with clients: the ledger, its documents and their files.

A settlement document (реализация, оплата, возврат…) is what 1C keeps; it moves the debt of
a legal entity under one contract. The ledger is append-only: posting a document writes an
entry of its effect, a change writes the reversal of what was posted and a new entry, a
deletion writes the reversal alone. The balance of a contract is the sum of its entries and
is never stored anywhere else (see `finance/services/ledger.py`, ADR 0008).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okno.catalog.models import MONEY
from okno.core.scoping import ScopedManager, ScopedQuerySet
from okno.finance.requisites import CompanyRequisites  # noqa: F401


class DocumentKind(models.TextChoices):
    OPENING = "opening", _("Начальный остаток")
    SHIPMENT = "shipment", _("Реализация")
    PAYMENT = "payment", _("Оплата")
    RETURN = "return", _("Возврат")
    CREDIT_NOTE = "credit_note", _("Корректировка по претензии")
    ADJUSTMENT = "adjustment", _("Корректировка долга")


# How a document's amount moves the debt: +1 — the client owes more, -1 — less. An opening
# balance and an adjustment carry their own sign (a prepayment is a negative opening).
KIND_SIGN: dict[str, int] = {
    DocumentKind.OPENING: 1,
    DocumentKind.SHIPMENT: 1,
    DocumentKind.PAYMENT: -1,
    DocumentKind.RETURN: -1,
    DocumentKind.CREDIT_NOTE: -1,
    DocumentKind.ADJUSTMENT: 1,
}
SIGNED_KINDS = frozenset({DocumentKind.OPENING, DocumentKind.ADJUSTMENT})


class SettlementDocument(models.Model):
    """A document of mutual settlements under one contract of a legal entity, as 1C sent it.

    `amount` is the document's sum (positive; signed only for an opening balance and an
    adjustment); `debt_change` is what it does to the debt. `due_date` is when a debt it
    creates must be paid — the contract's payment deferral from the document's date unless
    1C named it. A document 1C deleted stays, `is_deleted`, with its effect reversed in the
    ledger. `(source, external_id)` identifies it in its source, so a re-sent document
    updates the same row.
    """

    client_path = "client"
    legal_entity_path = "legal_entity"

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    legal_entity = models.ForeignKey(
        "clients.LegalEntity", on_delete=models.PROTECT, related_name="+", verbose_name=_("юрлицо")
    )
    contract = models.ForeignKey(
        "clients.Contract", on_delete=models.PROTECT, related_name="+", verbose_name=_("договор")
    )
    kind = models.CharField(_("вид"), max_length=12, choices=DocumentKind.choices)
    source = models.CharField(_("источник"), max_length=20, default="1c")
    external_id = models.CharField(_("ид в 1С"), max_length=80)
    number = models.CharField(_("номер"), max_length=60)
    date = models.DateField(_("дата"))
    amount = models.DecimalField(_("сумма"), **MONEY)
    currency = models.CharField(_("валюта"), max_length=3, default="RUB")
    due_date = models.DateField(_("срок оплаты"), null=True, blank=True)
    order = models.ForeignKey(
        "orders.Order", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shipment = models.ForeignKey(
        "orders.Shipment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    claim_number = models.CharField(_("номер претензии"), max_length=60, blank=True)
    comment = models.CharField(_("комментарий"), max_length=500, blank=True)
    is_deleted = models.BooleanField(_("удалён в 1С"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("документ взаиморасчётов")
        verbose_name_plural = _("документы взаиморасчётов")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="settlement_document_unique_source_id"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=sorted(SIGNED_KINDS)) | Q(amount__gt=0),
                name="settlement_document_amount_gt_0",
            ),
        ]
        indexes = [
            models.Index(fields=["client", "-date", "-id"]),
            models.Index(fields=["contract", "date"]),
            models.Index(fields=["client", "number"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} № {self.number} от {self.date:%d.%m.%Y}"

    @property
    def debt_change(self) -> Decimal:
        """What the document does to the debt while it stands (zero once deleted)."""
        if self.is_deleted:
            return Decimal("0")
        return self.amount * KIND_SIGN[self.kind]


class LedgerEntryQuerySet(ScopedQuerySet):
    def update(self, **kwargs):  # the ledger is append-only
        raise TypeError("ledger entries are never changed")

    def delete(self):
        raise TypeError("ledger entries are never deleted")


class LedgerEntry(models.Model):
    """One movement of a contract's debt: the posting of a document or its reversal.

    Written once and never changed or deleted; `amount` is signed (+ the client owes more).
    The contract's balance on a date is the sum of its entries dated up to that date.
    """

    class Reason(models.TextChoices):
        POSTED = "posted", _("Проведён")
        REVERSED = "reversed", _("Сторно")

    client_path = "client"
    legal_entity_path = "legal_entity"

    document = models.ForeignKey(
        SettlementDocument, on_delete=models.PROTECT, related_name="entries"
    )
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    legal_entity = models.ForeignKey(
        "clients.LegalEntity", on_delete=models.PROTECT, related_name="+"
    )
    contract = models.ForeignKey("clients.Contract", on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("дата"))
    due_date = models.DateField(_("срок оплаты"), null=True, blank=True)
    amount = models.DecimalField(_("сумма"), **MONEY)
    reason = models.CharField(max_length=8, choices=Reason.choices)
    created_at = models.DateTimeField(default=timezone.now)

    objects = models.Manager.from_queryset(LedgerEntryQuerySet)()

    class Meta:
        verbose_name = _("запись взаиморасчётов")
        verbose_name_plural = _("записи взаиморасчётов")
        indexes = [
            # Covers the balance and the chart's sums: read from the index alone, never
            # from the table's rows.
            models.Index(fields=["contract", "date", "amount"]),
            models.Index(fields=["document"]),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.amount}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("ledger entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("ledger entries are never deleted")


class LedgerMonth(models.Model):
    """The sum of a contract's ledger entries dated in one month, written in the same
    transaction as the entries (`finance.services.ledger`), never by hand. A balance is
    then the closed months' sums and the current month's entries, not every entry of a
    contract's history."""

    contract = models.ForeignKey("clients.Contract", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("месяц"))  # its first day
    amount = models.DecimalField(_("сумма"), **MONEY)

    class Meta:
        verbose_name = _("итог взаиморасчётов за месяц")
        verbose_name_plural = _("итоги взаиморасчётов за месяц")
        constraints = [
            models.UniqueConstraint(fields=["contract", "month"], name="ledger_month_per_contract")
        ]

    def __str__(self) -> str:
        return f"{self.month:%m.%Y} {self.amount}"


class FileKind(models.TextChoices):
    INVOICE_FACTURA = "sf", _("Счёт-фактура")
    UPD = "upd", _("УПД")
    TORG12 = "torg12", _("ТОРГ-12")
    TTN = "ttn", _("ТТН")
    CONTRACT = "contract", _("Договор")
    ACT = "act", _("Акт")
    OTHER = "other", _("Другой документ")


class EdoStatus(models.TextChoices):
    NONE = "", _("—")
    SENT = "sent", _("Отправлен")
    SIGNED = "signed", _("Подписан")
    REJECTED = "rejected", _("Отклонён")


def document_file_path(instance: DocumentFile, filename: str) -> str:
    return f"finance/{instance.document.client_id}/{instance.document_id}/{filename}"


class DocumentFile(models.Model):
    """A file 1C attached to a settlement document (PDF or XML of an УПД, a ТОРГ-12…) and
    the document's status in electronic document exchange (ЭДО). `external_id` is the file's
    id within its document, so a re-sent file replaces the same row."""

    client_path = "document__client"
    legal_entity_path = "document__legal_entity"

    document = models.ForeignKey(SettlementDocument, on_delete=models.CASCADE, related_name="files")
    external_id = models.CharField(_("ид в 1С"), max_length=80)
    kind = models.CharField(_("вид"), max_length=10, choices=FileKind.choices)
    name = models.CharField(_("имя файла"), max_length=200)
    file = models.FileField(_("файл"), upload_to=document_file_path, max_length=300)
    size = models.PositiveBigIntegerField(_("размер"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)  # a re-sent same file is not rewritten
    edo_status = models.CharField(
        _("статус ЭДО"), max_length=8, choices=EdoStatus.choices, default="", blank=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("файл документа")
        verbose_name_plural = _("файлы документов")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "external_id"], name="document_file_unique_id"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def format(self) -> str:
        return self.name.rsplit(".", 1)[-1].upper() if "." in self.name else ""
