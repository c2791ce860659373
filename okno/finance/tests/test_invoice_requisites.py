"""The company's requisites: entered once in the back office, checked by their control
digits, and made for the demo."""

import io

import pytest
from django.urls import reverse

from okno.demo.requisites import company_requisites_ensure
from okno.finance.requisites import CompanyRequisites, company_requisites

pytestmark = pytest.mark.django_db

FORM = {
    "name": "ООО «Окно»",
    "inn": "7705128404",
    "kpp": "770501001",
    "address": "115114, г. Москва, ул. Летниковская, д. 10",
    "phone": "",
    "bank_name": "ПАО Сбербанк",
    "bik": "044525225",
    "corr_account": "30101810400000000225",
    "account": "40702810338000098765",
    "director": "Смирнов А. В.",
    "accountant": "Кузнецова О. П.",
    "invoice_note": "",
}


@pytest.fixture
def admin_client(world, client):
    client.force_login(world.admin)
    return client


def test_an_administrator_enters_them_once_and_then_edits_them(admin_client):
    add = reverse("admin:finance_companyrequisites_add")
    assert admin_client.get(add).status_code == 200
    response = admin_client.post(add, FORM)
    assert response.status_code == 302
    assert company_requisites().account == FORM["account"]
    again = admin_client.post(add, {**FORM, "name": "ООО «Другое»"})
    assert again.status_code == 200
    assert "Реквизиты компании уже заполнены" in again.content.decode()
    assert CompanyRequisites.objects.get().name == FORM["name"]
    change = reverse("admin:finance_companyrequisites_change", args=[company_requisites().pk])
    assert admin_client.post(change, {**FORM, "director": "Новиков П. С."}).status_code == 302
    assert company_requisites().director == "Новиков П. С."


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("account", "40702810338000098766", "Расчётный счёт не соответствует БИК"),
        ("inn", "7705128405", "ИНН не прошёл проверку контрольных цифр"),
        ("corr_account", "30101810400000000226", "Корреспондентский счёт не соответствует БИК"),
        ("kpp", "", "Укажите КПП"),
    ],
)
def test_a_wrong_requisite_is_named_and_nothing_saved(admin_client, field, value, message):
    response = admin_client.post(
        reverse("admin:finance_companyrequisites_add"), {**FORM, field: value}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CompanyRequisites.objects.exists()


def test_a_sole_trader_has_no_kpp(admin_client):
    form = {**FORM, "inn": "500100732259", "kpp": ""}
    response = admin_client.post(reverse("admin:finance_companyrequisites_add"), form)
    assert response.status_code == 302
    assert company_requisites().kpp == ""


def test_the_demo_makes_valid_requisites_and_keeps_later_edits():
    made = company_requisites_ensure(stdout=io.StringIO())
    made.full_clean()
    CompanyRequisites.objects.filter(pk=made.pk).update(director="Новиков П. С.")
    again = company_requisites_ensure(stdout=io.StringIO())
    assert again.pk == made.pk
    assert again.director == "Новиков П. С."
    assert CompanyRequisites.objects.count() == 1
