"""The company's own requisites: what its invoices print as the seller and the payee.

1C's catalog owner (`catalog.CatalogOwner`) carries the name, ИНН and КПП but no bank
account, signatories or address for documents, so the company keeps them here, edited by
an administrator in the back office. There is one set; invoices use the first row.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from okno.core.errors import InvalidInput
from okno.core.requisites import (
    check_bik,
    check_correspondent_account,
    check_inn,
    check_kpp,
    check_settlement_account,
)


class CompanyRequisites(models.Model):
    """The seller on the company's invoices: its name, tax numbers, address, the bank
    account clients pay to, and who signs (the director and the chief accountant)."""

    name = models.CharField(
        _("наименование"), max_length=300, help_text=_("Как в документах: ООО «Ромашка».")
    )
    inn = models.CharField(_("ИНН"), max_length=12)
    kpp = models.CharField(_("КПП"), max_length=9, blank=True)
    address = models.CharField(_("адрес"), max_length=500)
    phone = models.CharField(_("телефон"), max_length=40, blank=True)
    bank_name = models.CharField(_("банк"), max_length=300)
    bik = models.CharField(_("БИК"), max_length=9)
    corr_account = models.CharField(_("корр. счёт"), max_length=20)
    account = models.CharField(_("расчётный счёт"), max_length=20)
    director = models.CharField(
        _("руководитель"), max_length=200, help_text=_("Фамилия и инициалы: Иванов И. И.")
    )
    accountant = models.CharField(
        _("главный бухгалтер"), max_length=200, help_text=_("Фамилия и инициалы: Петрова А. А.")
    )
    invoice_note = models.TextField(
        _("примечание в счёте"),
        blank=True,
        help_text=_("Печатается над счётом, например условия оплаты и поставки."),
    )
    updated_at = models.DateTimeField(_("изменены"), auto_now=True)

    class Meta:
        verbose_name = _("реквизиты компании")
        verbose_name_plural = _("реквизиты компании")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The tax numbers and the bank account by their check digits, as 1C checks them;
        and only one set of requisites."""
        errors: dict[str, str] = {}
        checks = [
            ("inn", lambda: check_inn(self.inn)),
            ("bik", lambda: check_bik(self.bik)),
            ("corr_account", lambda: check_correspondent_account(self.corr_account, self.bik)),
            ("account", lambda: check_settlement_account(self.account, self.bik)),
        ]
        if self.kpp or len(self.inn.strip()) == 10:
            checks.append(("kpp", lambda: check_kpp(self.kpp)))
        for field, check in checks:
            try:
                setattr(self, field, check())
            except InvalidInput as problem:
                errors[field] = problem.message
        if errors:
            raise ValidationError(errors)
        if CompanyRequisites.objects.exclude(pk=self.pk).exists():
            # One set: a second would leave invoices guessing which is the company's.
            raise ValidationError(
                _("Реквизиты компании уже заполнены: измените их, а не добавляйте новые.")
            )


def company_requisites() -> CompanyRequisites | None:
    """The company's requisites, or None while an administrator has not filled them in."""
    return CompanyRequisites.objects.order_by("pk").first()
