from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from okno.core.forms import BootstrapForm, FilterForm, date_field
from okno.exchange.log.selectors import SessionFilters
from okno.exchange.log.services import INTEGRATION_SETTINGS
from okno.exchange.models import ExchangeSession, Integration


class SessionFilterForm(FilterForm):
    status = forms.ChoiceField(
        label=_("Состояние"),
        required=False,
        choices=[("", _("Все")), *ExchangeSession.Status.choices],
    )
    kind = forms.ChoiceField(
        label=_("Тип"),
        required=False,
        choices=[("", _("Все")), *ExchangeSession.Kind.choices],
    )
    integration = forms.ModelChoiceField(
        label=_("Интеграция"),
        required=False,
        queryset=Integration.objects.order_by("name", "id"),
        empty_label=_("Все"),
    )
    date_from = date_field(_("С даты"))
    date_to = date_field(_("По дату"))

    def filters(self) -> SessionFilters:
        """The valid part of what was chosen; a field with an error does not filter."""
        data = getattr(self, "cleaned_data", {})
        integration = data.get("integration")
        return SessionFilters(
            status=data.get("status") or "",
            kind=data.get("kind") or "",
            integration_id=integration.pk if integration else None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


def _model_field(name: str, **kwargs) -> forms.Field:
    """The form field of an Integration setting, with the model's label and choices."""
    return Integration._meta.get_field(name).formfield(**kwargs)


class IntegrationSettingsForm(BootstrapForm):
    """How the portal answers one 1C and when it raises an alert."""

    columns = {"encoding": 6, "file_limit": 6, "sale_version": 6, "alert_after_hours": 6}

    encoding = _model_field("encoding")
    file_limit = _model_field(
        "file_limit", help_text=_("1С делит файлы больше этого размера на части.")
    )
    sale_version = _model_field(
        "sale_version",
        help_text=_("Версия схемы в ответе на mode=init обмена заказами, например 2.09."),
    )
    alert_after_hours = _model_field("alert_after_hours", help_text=_("0 — не предупреждать."))
    allow_zip = _model_field("allow_zip")
    query_confirms_previous = _model_field("query_confirms_previous")
    is_active = _model_field("is_active")

    def clean_sale_version(self) -> str:
        version = self.cleaned_data["sale_version"].strip()
        parts = version.split(".")
        if len(parts) != 2 or not all(part.isdigit() for part in parts):
            raise ValidationError(_("Версия схемы — два числа через точку, например 2.09."))
        return version

    def clean_file_limit(self) -> int:
        limit = self.cleaned_data["file_limit"]
        if limit < 1024:
            raise ValidationError(_("Не меньше 1024 байт."))
        return limit


def integration_initial(integration: Integration) -> dict:
    """The form's values from the stored integration."""
    return {name: getattr(integration, name) for name in INTEGRATION_SETTINGS}
