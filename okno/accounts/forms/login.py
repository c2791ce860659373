from django import forms
from django.utils.translation import gettext_lazy as _

from okno.accounts.forms.base import BaseForm, NewPasswordMixin

CODE_LABEL = _("Код")
CONSENT_LABEL = _("Я даю согласие на обработку моих персональных данных")


class LoginForm(BaseForm):
    login = forms.CharField(
        label=_("E-mail или телефон"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Пароль"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(BaseForm):
    """A 6-digit code: from an SMS or from an authenticator app."""

    code = forms.CharField(
        label=_("Код"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
    )

    def __init__(self, *args, label=CODE_LABEL, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = label


class InvitationForm(NewPasswordMixin, BaseForm):
    consent = forms.BooleanField(
        label=CONSENT_LABEL,
        error_messages={
            "required": _("Без согласия на обработку персональных данных войти нельзя.")
        },
    )

    field_order = ["new_password1", "new_password2", "consent"]

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def password_user(self):
        return self.user
