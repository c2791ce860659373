from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from okno.audit.labels import action_label, object_type_label
from okno.audit.selectors import AuditFilters

DATE_FORMATS = ["%d.%m.%Y"]


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": _("Введите дату в виде дд.мм.гггг, например 01.03.2026.")},
        widget=forms.TextInput(attrs={"placeholder": _("дд.мм.гггг"), "inputmode": "numeric"}),
    )


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Событие"), required=False)
    user = forms.CharField(label=_("Кто"), required=False, max_length=200)
    client = forms.CharField(label=_("Клиент"), required=False, max_length=200)
    object_type = forms.ChoiceField(label=_("Объект"), required=False)
    date_from = _date_field(_("С даты"))
    date_to = _date_field(_("По дату"))

    def __init__(self, *args, actions: list[str], object_types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Все события"))] + [
            (a, action_label(a)) for a in actions
        ]
        self.fields["object_type"].choices = [("", _("Все объекты"))] + [
            (t, object_type_label(t)) for t in object_types
        ]
        for field in self.fields.values():
            is_choice = isinstance(field, forms.ChoiceField)
            css = "form-select form-select-sm" if is_choice else "form-control form-control-sm"
            field.widget.attrs["class"] = css

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise ValidationError(_("Дата «с» позже даты «по»: поменяйте их местами."))
        return cleaned

    def filters(self) -> AuditFilters:
        """The valid part of what was typed; a field with an error does not filter."""
        data = getattr(self, "cleaned_data", {})
        return AuditFilters(
            action=data.get("action") or "",
            user=data.get("user") or "",
            client=data.get("client") or "",
            object_type=data.get("object_type") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
