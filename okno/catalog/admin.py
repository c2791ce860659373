from django.contrib import admin

from okno.catalog.models import PriceType


@admin.register(PriceType)
class PriceTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "currency", "vat_included", "is_active"]
    search_fields = ["name", "code", "external_id"]
