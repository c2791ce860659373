"""Back-office view of client data for administrators: look up, never edit.

Clients, legal entities, bank accounts, contracts, addresses, contacts and people's access
are changed on the staff client card, whose services check requisites by their control
digits, keep ИНН+КПП unique, keep a contract and its legal entity with one client, let a
person act only for their client's legal entities, and audit every change. An admin form
would write around all of that, so here every record is read-only, with a link to the tab
of the card that edits it. Foreign keys are raw ids, because there are tens of thousands
of clients.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from okno.clients.models import (
    BankAccount,
    Client,
    ClientMembership,
    Contact,
    Contract,
    DeliveryAddress,
    LegalEntity,
)


class _ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EditedOnTheCard(_ReadOnly, admin.ModelAdmin):
    """A record the client card edits, shown with a link to the card's tab (`card_tab`)."""

    card_tab = "clients:card"
    show_full_result_count = False

    def client_id_of(self, obj) -> int:
        return obj.client_id

    def get_list_display(self, request):
        return (*super().get_list_display(request), "client_card")

    def get_fields(self, request, obj=None):
        fields = [name for name in super().get_fields(request, obj) if name != "client_card"]
        return ["client_card", *fields]

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "client_card")

    @admin.display(description=_("Где изменить"))
    def client_card(self, obj) -> str:
        url = reverse(self.card_tab, kwargs={"pk": self.client_id_of(obj)})
        return format_html('<a href="{}">{}</a>', url, _("в карточке клиента"))


class LegalEntityInline(_ReadOnly, admin.TabularInline):
    model = LegalEntity
    fields = ("kind", "name", "inn", "kpp", "ogrn", "is_active")
    extra = 0
    show_change_link = True


class BankAccountInline(_ReadOnly, admin.TabularInline):
    model = BankAccount
    fields = ("bank_name", "bik", "corr_account", "account", "is_primary")
    extra = 0


@admin.register(Client)
class ClientAdmin(EditedOnTheCard):
    list_display = ("name", "kind", "manager", "is_dealer", "is_active", "created_at")
    list_filter = ("kind", "is_dealer", "is_active")
    search_fields = ("name", "email", "legal_entities__inn", "external_id")
    list_select_related = ("manager",)
    raw_id_fields = ("manager",)
    readonly_fields = ("created_at", "updated_at")
    inlines = [LegalEntityInline]

    def client_id_of(self, obj) -> int:
        return obj.pk


@admin.register(LegalEntity)
class LegalEntityAdmin(EditedOnTheCard):
    card_tab = "clients:card_legal_entities"
    list_display = ("name", "kind", "inn", "kpp", "client", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "full_name", "inn", "external_id")
    list_select_related = ("client",)
    raw_id_fields = ("client",)
    readonly_fields = ("created_at", "updated_at")
    inlines = [BankAccountInline]


@admin.register(BankAccount)
class BankAccountAdmin(EditedOnTheCard):
    card_tab = "clients:card_legal_entities"
    list_display = ("account", "bank_name", "bik", "legal_entity", "is_primary")
    search_fields = ("account", "bik", "legal_entity__name", "legal_entity__inn")
    list_select_related = ("legal_entity",)
    raw_id_fields = ("legal_entity",)

    def client_id_of(self, obj) -> int:
        return obj.legal_entity.client_id


@admin.register(Contract)
class ContractAdmin(EditedOnTheCard):
    card_tab = "clients:card_contracts"
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


@admin.register(DeliveryAddress)
class DeliveryAddressAdmin(EditedOnTheCard):
    card_tab = "clients:card_addresses"
    list_display = ("__str__", "legal_entity", "is_default", "is_active")
    list_filter = ("is_default", "is_active")
    search_fields = ("city", "address", "legal_entity__name", "client__name")
    list_select_related = ("legal_entity",)
    raw_id_fields = ("client", "legal_entity")


@admin.register(Contact)
class ContactAdmin(EditedOnTheCard):
    card_tab = "clients:card_contacts"
    list_display = ("full_name", "position", "email", "phone", "client", "is_representative")
    list_filter = ("is_representative",)
    search_fields = ("full_name", "email", "phone", "client__name")
    list_select_related = ("client",)
    raw_id_fields = ("client", "user")


@admin.register(ClientMembership)
class ClientMembershipAdmin(EditedOnTheCard):
    card_tab = "clients:card_people"
    list_display = ("user", "client", "role", "may_order", "may_view_finance", "may_approve_orders")
    list_filter = ("role",)
    search_fields = ("user__email", "user__phone", "user__full_name", "client__name")
    list_select_related = ("user", "client")
    raw_id_fields = ("user", "client", "current_legal_entity", "invited_by")
    filter_horizontal = ("legal_entities",)
