from django import forms
from django.utils.translation import gettext_lazy as _

from okno.accounts.forms.base import BaseForm, NewPasswordMixin, clean_phone_value, phone_field


class ResetByEmailForm(BaseForm):
    email = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class ResetByPhoneForm(BaseForm):
    phone = phone_field()

    def clean_phone(self):
        return clean_phone_value(self.cleaned_data["phone"])


class NewPasswordForm(NewPasswordMixin, BaseForm):
    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def password_user(self):
        return self.user
