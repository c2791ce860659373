"""The base of the portal's forms: Bootstrap markup, a grid column per field, the «из 1С»
mark, and fields that clean their value with the services' own checks.

Templates render any of these forms with `{% include "includes/form_fields.html" %}`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django import forms
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from okno.core.errors import InvalidInput
from okno.core.phone import normalize_phone

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_WIDGET_CLASSES: dict[type[forms.Widget], str] = {
    forms.CheckboxInput: "form-check-input",
    forms.CheckboxSelectMultiple: "form-check-input",
    forms.RadioSelect: "form-check-input",
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
}


class BootstrapBoundField(BoundField):
    """A field as the template sees it: its grid column, whether 1C fills it, and
    `is-invalid` on the widget when it has errors (Django itself adds `aria-invalid` and
    points `aria-describedby` at the help text and the error list)."""

    form: BootstrapForm

    @property
    def column(self) -> int:
        """Width of the field on medium and larger screens, out of 12."""
        return self.form.columns.get(self.name, self.form.default_column)

    @property
    def from_1c(self) -> bool:
        return self.name in self.form.from_1c

    @property
    def no_choices_text(self) -> str:
        """What a list of checkboxes says when there is nothing to choose."""
        return str(self.form.no_choices.get(self.name, _("Выбрать пока не из чего.")))

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors:
            css = attrs.get("class") or (widget or self.field.widget).attrs.get("class", "")
            attrs["class"] = f"{css} is-invalid".strip()
        return attrs


class BootstrapForm(forms.Form):
    """Every form of the portal. `columns` gives a field's width out of 12 on medium
    screens (`default_column` for the rest); `no_choices` what a list of checkboxes says
    when it is empty; `fields_from_1c` are the fields 1C fills, marked «из 1С» when the
    form edits a record that came from 1C (`from_1c=True`)."""

    bound_field_class = BootstrapBoundField
    columns: dict[str, int] = {}
    default_column = 12
    fields_from_1c: frozenset[str] = frozenset()
    no_choices: dict[str, StrOrPromise] = {}

    def __init__(self, *args, from_1c: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.from_1c = self.fields_from_1c & set(self.fields) if from_1c else frozenset()
        for field in self.fields.values():
            css = _WIDGET_CLASSES.get(type(field.widget), "form-control")
            field.widget.attrs.setdefault("class", css)

    def add_errors(self, errors: dict[str, str]) -> None:
        """Errors by field name, as the services' checks report them; an unknown name
        goes to the form as a whole."""
        for name, message in errors.items():
            self.add_error(name if name in self.fields else None, message)


class CheckedCharField(forms.CharField):
    """A text field cleaned by a domain check, the one the service runs too, so the form
    shows the service's own message next to the field. An empty value is not checked."""

    def __init__(self, *, check: Callable[[str], str], **kwargs):
        super().__init__(**kwargs)
        self.check = check

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        try:
            return self.check(value)
        except InvalidInput as error:
            raise forms.ValidationError(error.message, code=error.code) from error


class PhoneField(CheckedCharField):
    """A Russian phone number, stored as +7XXXXXXXXXX."""

    widget = forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(check=normalize_phone, **kwargs)


def date_field(label: StrOrPromise) -> forms.DateField:
    """An optional date typed as дд.мм.гггг, as every list's filters take it."""
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%d.%m.%Y"],
        error_messages={"invalid": _("Введите дату в виде дд.мм.гггг, например 01.03.2026.")},
        widget=forms.TextInput(attrs={"placeholder": _("дд.мм.гггг"), "inputmode": "numeric"}),
    )


class FilterForm(forms.Form):
    """A list's filters in one compact row of small inputs and selects. Its `date_from`
    and `date_to` (`date_field`s), when it has them, may not be reversed: the form says so
    and filters by neither — reversed dates would find nothing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            is_choice = isinstance(field, forms.ChoiceField)
            css = "form-select form-select-sm" if is_choice else "form-control form-control-sm"
            field.widget.attrs["class"] = css

    def clean(self):
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error(None, _("Дата «с» позже даты «по»: поменяйте их местами."))
            del cleaned["date_from"], cleaned["date_to"]
        return cleaned
