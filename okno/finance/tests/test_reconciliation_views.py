"""The reconciliation act's pages through HTTP: the form on the finance page and on its own
page with its defaults, the act on screen (the PDF's template) with its download links, the
files, staff making one for their client, and who gets 403 or 404."""

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from okno.finance.requisites import CompanyRequisites
from okno.finance.tests.invoice_helpers import attachment, pdf_page_count
from okno.finance.tests.reconciliation_helpers import BUYER, SELLER, hand_made_ledger

pytestmark = pytest.mark.django_db
PERIOD = {"date_from": "2026-07-01", "date_to": "30.09.2026"}


@pytest.fixture
def ledger(world):
    return hand_made_ledger(world)


def _text(response) -> str:
    return html.unescape(response.content.decode()).replace("\xa0", " ")


def _query(world, ledger, **more) -> dict:
    return {"legal_entity": world.entity_a1.pk, "contract": ledger.contract.pk, **PERIOD, **more}


def test_the_finance_page_offers_the_form_with_its_defaults(world, client, ledger):
    client.force_login(world.a_admin)
    text = _text(client.get(reverse("finance:overview")))
    today = timezone.localdate()
    start = dt.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    assert f'action="{reverse("finance:reconciliation")}"' in text
    assert f'name="date_from" type="date" value="{start.isoformat()}"' in text
    assert f'name="date_to" type="date" value="{today.isoformat()}"' in text
    assert "Все договоры юрлица" in text
    assert f'<option value="{ledger.contract.pk}">{BUYER}: {ledger.contract}</option>' in text
    form = text[text.index('data-form="reconciliation"') :]
    assert "USD-1" not in form[: form.index("</form>")]  # an act is in roubles


def test_the_form_takes_the_legal_entity_the_finance_page_shows(world, client, ledger):
    client.force_login(world.a_admin)
    for entity in (world.entity_a1, world.entity_a2):
        text = _text(client.get(reverse("finance:overview"), {"legal_entity": entity.pk}))
        form = text[text.index('data-form="reconciliation"') :]
        assert f'<option value="{entity.pk}" selected>' in form


def test_the_page_without_a_choice_shows_the_form_only(world, client, ledger):
    client.force_login(world.a_admin)
    response = client.get(reverse("finance:reconciliation"))
    assert response.status_code == 200
    assert 'data-form="reconciliation"' in _text(response)
    assert "Сальдо начальное" not in _text(response)


def test_the_act_on_screen_like_1c(world, client, ledger):
    client.force_login(world.a_admin)
    response = client.get(reverse("finance:reconciliation"), _query(world, ledger))
    assert response.status_code == 200
    text = _text(response)
    expected = [
        "Акт сверки",
        "взаимных расчетов за период: 01.07.2026 – 30.09.2026",
        f"между {SELLER} и {BUYER}",
        f"по договору {ledger.contract}",
        f"По данным {SELLER}, руб.",
        f"По данным {BUYER}, руб.",
        "Дата",
        "Документ",
        "Дебет",
        "Кредит",
        "Сальдо начальное",
        "12 000,00",
        "05.07.2026",
        "Реализация № УТ-101 от 05.07.2026",
        "50 000,00",
        "Оплата № ПП-7 от 20.07.2026",
        "Обороты за период",
        "57 900,00",
        "22 300,00",
        "Сальдо конечное",
        "47 600,00",
        f"По данным {SELLER}<br>на 30.09.2026",
        f"задолженность в пользу {SELLER} составляет 47 600,00 руб. "
        "(Сорок семь тысяч шестьсот рублей 00 копеек)",
        f"От {SELLER}",
        "(Смирнов А. В.)",
        "М.П.",
        f"От {BUYER}",
        "М.П.",
    ]
    position = 0
    for fragment in expected:
        found = text.find(fragment, position)
        assert found >= 0, f"«{fragment}» missing or out of order"
        position = found + len(fragment)
    assert text.count('data-row="line"') == 7
    assert "УТ-102" not in text  # deleted in 1C


def test_the_download_links_give_the_pdf_and_the_xlsx(world, client, ledger):
    client.force_login(world.a_admin)
    response = client.get(reverse("finance:reconciliation"), _query(world, ledger))
    files = response.context["files"]
    pdf = client.get(files["pdf"])
    assert pdf.status_code == 200
    assert pdf["Content-Disposition"] == attachment("Акт_сверки_01.07.2026-30.09.2026.pdf")
    assert pdf.content.startswith(b"%PDF-")
    assert pdf_page_count(pdf.content) == 1
    xlsx = client.get(files["xlsx"])
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert xlsx.content.startswith(b"PK")
    assert f'href="{html.escape(files["pdf"])}"' in response.content.decode()


def test_the_form_asks_for_a_file_directly(world, client, ledger):
    client.force_login(world.a_admin)
    response = client.get(reverse("finance:reconciliation"), _query(world, ledger, format="pdf"))
    assert response["Content-Type"] == "application/pdf"


def test_all_contracts_of_the_legal_entity(world, client, ledger):
    client.force_login(world.a_admin)
    query = _query(world, ledger, contract="")
    text = _text(client.get(reverse("finance:reconciliation"), query))
    assert "по всем договорам" in text
    assert f"Реализация № УТ-301 от 10.07.2026, договор {ledger.second}" in text
    assert "48 600,00" in text


def test_wrong_input_is_shown_on_the_form(world, client, ledger):
    client.force_login(world.a_admin)
    url = reverse("finance:reconciliation")
    reversed_period = _text(client.get(url, _query(world, ledger, date_to="2026-06-01")))
    assert "Конец периода раньше его начала." in reversed_period
    assert "Сальдо начальное" not in reversed_period
    other_entity = _query(world, ledger)
    other_entity["legal_entity"] = world.entity_a2.pk
    assert "Этот договор — другого юрлица." in _text(client.get(url, other_entity))
    bad_date = _text(client.get(url, _query(world, ledger, date_from="32.13.2026")))
    assert "Сальдо начальное" not in bad_date
    assert "is-invalid" in bad_date


def test_missing_requisites_are_explained(world, client, ledger):
    CompanyRequisites.objects.all().delete()
    client.force_login(world.a_admin)
    response = client.get(reverse("finance:reconciliation"), _query(world, ledger))
    assert response.status_code == 409
    assert "реквизиты компании-продавца не заполнены" in _text(response)


def test_staff_make_the_act_for_their_client(world, client, ledger):
    client.force_login(world.manager_a)
    url = reverse("finance:staff_reconciliation", args=[world.client_a.pk])
    text = _text(client.get(url, _query(world, ledger)))
    assert "47 600,00" in text
    assert f"Акт сверки · {world.client_a.name}" in text
    overview = _text(client.get(reverse("finance:staff_overview", args=[world.client_a.pk])))
    assert f'action="{url}"' in overview
    # A client's page is not the staff's.
    assert client.get(reverse("finance:reconciliation")).status_code == 302


def test_another_clients_legal_entity_or_contract_is_404(world, client, ledger):
    client.force_login(world.b_admin)
    url = reverse("finance:reconciliation")
    assert client.get(url, _query(world, ledger)).status_code == 404
    own_entity = _query(world, ledger)
    own_entity["legal_entity"] = world.entity_b.pk
    assert client.get(url, own_entity).status_code == 404  # A's contract
    client.force_login(world.manager_b)
    staff_url = reverse("finance:staff_reconciliation", args=[world.client_a.pk])
    assert client.get(staff_url, _query(world, ledger)).status_code == 404
    client.force_login(world.manager_a)  # client B's legal entity on client A's page
    query = _query(world, ledger, contract="")
    query["legal_entity"] = world.entity_b.pk
    assert client.get(staff_url, query).status_code == 404


def test_a_buyer_not_allowed_finances_gets_403(world, client, ledger):
    client.force_login(world.a_buyer)
    response = client.get(reverse("finance:reconciliation"), _query(world, ledger))
    assert response.status_code == 403
