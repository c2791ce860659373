"""Forms of the dealer's section: a customer, and a retail document with its lines.

The forms check what a person can fix at once and show every problem together; the
services check again and own the rules. A document's lines are posted as three parallel
lists (`line_product`, `line_quantity`, `line_markup`), one entry per row of the table.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from okno.clients.services.people.contacts import check_email
from okno.core.forms import BootstrapForm, CheckedCharField, PhoneField
from okno.core.schemas import MAX_ID
from okno.dealers.models import DealerCustomer, RetailDocument
from okno.dealers.services import MAX_LINES, RetailLineInput, check_markup


def _markup_text(value: str) -> str:
    return str(check_markup(value, field="markup"))


class MarkupField(CheckedCharField):
    """A markup in percent, «25» or «12,5»."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(check=_markup_text, **kwargs)


class CustomerForm(BootstrapForm):
    """A dealer's retail customer."""

    name = forms.CharField(
        label=_("Имя или название"),
        max_length=300,
        error_messages={"required": _("Укажите имя или название.")},
    )
    phone = PhoneField(label=_("Телефон"), required=False)
    email = CheckedCharField(
        check=check_email,
        label=_("E-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    address = forms.CharField(label=_("Адрес"), max_length=500, required=False)
    default_markup = MarkupField(
        label=_("Наценка по умолчанию, %"),
        required=False,
        help_text=_("Подставляется в новые документы для этого покупателя."),
    )
    comment = forms.CharField(
        label=_("Комментарий"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    columns = {"name": 6, "phone": 3, "email": 3, "address": 9, "default_markup": 3}

    def clean_default_markup(self) -> str:
        return self.cleaned_data["default_markup"] or "0"


class DocumentForm(BootstrapForm):
    """A retail document's header; the lines come with it (see `LinesDraft`)."""

    customer = forms.ModelChoiceField(
        label=_("Покупатель"),
        queryset=DealerCustomer.objects.none(),
        error_messages={
            "required": _("Выберите покупателя."),
            "invalid_choice": _("Выберите покупателя из списка."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Документ"),
        choices=RetailDocument.Kind.choices,
        initial=RetailDocument.Kind.OFFER,
    )
    date = forms.DateField(
        label=_("Дата"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={
            "required": _("Укажите дату."),
            "invalid": _("Укажите дату в виде ДД.ММ.ГГГГ."),
        },
    )
    markup_percent = MarkupField(
        label=_("Наценка, %"),
        required=False,
        help_text=_("Для всех строк, где не указана своя; пусто — наценка покупателя."),
    )
    comment = forms.CharField(
        label=_("Комментарий"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reprice = forms.BooleanField(
        label=_("Пересчитать по сегодняшним ценам"),
        required=False,
        help_text=_("Иначе товары, уже бывшие в документе, сохраняют свою цену закупки."),
    )
    columns = {"customer": 6, "kind": 6, "date": 3, "markup_percent": 3}

    def __init__(self, *args, customers: QuerySet[DealerCustomer], editing: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = customers  # type: ignore[attr-defined]
        if not editing:
            del self.fields["reprice"]


def _stored_id(raw: str) -> int | None:
    if not raw or not raw.isascii() or not raw.isdigit():
        return None
    number = int(raw)
    return number if 1 <= number <= MAX_ID else None


@dataclass
class LineDraft:
    """A row of the lines table as typed: kept as text until the document is saved."""

    product_id: int
    quantity: str = "1"
    markup: str = ""


class LinesDraft:
    """The rows of a document being edited: read from the post, changed by the form's
    buttons (add a product, remove a row), turned into the service's input on save."""

    def __init__(self, rows: list[LineDraft]):
        self.rows = rows[:MAX_LINES]

    @classmethod
    def from_post(cls, data: QueryDict) -> LinesDraft:
        products = data.getlist("line_product")
        quantities = data.getlist("line_quantity")
        markups = data.getlist("line_markup")
        rows = []
        for index, raw in enumerate(products[:MAX_LINES]):
            product_id = _stored_id(raw)
            if product_id is not None:
                rows.append(
                    LineDraft(
                        product_id=product_id,
                        quantity=_item(quantities, index, "1"),
                        markup=_item(markups, index, ""),
                    )
                )
        return cls(rows)

    def add(self, product_id: int, quantity: str = "1") -> None:
        if len(self.rows) < MAX_LINES:
            typed = (quantity or "").replace("\x00", "").strip()[:20]
            self.rows.append(LineDraft(product_id=product_id, quantity=typed or "1"))

    def remove(self, raw_index: str | None) -> None:
        """Drop the row at a 0-based index; anything else is ignored."""
        raw = raw_index or ""
        if raw.isascii() and raw.isdigit() and len(raw) <= 4 and int(raw) < len(self.rows):
            del self.rows[int(raw)]

    def as_input(self) -> list[RetailLineInput]:
        return [
            RetailLineInput(
                product_id=row.product_id,
                quantity=row.quantity,
                markup_percent=row.markup or None,
            )
            for row in self.rows
        ]


def _item(values: list[str], index: int, default: str) -> str:
    text = values[index] if index < len(values) else default
    return text.replace("\x00", "").strip()[:20]
