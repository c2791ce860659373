from django import forms
from django.utils.translation import gettext_lazy as _

from okno.audit.labels import action_label, object_type_label
from okno.audit.selectors import AuditFilters
from okno.core.forms import FilterForm, date_field


class AuditFilterForm(FilterForm):
    action = forms.ChoiceField(label=_("Событие"), required=False)
    user = forms.CharField(label=_("Кто"), required=False, max_length=200)
    client = forms.CharField(label=_("Клиент"), required=False, max_length=200)
    object_type = forms.ChoiceField(label=_("Объект"), required=False)
    date_from = date_field(_("С даты"))
    date_to = date_field(_("По дату"))

    def __init__(self, *args, actions: list[str], object_types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Все события"))] + [
            (a, action_label(a)) for a in actions
        ]
        self.fields["object_type"].choices = [("", _("Все объекты"))] + [
            (t, object_type_label(t)) for t in object_types
        ]

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
