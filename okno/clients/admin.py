"""Back-office view of client data for administrators.

Day-to-day work happens on the client card, where every change is checked and audited;
the admin is for looking things up and rare corrections. Foreign keys are raw ids or
autocompletes, because there are tens of thousands of clients.
"""

from django.contrib import admin

from okno.clients.models import (
    BankAccount,
    Client,
    ClientMembership,
    Contact,
    Contract,
    DeliveryAddress,
    LegalEntity,
)


class LegalEntityInline(admin.TabularInline):
    model = LegalEntity
    fields = ("kind", "name", "inn", "kpp", "ogrn", "is_active")
    extra = 0
    show_change_link = True


class BankAccountInline(admin.TabularInline):
    model = BankAccount
    fields = ("bank_name", "bik", "corr_account", "account", "is_primary")
    extra = 0


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "manager", "is_dealer", "is_active", "created_at")
    list_filter = ("kind", "is_dealer", "is_active")
    search_fields = ("name", "email", "legal_entities__inn", "external_id")
    list_select_related = ("manager",)
    raw_id_fields = ("manager",)
    readonly_fields = ("created_at", "updated_at")
    inlines = [LegalEntityInline]
    show_full_result_count = False


@admin.register(LegalEntity)
class LegalEntityAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "inn", "kpp", "client", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "full_name", "inn", "external_id")
    list_select_related = ("client",)
    raw_id_fields = ("client",)
    readonly_fields = ("created_at", "updated_at")
    inlines = [BankAccountInline]
    show_full_result_count = False


@admin.register(BankAccount)
class BankAccountAdmin(admin.ModelAdmin):
    list_display = ("account", "bank_name", "bik", "legal_entity", "is_primary")
    search_fields = ("account", "bik", "legal_entity__name", "legal_entity__inn")
    list_select_related = ("legal_entity",)
    raw_id_fields = ("legal_entity",)


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "legal_entity",
        "price_type",
        "discount_percent",
        "payment_deferral_days",
        "credit_limit",
        "is_active",
    )
    list_filter = ("is_active", "credit_mode", "price_type")
    search_fields = ("number", "legal_entity__name", "legal_entity__inn", "external_id")
    list_select_related = ("legal_entity", "price_type")
    raw_id_fields = ("client", "legal_entity")
    readonly_fields = ("created_at", "updated_at")
    date_hierarchy = "date"
    show_full_result_count = False


@admin.register(DeliveryAddress)
class DeliveryAddressAdmin(admin.ModelAdmin):
    list_display = ("__str__", "legal_entity", "is_default", "is_active")
    list_filter = ("is_default", "is_active")
    search_fields = ("city", "address", "legal_entity__name", "client__name")
    list_select_related = ("legal_entity",)
    raw_id_fields = ("client", "legal_entity")


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ("full_name", "position", "email", "phone", "client", "is_representative")
    list_filter = ("is_representative",)
    search_fields = ("full_name", "email", "phone", "client__name")
    list_select_related = ("client",)
    raw_id_fields = ("client", "user")


@admin.register(ClientMembership)
class ClientMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "client", "role", "may_order", "may_view_finance", "may_approve_orders")
    list_filter = ("role",)
    search_fields = ("user__email", "user__phone", "user__full_name", "client__name")
    list_select_related = ("user", "client")
    raw_id_fields = ("user", "client", "current_legal_entity", "invited_by")
    filter_horizontal = ("legal_entities",)
