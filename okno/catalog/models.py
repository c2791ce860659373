"""The catalog. For now only price types, which contracts refer to."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PriceType(models.Model):
    """A price type of 1C (e.g. «Оптовая», «Дилерская»): a contract names the one it buys at."""

    name = models.CharField(_("название"), max_length=200)
    code = models.CharField(_("код"), max_length=50, blank=True)
    currency = models.CharField(_("валюта"), max_length=3, default="RUB")
    vat_included = models.BooleanField(_("цена включает НДС"), default=True)
    external_id = models.CharField(_("ид в 1С"), max_length=80, null=True, blank=True, unique=True)
    is_active = models.BooleanField(_("используется"), default=True)

    class Meta:
        verbose_name = _("тип цен")
        verbose_name_plural = _("типы цен")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
