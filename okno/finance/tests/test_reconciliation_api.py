"""The reconciliation act through /api/v1/finance/reconciliation: its arithmetic on a
hand-made ledger, per contract and for all contracts, what is a debit and what a credit,
documents before the period only in the opening saldo, reversed documents left out, the
conclusion, the files, and who may ask for whose act."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from okno.core.testing.queries import assert_queries_flat
from okno.finance.api.reconciliation import ReconciliationOut
from okno.finance.models import DocumentKind
from okno.finance.requisites import CompanyRequisites
from okno.finance.tests.factories import document_post
from okno.finance.tests.invoice_helpers import attachment, pdf_objects, pdf_page_count
from okno.finance.tests.reconciliation_helpers import (
    BUYER,
    END,
    SELLER,
    START,
    hand_made_ledger,
)
from okno.orders.tests.calls import Api

pytestmark = pytest.mark.django_db
D = Decimal
URL = "/finance/reconciliation"


@pytest.fixture
def api(client):
    return Api(client)


@pytest.fixture
def ledger(world):
    return hand_made_ledger(world)


def _act(api, world, **params):
    query = {"legal_entity_id": world.entity_a1.pk, **params}
    for name in ("date_from", "date_to"):
        if isinstance(query.get(name), dt.date):
            query[name] = query[name].isoformat()
    return api.as_(world.a_admin).get(URL, query)


def test_the_act_of_one_contract_as_specified(world, api, ledger):
    response = _act(api, world, contract_id=ledger.contract.pk, date_from=START, date_to=END)
    assert response.status_code == 200
    act = response.json()
    act["conclusion"] = act["conclusion"].replace("\xa0", " ")
    assert act == {
        "legal_entity_id": world.entity_a1.pk,
        "contract_id": ledger.contract.pk,
        "date_from": "2026-07-01",
        "date_to": "2026-09-30",
        "seller": SELLER,
        "buyer": BUYER,
        "opening_balance": "12000.00",
        "lines": [
            {
                "date": "2026-07-05",
                "document": "Реализация № УТ-101 от 05.07.2026",
                "debit": "50000.00",
                "credit": "0.00",
            },
            {
                "date": "2026-07-20",
                "document": "Оплата № ПП-7 от 20.07.2026",
                "debit": "0.00",
                "credit": "20000.00",
            },
            {
                "date": "2026-08-01",
                "document": "Возврат № В-1 от 01.08.2026",
                "debit": "0.00",
                "credit": "1500.00",
            },
            {
                "date": "2026-08-10",
                "document": "Корректировка по претензии № КП-1 от 10.08.2026",
                "debit": "0.00",
                "credit": "500.00",
            },
            {
                "date": "2026-08-15",
                "document": "Корректировка долга № КД-1 от 15.08.2026",
                "debit": "200.00",
                "credit": "0.00",
            },
            {
                "date": "2026-08-20",
                "document": "Корректировка долга № КД-2 от 20.08.2026",
                "debit": "0.00",
                "credit": "300.00",
            },
            {
                "date": "2026-09-10",
                "document": "Реализация № УТ-103 от 10.09.2026",
                "debit": "7700.00",
                "credit": "0.00",
            },
        ],
        "turnover_debit": "57900.00",
        "turnover_credit": "22300.00",
        "closing_balance": "47600.00",
        "conclusion": (
            f"задолженность в пользу {SELLER} составляет 47 600,00 руб. "
            "(Сорок семь тысяч шестьсот рублей 00 копеек)"
        ),
    }


def test_the_json_holds_to_its_schema(world, api, ledger):
    body = _act(api, world, date_from=START, date_to=END).json()
    act = ReconciliationOut.model_validate(body)
    assert len(act.lines) == len(body["lines"]) == 8
    assert set(body) == set(ReconciliationOut.model_fields)


def test_opening_plus_debit_minus_credit_is_closing_for_all_contracts(world, api, ledger):
    """The second rouble contract joins in; the dollar contract and the other legal
    entity's stay out; each line says its contract."""
    act = _act(api, world, date_from=START, date_to=END).json()
    assert act["contract_id"] is None
    opening, debit, credit, closing = (
        D(act[name])
        for name in ("opening_balance", "turnover_debit", "turnover_credit", "closing_balance")
    )
    assert (opening, debit, credit, closing) == (D("12000"), D("58900"), D("22300"), D("48600"))
    assert opening + debit - credit == closing
    assert sum(D(line["debit"]) for line in act["lines"]) == debit
    assert sum(D(line["credit"]) for line in act["lines"]) == credit
    documents = [line["document"] for line in act["lines"]]
    assert f"Реализация № УТ-301 от 10.07.2026, договор {ledger.second}" in documents
    assert not any("УТ-USD" in name or "УТ-A2" in name for name in documents)
    assert [line["date"] for line in act["lines"]] == sorted(line["date"] for line in act["lines"])


def test_documents_before_the_period_are_only_in_the_opening_saldo(world, api, ledger):
    act = _act(api, world, contract_id=ledger.contract.pk, date_from=START, date_to=END).json()
    names = " ".join(line["document"] for line in act["lines"])
    for before in ("НО-1", "УТ-1 ", "ПП-1 ", "УТ-201"):
        assert before not in names
    # From the opening balance's own day it is a line, a debit; the day after, in the saldo.
    first = _act(
        api, world, contract_id=ledger.contract.pk, date_from="2026-01-01", date_to="2026-01-31"
    ).json()
    assert D(first["opening_balance"]) == 0
    assert first["lines"] == [
        {
            "date": "2026-01-01",
            "document": "Начальный остаток № НО-1 от 01.01.2026",
            "debit": "10000.00",
            "credit": "0.00",
        }
    ]
    later = _act(
        api, world, contract_id=ledger.contract.pk, date_from="2026-01-02", date_to="2026-01-31"
    ).json()
    assert (D(later["opening_balance"]), later["lines"]) == (D("10000"), [])


def test_reversed_and_changed_documents(world, api, ledger):
    act = _act(api, world, contract_id=ledger.contract.pk, date_from=START, date_to=END).json()
    names = [line["document"] for line in act["lines"]]
    assert not any("УТ-102" in name for name in names)  # deleted in 1C
    assert [line["debit"] for line in act["lines"] if "УТ-103" in line["document"]] == ["7700.00"]
    # A document moved to another date shows on its new date only.
    document_post(
        ledger.contract,
        DocumentKind.SHIPMENT,
        "7700",
        date=dt.date(2026, 10, 2),
        number="УТ-103",
        external_id="ut-103",
    )
    moved = _act(api, world, contract_id=ledger.contract.pk, date_from=START, date_to=END).json()
    assert not any("УТ-103" in line["document"] for line in moved["lines"])
    assert D(moved["closing_balance"]) == D("47600") - D("7700")


def test_a_period_without_documents_gives_an_act_with_saldo(world, api, ledger):
    act = _act(
        api, world, contract_id=ledger.contract.pk, date_from="2026-10-10", date_to="2026-10-20"
    ).json()
    assert act["lines"] == []
    assert (act["opening_balance"], act["turnover_debit"], act["turnover_credit"]) == (
        "48599.00",
        "0.00",
        "0.00",
    )
    assert act["closing_balance"] == "48599.00"


def test_the_conclusion_in_the_buyers_favour_and_without_debt(world, api, ledger):
    contract = ledger.second  # 1 000 owed after the shipment of 10.07.2026
    document_post(contract, DocumentKind.PAYMENT, "1000", date=dt.date(2026, 8, 1))
    settled = _act(api, world, contract_id=contract.pk, date_from=START, date_to=END).json()
    assert D(settled["closing_balance"]) == 0
    assert settled["conclusion"] == "задолженность отсутствует"
    document_post(contract, DocumentKind.PAYMENT, "2345.67", date=dt.date(2026, 9, 1))
    prepaid = _act(api, world, contract_id=contract.pk, date_from=START, date_to=END).json()
    assert prepaid["closing_balance"] == "-2345.67"
    assert prepaid["conclusion"].replace("\xa0", " ") == (
        f"задолженность в пользу {BUYER} составляет 2 345,67 руб. "
        "(Две тысячи триста сорок пять рублей 67 копеек)"
    )


def test_the_closing_of_an_act_to_today_equals_the_balance(world, api, ledger):
    today = timezone.localdate()
    document_post(ledger.contract, DocumentKind.SHIPMENT, "321.09", date=today)
    document_post(ledger.second, DocumentKind.PAYMENT, "100", date=today)
    balances = api.as_(world.a_admin).get("/finance/balances").json()["items"]
    by_contract = {row["contract_id"]: D(row["balance"]) for row in balances}
    for contract in (ledger.contract, ledger.second):
        act = _act(api, world, contract_id=contract.pk).json()  # to today by default
        assert act["date_to"] == today.isoformat()
        assert D(act["closing_balance"]) == by_contract[contract.pk]
    whole = _act(api, world).json()
    assert (
        D(whole["closing_balance"])
        == by_contract[ledger.contract.pk] + by_contract[ledger.second.pk]
    )


def test_the_period_defaults_to_the_start_of_the_quarter(world, api, ledger):
    act = _act(api, world).json()
    today = timezone.localdate()
    start = dt.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    assert (act["date_from"], act["date_to"]) == (start.isoformat(), today.isoformat())


def test_the_pdf_is_a_real_pdf(world, api, ledger):
    response = _act(
        api, world, contract_id=ledger.contract.pk, date_from=START, date_to=END, format="pdf"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == attachment("Акт_сверки_01.07.2026-30.09.2026.pdf")
    data = response.content
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert pdf_page_count(data) == 1
    assert b"/FontName" in pdf_objects(data)


def test_the_xlsx_holds_the_act(world, api, ledger):
    response = _act(
        api, world, contract_id=ledger.contract.pk, date_from=START, date_to=END, format="xlsx"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    by_label = {row[0]: row for row in rows if isinstance(row[0], str)}
    assert by_label["Акт сверки"]
    assert by_label["взаимных расчетов за период: 01.07.2026 – 30.09.2026"]
    assert by_label[f"между {SELLER} и {BUYER}"]
    assert by_label[f"по договору {ledger.contract}"]
    assert by_label[f"По данным {SELLER}, руб."][4] == f"По данным {BUYER}, руб."
    assert by_label["Сальдо начальное"][2:4] == [12000, None]
    assert by_label["Обороты за период"][2:4] == [57900, 22300]
    assert by_label["Сальдо конечное"][2:4] == [47600, None]
    shipment = next(row for row in rows if row[1] == "Реализация № УТ-101 от 05.07.2026")
    assert shipment[0].date() == dt.date(2026, 7, 5)
    assert shipment[2:] == [50000, None, None, None, None, None]  # the buyer's half is empty
    money = sheet.cell(row=rows.index(shipment) + 1, column=3)
    assert money.number_format == "#,##0.00"
    conclusion = [
        row[0].replace("\xa0", " ")
        for row in rows
        if isinstance(row[0], str) and row[0].startswith("задолженность")
    ]
    assert conclusion == [
        f"задолженность в пользу {SELLER} составляет 47 600,00 руб. "
        "(Сорок семь тысяч шестьсот рублей 00 копеек)"
    ]
    texts = {value for row in rows for value in row if isinstance(value, str)}
    assert {f"От {SELLER}", f"От {BUYER}", "М.П.", "(Смирнов А. В.)"} <= texts


def test_another_clients_legal_entity_or_contract_is_404(world, api, ledger):
    b = api.as_(world.b_admin)
    assert b.get(URL, {"legal_entity_id": world.entity_a1.pk}).status_code == 404
    own = {"legal_entity_id": world.entity_b.pk}
    assert b.get(URL, {**own, "contract_id": ledger.contract.pk}).status_code == 404
    a = api.as_(world.a_admin)
    # A contract of the client's other legal entity is not this legal entity's.
    assert (
        a.get(
            URL, {"legal_entity_id": world.entity_a2.pk, "contract_id": ledger.contract.pk}
        ).status_code
        == 404
    )
    assert (
        api.as_(world.manager_b).get(URL, {"legal_entity_id": world.entity_a1.pk}).status_code
        == 404
    )
    assert (
        api.as_(world.manager_a).get(URL, {"legal_entity_id": world.entity_a1.pk}).status_code
        == 200
    )


def test_a_buyer_not_allowed_finances_gets_403(world, api, ledger):
    assert (
        api.as_(world.a_buyer).get(URL, {"legal_entity_id": world.entity_a1.pk}).status_code == 403
    )


def test_bad_periods_and_missing_requisites_are_refused(world, api, ledger):
    reversed_period = _act(api, world, date_from="2026-09-30", date_to="2026-07-01")
    assert reversed_period.status_code == 422
    assert reversed_period.json()["detail"][0]["loc"] == ["body", "date_from"]
    assert _act(api, world, date_from="2020-01-01", date_to="2026-01-01").status_code == 422
    assert _act(api, world, date_from="31.12.2026").status_code == 422
    CompanyRequisites.objects.all().delete()
    missing = _act(api, world)
    assert missing.status_code == 409
    assert missing.json()["detail"][0]["type"] == "requisites_missing"


def test_a_contract_in_another_currency_is_refused(world, api, ledger):
    dollars = world.entity_a1.contracts.get(currency="USD")
    assert _act(api, world, contract_id=dollars.pk).status_code == 409


def test_the_act_costs_the_same_queries_however_many_lines(
    world, api, ledger, django_assert_max_num_queries
):
    def more():
        for day in range(1, 20):
            document_post(ledger.contract, DocumentKind.SHIPMENT, "10", date=dt.date(2026, 8, day))

    query = {"legal_entity_id": world.entity_a1.pk, "date_from": "2026-07-01"}
    api.as_(world.a_admin)
    answer = assert_queries_flat(
        lambda: api.get(URL, {**query, "date_to": "2026-09-30"}),
        grow=more,
        ceiling=10,
        assert_max_num_queries=django_assert_max_num_queries,
    )
    assert len(answer.json()["lines"]) == 8 + 19


def test_the_endpoint_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/finance/reconciliation"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"legal_entity_id", "contract_id", "date_from", "date_to", "format"} <= names
    content = operation["responses"]["200"]["content"]
    assert {"application/json", "application/pdf"} <= set(content)
    out = schema["components"]["schemas"]["ReconciliationOut"]["properties"]
    assert {
        "opening_balance",
        "lines",
        "turnover_debit",
        "turnover_credit",
        "closing_balance",
    } <= set(out)
