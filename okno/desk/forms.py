"""The desk's forms: a client's appeal, an operator's manual entry, replies, status moves,
a saved view of the queue.
A claim's lines are read from the claim page's table by the view (one row per shipment
line), not by a form class."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from okno.core.forms import BootstrapForm
from okno.desk.models import (
    DEFAULT_COLUMNS,
    AppealKind,
    AppealStatus,
    AppealTopic,
    Channel,
    Priority,
    QueueColumn,
    QueueSort,
)
from okno.desk.services import FileIn


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files at once; the service checks their types and sizes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data] if data else []
        return [FileIn(name=item.name, content=item.read()) for item in items]


class AppealForm(BootstrapForm):
    """A client's new appeal (not a claim: claims start from the order)."""

    columns = {"kind": 6, "topic": 6}

    kind = forms.ModelChoiceField(
        label=_("Вид обращения"), queryset=AppealKind.objects.none(), to_field_name="code"
    )
    topic = forms.ModelChoiceField(
        label=_("Тема"), queryset=AppealTopic.objects.filter(is_active=True), required=False
    )
    subject = forms.CharField(label=_("Коротко, о чём обращение"), max_length=200)
    text = forms.CharField(label=_("Подробно"), widget=forms.Textarea(attrs={"rows": 6}))
    files = FilesField(label=_("Файлы"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ModelChoiceField)
        kind_field.queryset = AppealKind.objects.filter(is_active=True, is_claim=False)


class StaffAppealForm(AppealForm):
    """An appeal an operator takes down (a phone call, a letter) for the chosen client."""

    columns = {"kind": 4, "topic": 4, "priority": 4, "channel": 4, "legal_entity": 4, "contact": 4}

    priority = forms.ChoiceField(label=_("Приоритет"), choices=Priority.choices, initial="normal")
    channel = forms.ChoiceField(
        label=_("Канал"),
        choices=[(Channel.PHONE, Channel.PHONE.label), (Channel.EMAIL, Channel.EMAIL.label)],
    )
    legal_entity = forms.TypedChoiceField(
        label=_("Юрлицо"), coerce=int, required=False, empty_value=None
    )
    contact = forms.TypedChoiceField(
        label=_("Кто обратился"), coerce=int, required=False, empty_value=None
    )

    field_order = ["kind", "topic", "priority", "channel", "legal_entity", "contact"]

    def __init__(self, *args, client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_entity"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (entity.pk, f"{entity.name} {entity.inn}".strip())
            for entity in client.legal_entities.filter(is_active=True)
        ]
        self.fields["contact"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (contact.pk, f"{contact.full_name} {contact.phone}".strip())
            for contact in client.contacts.all()
        ]


class MessageForm(BootstrapForm):
    text = forms.CharField(label=_("Сообщение"), widget=forms.Textarea(attrs={"rows": 4}))
    files = FilesField(label=_("Файлы"))


class StaffMessageForm(MessageForm):
    internal = forms.BooleanField(label=_("Внутренняя заметка (клиент не увидит)"), required=False)
    await_client = forms.BooleanField(label=_("Ждём ответа клиента"), required=False)


class StatusForm(BootstrapForm):
    columns = {"status": 4, "reason": 8}

    status = forms.ChoiceField(label=_("Новый статус"), choices=AppealStatus.choices)
    reason = forms.CharField(label=_("Причина"), max_length=500)


class ReasonForm(BootstrapForm):
    reason = forms.CharField(label=_("Причина"), max_length=500, required=False)


class SavedViewForm(BootstrapForm):
    """A saved view's name, sharing, sort and columns; its filters come from the queue."""

    columns = {"name": 6, "sort": 6}

    name = forms.CharField(label=_("Название вида"), max_length=80)
    sort = forms.ChoiceField(label=_("Сортировка"), choices=QueueSort.choices)
    shown = forms.MultipleChoiceField(
        label=_("Колонки"),
        choices=QueueColumn.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=list(DEFAULT_COLUMNS),
    )
    is_shared = forms.BooleanField(label=_("Общий для всего отдела"), required=False)
