from django import forms
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.contrib.auth.forms import SetPasswordForm as DjangoSetPasswordForm
from django.utils.translation import gettext_lazy as _

from okno.accounts.forms.base import BaseForm, BootstrapMixin


class PasswordChangeForm(BootstrapMixin, DjangoPasswordChangeForm):
    pass


class SetPasswordForm(BootstrapMixin, DjangoSetPasswordForm):
    pass


class TokenCreateForm(BaseForm):
    name = forms.CharField(
        label=_("Название токена"),
        max_length=100,
        help_text=_("Чтобы потом отличить токены друг от друга, например «1С: обмен заказами»."),
    )
