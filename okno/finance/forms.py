"""Forms of the finance pages."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from okno.finance.reconciliation.act import quarter_start

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
FORMATS = (("html", _("на экране")), ("pdf", "PDF"), ("xlsx", "Excel (XLSX)"))


class ReconciliationForm(forms.Form):
    """Which act to make: a legal entity, one of its contracts or all, the period and the
    format. `legal_entities` are (id, name) the actor sees, `contracts` (id, label, legal
    entity id); a contract must be one of the chosen legal entity's."""

    legal_entity = forms.TypedChoiceField(label=_("Юрлицо"), coerce=int)
    contract = forms.TypedChoiceField(
        label=_("Договор"), coerce=int, required=False, empty_value=None
    )
    date_from = forms.DateField(label=_("С даты"), input_formats=DATE_FORMATS)
    date_to = forms.DateField(label=_("По дату"), input_formats=DATE_FORMATS)
    format = forms.ChoiceField(label=_("Формат"), choices=FORMATS, required=False)

    def __init__(self, *args, legal_entities, contracts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_entity"].choices = legal_entities
        self.fields["contract"].choices = [("", _("Все договоры юрлица"))] + [
            (pk, label) for pk, label, _entity in contracts
        ]
        self.entity_of_contract = {pk: entity for pk, _label, entity in contracts}

    @staticmethod
    def initial_for(today: dt.date, legal_entities) -> dict:
        """From the start of the quarter to today, the first legal entity, on screen."""
        initial: dict = {"date_from": quarter_start(today), "date_to": today, "format": "html"}
        if legal_entities:
            initial["legal_entity"] = legal_entities[0][0]
        return initial

    def clean(self):
        data = super().clean()
        contract, entity = data.get("contract"), data.get("legal_entity")
        if contract is not None and self.entity_of_contract.get(contract) != entity:
            self.add_error("contract", _("Этот договор — другого юрлица."))
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Конец периода раньше его начала."))
        return data
