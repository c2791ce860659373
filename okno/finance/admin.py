"""The company's requisites in the back office: one set, which invoices print as the
seller; the model's checks (ИНН, КПП, БИК, accounts, a single set) run on save."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from okno.finance.requisites import CompanyRequisites


@admin.register(CompanyRequisites)
class CompanyRequisitesAdmin(admin.ModelAdmin):
    list_display = ["name", "inn", "kpp", "bank_name", "account", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "inn", "kpp", "address", "phone"]}),
        (_("Банк"), {"fields": ["bank_name", "bik", "corr_account", "account"]}),
        (_("Подписи и примечание"), {"fields": ["director", "accountant", "invoice_note"]}),
    ]
