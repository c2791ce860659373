"""Forms of the people and places pages: delivery addresses, contacts, people's access.

The forms check what a person can fix at once (required fields, formats) and show every
problem together; the services check again and own the business rules.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from okno.clients.services.people.addresses import check_postal_code
from okno.clients.services.people.contacts import check_email
from okno.core.forms import BootstrapForm, CheckedCharField, PhoneField
from okno.core.roles import ClientRole
from okno.core.schemas import MAX_ID


class AddressForm(BootstrapForm):
    """A delivery address; the legal entity is chosen only when the address is added."""

    legal_entity = forms.ModelChoiceField(
        label=_("Юрлицо"),
        queryset=None,  # type: ignore[arg-type]
        empty_label=None,
        error_messages={
            "required": _("Выберите юрлицо."),
            "invalid_choice": _(
                "Выберите юрлицо из списка: вы действуете только от имени этих юрлиц."
            ),
        },
    )
    title = forms.CharField(
        label=_("Название"),
        max_length=120,
        required=False,
        help_text=_("Например: «Склад в Мытищах»."),
    )
    postal_code = CheckedCharField(
        check=check_postal_code,
        label=_("Индекс"),
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    city = forms.CharField(
        label=_("Город"), max_length=120, error_messages={"required": _("Укажите город.")}
    )
    address = forms.CharField(
        label=_("Адрес"),
        max_length=500,
        help_text=_("Улица, дом, строение, склад или офис."),
        error_messages={"required": _("Укажите адрес: улицу, дом, строение.")},
    )
    contact_name = forms.CharField(label=_("Контактное лицо"), max_length=200, required=False)
    contact_phone = PhoneField(label=_("Телефон на месте"), required=False)
    comment = forms.CharField(
        label=_("Комментарий для водителя"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    is_default = forms.BooleanField(label=_("Адрес по умолчанию"), required=False)
    columns = {
        "legal_entity": 6,
        "title": 6,
        "postal_code": 3,
        "city": 4,
        "address": 5,
        "contact_name": 6,
        "contact_phone": 6,
    }

    def __init__(self, *args, legal_entities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if legal_entities is None:
            del self.fields["legal_entity"]
            del self.fields["is_default"]
        else:
            self.fields["legal_entity"].queryset = legal_entities


class _Person(BootstrapForm):
    """Who a person is: shared by contacts and by people connected to the portal."""

    full_name = forms.CharField(
        label=_("ФИО"), max_length=200, error_messages={"required": _("Укажите ФИО.")}
    )
    position = forms.CharField(label=_("Должность"), max_length=200, required=False)


class ContactForm(_Person):
    """A contact person or a representative acting by power of attorney."""

    email = CheckedCharField(
        check=check_email,
        label=_("E-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = PhoneField(label=_("Телефон"), required=False)
    is_representative = forms.BooleanField(label=_("Представитель по доверенности"), required=False)
    power_of_attorney = forms.CharField(
        label=_("Доверенность (№, дата)"),
        max_length=120,
        required=False,
        help_text=_("Например: № 15 от 10.01.2026."),
    )
    power_of_attorney_until = forms.DateField(
        label=_("Доверенность действует до"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={"invalid": _("Укажите дату в виде ДД.ММ.ГГГГ.")},
    )
    notes = forms.CharField(
        label=_("Заметки"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    columns = {
        "full_name": 6,
        "position": 6,
        "email": 6,
        "phone": 6,
        "power_of_attorney": 6,
        "power_of_attorney_until": 6,
    }


class LegalEntityChoices(forms.ModelMultipleChoiceField):
    """Legal entities ticked by id. An id no database column can hold is a wrong choice:
    Django would pass it to the database, which answers with a server error."""

    def clean(self, value):
        if isinstance(value, list | tuple):
            for raw in value:
                if not _is_stored_id(raw):
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": raw},
                    )
        return super().clean(value)


def _is_stored_id(raw) -> bool:
    text = str(raw).strip()
    return text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_ID


class _AccessFields(BootstrapForm):
    """What a person may do and for which legal entities: shared by connect and edit."""

    role = forms.ChoiceField(
        label=_("Роль"),
        choices=ClientRole.choices,
        error_messages={
            "required": _("Выберите роль."),
            "invalid_choice": _("Выберите роль из списка."),
        },
    )
    legal_entities = LegalEntityChoices(
        label=_("Юрлица"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Администратор клиента действует от имени всех юрлиц."),
        error_messages={
            "invalid_choice": _("Можно выбрать только действующие юрлица этого клиента."),
            "invalid_pk_value": _("Можно выбрать только действующие юрлица этого клиента."),
        },
    )
    access_allowed = forms.BooleanField(label=_("Доступ разрешён"), required=False)
    allow_multiple_sessions = forms.BooleanField(
        label=_("Разрешить несколько сеансов"),
        required=False,
        help_text=_("Без этого новый вход завершает другие сеансы человека."),
    )
    no_choices = {"legal_entities": _("Нет действующих юрлиц.")}

    def __init__(self, *args, legal_entities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_entities"].queryset = legal_entities

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role and role != ClientRole.ADMIN and not cleaned.get("legal_entities"):
            self.add_error(
                "legal_entities",
                _("Выберите хотя бы одно юрлицо, от имени которого человек будет работать."),
            )
        return cleaned


class PersonConnectForm(_Person, _AccessFields):
    """Connect a person to the portal: who they are, how they log in, what they may do."""

    email = CheckedCharField(
        check=check_email,
        label=_("E-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("На него придёт приглашение задать пароль."),
    )
    phone = PhoneField(
        label=_("Телефон"),
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    field_order = ["full_name", "position", "email", "phone", "role", "legal_entities"]
    columns = {
        "full_name": 6,
        "position": 6,
        "email": 6,
        "phone": 6,
        "role": 6,
        "legal_entities": 6,
        "access_allowed": 4,
        "allow_multiple_sessions": 8,
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"access_allowed": True, "role": ClientRole.BUYER})
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        no_login = not cleaned.get("email") and not cleaned.get("phone")
        if no_login and not self.has_error("email") and not self.has_error("phone"):
            self.add_error("email", _("Укажите e-mail или телефон: по ним человек будет входить."))
        return cleaned


class MembershipForm(_AccessFields):
    """Change a connected person's role, legal entities, rights and access."""

    may_order = forms.BooleanField(label=_("Может заказывать"), required=False)
    may_view_finance = forms.BooleanField(label=_("Видит финансы"), required=False)
    may_approve_orders = forms.BooleanField(label=_("Согласует крупные заказы"), required=False)
    field_order = ["role", "legal_entities", "may_order", "may_view_finance", "may_approve_orders"]
    columns = {
        "role": 6,
        "legal_entities": 6,
        "may_order": 4,
        "may_view_finance": 4,
        "may_approve_orders": 4,
        "access_allowed": 4,
        "allow_multiple_sessions": 8,
    }

    def __init__(self, *args, is_self: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if is_self:
            # One's own admin role and access are changed by another admin or the manager.
            for name in ("role", "access_allowed"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Своё значение изменить нельзя.")

    @classmethod
    def initial_for(cls, membership) -> dict:
        return {
            "role": membership.role,
            "legal_entities": list(membership.legal_entities.all()),
            "may_order": membership.may_order,
            "may_view_finance": membership.may_view_finance,
            "may_approve_orders": membership.may_approve_orders,
            "access_allowed": membership.user.is_active,
            "allow_multiple_sessions": membership.user.allow_multiple_sessions,
        }
