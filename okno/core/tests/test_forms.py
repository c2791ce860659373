"""The form base: Bootstrap classes, grid columns, the «из 1С» mark, checked fields."""

from django import forms
from django.template.loader import render_to_string

from okno.core.errors import InvalidInput
from okno.core.forms import BootstrapForm, CheckedCharField, PhoneField


def _no_q(value: str) -> str:
    if "q" in value:
        raise InvalidInput("Без буквы q, пожалуйста.", field="code")
    return value.upper()


class SampleForm(BootstrapForm):
    name = forms.CharField(label="Название")
    kind = forms.ChoiceField(label="Вид", choices=[("a", "А"), ("b", "Б")])
    active = forms.BooleanField(label="Активно", required=False)
    phone = PhoneField(label="Телефон", required=False)
    code = CheckedCharField(check=_no_q, label="Код", required=False)
    columns = {"name": 8}
    default_column = 6
    fields_from_1c = frozenset({"name", "no_such_field"})


def test_widgets_get_bootstrap_classes_and_columns():
    form = SampleForm()
    assert form.fields["name"].widget.attrs["class"] == "form-control"
    assert form.fields["kind"].widget.attrs["class"] == "form-select"
    assert form.fields["active"].widget.attrs["class"] == "form-check-input"
    assert (form["name"].column, form["kind"].column) == (8, 6)


def test_fields_from_1c_are_marked_only_on_a_record_from_1c():
    assert SampleForm().from_1c == frozenset()
    marked = SampleForm(from_1c=True)
    assert marked.from_1c == {"name"}
    assert marked["name"].from_1c
    assert not marked["kind"].from_1c


def test_checked_fields_clean_with_the_domain_check_and_skip_empty_values():
    form = SampleForm({"name": "x", "kind": "a", "phone": "8 (916) 123-45-67", "code": "ab"})
    assert form.is_valid()
    assert (form.cleaned_data["phone"], form.cleaned_data["code"]) == ("+79161234567", "AB")
    empty = SampleForm({"name": "x", "kind": "a", "phone": " ", "code": ""})
    assert empty.is_valid()
    assert (empty.cleaned_data["phone"], empty.cleaned_data["code"]) == ("", "")


def test_a_refused_value_is_an_error_of_its_field_and_marks_the_widget():
    form = SampleForm({"name": "x", "kind": "a", "phone": "123", "code": "q"})
    assert not form.is_valid()
    assert form.errors["code"] == ["Без буквы q, пожалуйста."]
    assert "10 цифр после +7" in form.errors["phone"][0]
    assert 'class="form-control is-invalid"' in str(form["phone"])
    assert 'class="form-control"' in str(form["name"])


def test_the_include_lists_errors_with_links_and_marks_fields_from_1c():
    form = SampleForm({"name": "", "kind": "a"}, from_1c=True)
    html = render_to_string("includes/form_fields.html", {"form": form})
    assert 'href="#id_name">Название</a>: Обязательное поле.' in html
    assert 'id="id_name_error"' in html
    assert "Запись пришла из 1С" in html
    assert html.count('text-bg-info">из 1С') == 2  # by the note and by «Название»
    assert 'class="col-12 col-md-8"' in html


def test_add_errors_puts_an_unknown_field_on_the_form():
    form = SampleForm({"name": "x", "kind": "a"})
    form.is_valid()
    form.add_errors({"name": "Занято.", "inn": "Не тот ИНН."})
    assert form.errors["name"] == ["Занято."]
    assert form.non_field_errors() == ["Не тот ИНН."]
