"""Staff forms for client records: the client, legal entities, bank accounts, contracts.

The forms check what a person can fix at once and show every problem together
(all wrong requisites, not just the first); the services check again and own the
business rules. Fields that 1C sends are marked «из 1С» on records that came from 1C.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from okno.accounts.models import User
from okno.catalog.models import PriceType
from okno.clients.models import Client, Contract, LegalEntity, SupportTier
from okno.clients.services.records import bank_account_check, legal_entity_check_requisites
from okno.clients.services.records.clients import MANAGER_ROLES
from okno.clients.services.records.contracts import (
    MAX_CREDIT_LIMIT,
    MAX_DEFERRAL_DAYS,
    MAX_DISCOUNT,
)
from okno.core.forms import BootstrapForm, PhoneField


def _managers():
    return User.objects.filter(staff_role__in=MANAGER_ROLES, is_active=True).order_by("full_name")


class ClientForm(BootstrapForm):
    """The client's card. Only administrators choose the manager; for a manager it is fixed."""

    columns = {"notes": 12, "is_dealer": 3, "is_active": 3}
    default_column = 6
    fields_from_1c = frozenset({"name", "email", "phone"})

    name = forms.CharField(label=_("Название"), max_length=300)
    kind = forms.ChoiceField(label=_("Вид"), choices=Client.Kind.choices)
    manager = forms.ModelChoiceField(
        label=_("Ответственный менеджер"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— не назначен —"),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = PhoneField(
        label=_("Телефон"),
        required=False,
        max_length=30,
        help_text=_("Например: +7 916 123-45-67"),
    )
    notes = forms.CharField(
        label=_("Заметки"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    support_tier = forms.ChoiceField(
        label=_("Уровень обслуживания"),
        choices=SupportTier.choices,
        initial=SupportTier.STANDARD,
        required=False,
        help_text=_("Сроки ответа на обращения клиента зависят от него."),
    )
    support_hours = forms.IntegerField(
        label=_("Часов поддержки в месяц"),
        min_value=0,
        max_value=10_000,
        required=False,
        help_text=_(
            "Сколько часов работы операторов в месяц включает план поддержки; 0 — не оговорено."
        ),
    )
    is_dealer = forms.BooleanField(label=_("Дилер"), required=False)
    is_active = forms.BooleanField(label=_("Активен"), required=False, initial=True)

    def __init__(self, *args, may_choose_manager: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = _managers()
        self.fields["manager"].disabled = not may_choose_manager

    def clean_support_hours(self) -> int:
        return self.cleaned_data.get("support_hours") or 0

    def clean_support_tier(self) -> str:
        return self.cleaned_data.get("support_tier") or SupportTier.STANDARD


class LegalEntityForm(BootstrapForm):
    """A legal entity; ИНН, КПП and ОГРН are checked together as the chosen kind requires."""

    columns = {
        "kind": 3,
        "name": 9,
        "full_name": 12,
        "inn": 4,
        "kpp": 4,
        "ogrn": 4,
        "legal_address": 12,
        "postal_address": 12,
        "is_active": 12,
    }
    default_column = 6
    fields_from_1c = frozenset(
        {
            "kind",
            "name",
            "full_name",
            "inn",
            "kpp",
            "ogrn",
            "legal_address",
            "postal_address",
            "director",
        }
    )

    kind = forms.ChoiceField(label=_("Форма"), choices=LegalEntity.Kind.choices)
    name = forms.CharField(
        label=_("Краткое наименование"), max_length=300, help_text=_("Например: ООО «Ромашка»")
    )
    full_name = forms.CharField(label=_("Полное наименование"), max_length=500, required=False)
    inn = forms.CharField(
        label=_("ИНН"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("10 цифр у организации, 12 у ИП и физлица"),
    )
    kpp = forms.CharField(
        label=_("КПП"), max_length=40, required=False, help_text=_("Только у организаций")
    )
    ogrn = forms.CharField(
        label=_("ОГРН / ОГРНИП"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("13 цифр ОГРН или 15 цифр ОГРНИП"),
    )
    legal_address = forms.CharField(label=_("Юридический адрес"), max_length=500, required=False)
    postal_address = forms.CharField(label=_("Почтовый адрес"), max_length=500, required=False)
    director = forms.CharField(label=_("Руководитель"), max_length=200, required=False)
    is_active = forms.BooleanField(label=_("Активно"), required=False, initial=True)

    def clean(self):
        data = super().clean()
        if "kind" in data:
            cleaned, errors = legal_entity_check_requisites(
                kind=data["kind"],
                inn=data.get("inn", ""),
                kpp=data.get("kpp", ""),
                ogrn=data.get("ogrn", ""),
            )
            data.update(cleaned)
            self.add_errors(errors)
        return data


class BankAccountForm(BootstrapForm):
    """A settlement account; the БИК and both accounts are checked against each other."""

    columns = {"bank_name": 8, "bik": 4, "is_primary": 12}
    default_column = 6
    fields_from_1c = frozenset({"bank_name", "bik", "corr_account", "account"})

    bank_name = forms.CharField(label=_("Банк"), max_length=300)
    bik = forms.CharField(
        label=_("БИК"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    corr_account = forms.CharField(
        label=_("Корреспондентский счёт"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    account = forms.CharField(
        label=_("Расчётный счёт"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    is_primary = forms.BooleanField(label=_("Основной счёт"), required=False)

    def clean(self):
        data = super().clean()
        cleaned, errors = bank_account_check(
            bank_name=data.get("bank_name", ""),
            bik=data.get("bik", ""),
            corr_account=data.get("corr_account", ""),
            account=data.get("account", ""),
        )
        data.update(cleaned)
        self.add_errors({k: v for k, v in errors.items() if k not in self.errors})
        return data


class ContractForm(BootstrapForm):
    """A contract and its terms. The legal entity is chosen only when the contract is added."""

    columns = {
        "legal_entity": 12,
        "number": 4,
        "date": 4,
        "valid_until": 4,
        "currency": 3,
        "price_type": 5,
        "discount_percent": 4,
        "payment_deferral_days": 4,
        "credit_limit": 4,
        "credit_mode": 4,
        "is_active": 12,
    }
    default_column = 6
    fields_from_1c = frozenset(
        {
            "number",
            "date",
            "currency",
            "price_type",
            "discount_percent",
            "payment_deferral_days",
            "credit_limit",
            "valid_until",
        }
    )

    legal_entity = forms.ModelChoiceField(
        label=_("Юрлицо"), queryset=LegalEntity.objects.none(), empty_label=None
    )
    number = forms.CharField(label=_("Номер"), max_length=60)
    date = forms.DateField(
        label=_("Дата"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    valid_until = forms.DateField(
        label=_("Действует до"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Пусто — бессрочно"),
    )
    currency = forms.CharField(label=_("Валюта"), max_length=3, initial="RUB")
    price_type = forms.ModelChoiceField(
        label=_("Тип цен"),
        queryset=PriceType.objects.none(),
        required=False,
        empty_label=_("— не указан —"),
    )
    discount_percent = forms.DecimalField(
        label=_("Скидка, %"),
        min_value=Decimal(0),
        max_value=MAX_DISCOUNT,
        decimal_places=2,
        initial=Decimal(0),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    payment_deferral_days = forms.IntegerField(
        label=_("Отсрочка платежа, дней"), min_value=0, max_value=MAX_DEFERRAL_DAYS, initial=0
    )
    credit_limit = forms.DecimalField(
        label=_("Кредитный лимит, ₽"),
        min_value=Decimal(0),
        max_value=MAX_CREDIT_LIMIT,
        decimal_places=2,
        initial=Decimal(0),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    credit_mode = forms.ChoiceField(
        label=_("При превышении лимита"), choices=Contract.CreditMode.choices
    )
    is_active = forms.BooleanField(label=_("Действует"), required=False, initial=True)

    def __init__(self, *args, legal_entities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if legal_entities is None:
            del self.fields["legal_entity"]
        else:
            self.fields["legal_entity"].queryset = legal_entities
        # every price type, so a contract on a retired one still shows it
        self.fields["price_type"].queryset = PriceType.objects.order_by("-is_active", "name")

    def clean(self):
        data = super().clean()
        start, end = data.get("date"), data.get("valid_until")
        if start and end and end < start:
            self.add_error(
                "valid_until", _("Дата окончания договора не может быть раньше даты договора.")
            )
        return data
