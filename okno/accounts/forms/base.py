"""Bootstrap markup for our forms and the pair of new-password fields."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from okno.accounts.passwords import password_problems
from okno.core.errors import InvalidInput
from okno.core.phone import normalize_phone


class BootstrapMixin:
    """Gives every widget Bootstrap's classes; the template include does the rest."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = "form-check-input" if isinstance(widget, forms.CheckboxInput) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class BaseForm(BootstrapMixin, forms.Form):
    pass


PHONE_LABEL = _("Номер мобильного телефона")


def phone_field(label=PHONE_LABEL) -> forms.CharField:
    """A phone input that accepts any usual way of typing a Russian mobile number."""
    return forms.CharField(
        label=label,
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "tel", "inputmode": "tel", "placeholder": "+7 900 000-00-00"}
        ),
    )


def clean_phone_value(raw: str) -> str:
    """The typed phone as +7XXXXXXXXXX, or a form error saying what is wrong with it."""
    try:
        return normalize_phone(raw)
    except InvalidInput as error:
        raise ValidationError(error.message) from error


class NewPasswordMixin(forms.Form):
    """`new_password1`/`new_password2`; every rule the password breaks is listed separately.

    Subclasses give `password_user()`: the person (maybe unsaved) the similarity check
    compares the password with.
    """

    new_password1 = forms.CharField(
        label=_("Новый пароль"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Не короче 8 символов, с заглавными и строчными латинскими буквами и цифрами; "
            "не похож на ваши имя, e-mail или телефон и не из списка распространённых."
        ),
    )
    new_password2 = forms.CharField(
        label=_("Пароль ещё раз"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def password_user(self):
        return None

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("new_password1"), cleaned.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", _("Пароли не совпадают."))
        if first and "new_password1" not in self.errors:
            problems = password_problems(first, self.password_user())
            if problems:
                self.add_error("new_password1", problems)
        return cleaned
