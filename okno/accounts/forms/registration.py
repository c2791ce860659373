from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from okno.accounts.forms.base import BaseForm, NewPasswordMixin, clean_phone_value, phone_field
from okno.accounts.forms.login import CONSENT_LABEL
from okno.accounts.models import User
from okno.accounts.services import RegistrationDetails
from okno.core.errors import InvalidInput
from okno.core.requisites import check_inn


class RegisterPhoneForm(BaseForm):
    phone = phone_field()
    consent = forms.BooleanField(
        label=CONSENT_LABEL,
        error_messages={
            "required": _("Без согласия на обработку персональных данных регистрация невозможна.")
        },
    )

    def clean_phone(self):
        return clean_phone_value(self.cleaned_data["phone"])


class RegisterDetailsForm(NewPasswordMixin, BaseForm):
    full_name = forms.CharField(
        label=_("Фамилия, имя, отчество"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_(
            "Необязательно. На него придут письма о заказах и ссылка для восстановления пароля."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    company_name = forms.CharField(
        label=_("Название компании"),
        max_length=300,
        required=False,
        help_text=_("Оставьте пустым, если покупаете как частное лицо."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    inn = forms.CharField(
        label=_("ИНН"),
        max_length=20,
        required=False,
        help_text=_("Необязательно: 10 цифр для организации, 12 — для ИП или частного лица."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    manager_code = forms.CharField(
        label=_("ID менеджера"),
        max_length=12,
        help_text=_("Код, который вам сообщил менеджер."),
    )

    field_order = [
        "full_name",
        "email",
        "company_name",
        "inn",
        "manager_code",
        "new_password1",
        "new_password2",
    ]

    def __init__(self, *args, phone: str, **kwargs):
        self.phone = phone
        super().__init__(*args, **kwargs)

    def clean_full_name(self):
        value = " ".join(self.cleaned_data["full_name"].split())
        if len(value) < 2:
            raise ValidationError(_("Укажите фамилию и имя."))
        return value

    def clean_inn(self):
        raw = self.cleaned_data["inn"].strip()
        if not raw:
            return ""
        try:
            return check_inn(raw)
        except InvalidInput as error:
            raise ValidationError(error.message) from error

    def password_user(self):
        data = self.cleaned_data
        return User(
            phone=self.phone, email=data.get("email") or None, full_name=data.get("full_name", "")
        )

    def details(self) -> RegistrationDetails:
        data = self.cleaned_data
        return RegistrationDetails(
            full_name=data["full_name"],
            email=data["email"],
            company_name=data["company_name"].strip(),
            inn=data["inn"],
            manager_code=data["manager_code"],
            password=data["new_password1"],
        )
