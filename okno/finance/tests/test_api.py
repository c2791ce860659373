"""/api/v1/finance/: balances, documents with filters, a document's file, and the import
from 1C by its integration account with a token."""

import base64
import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from okno.accounts.services import api_token_create
from okno.accounts.tests.factories import StaffFactory
from okno.core.roles import StaffRole
from okno.core.testing.queries import assert_queries_flat
from okno.finance.models import SettlementDocument
from okno.finance.tests.factories import document_post, file_attach
from okno.orders.tests.calls import Api

pytestmark = pytest.mark.django_db
D = Decimal


def _days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


@pytest.fixture
def api(client):
    return Api(client)


def test_balances_per_legal_entity_and_contract(world, api, contract):
    document_post(contract, "shipment", "30000", date=_days_ago(45))  # 15 days overdue
    document_post(contract, "shipment", "5000", date=_days_ago(5))
    answer = api.as_(world.a_admin).get("/finance/balances").json()
    row = next(item for item in answer["items"] if item["contract_id"] == contract.pk)
    assert row["legal_entity_id"] == world.entity_a1.pk
    assert D(row["balance"]) == D("35000")
    assert (D(row["overdue"]), D(row["overdue_1_30"]), D(row["current"])) == (
        D("30000"),
        D("30000"),
        D("5000"),
    )
    assert (D(row["credit_limit"]), D(row["credit_left"])) == (D("100000"), D("65000"))
    earlier = api.get("/finance/balances", {"on": _days_ago(10).isoformat()}).json()
    row = next(item for item in earlier["items"] if item["contract_id"] == contract.pk)
    assert D(row["balance"]) == D("30000")


def test_a_buyer_not_allowed_finances_gets_403(world, api, contract):
    assert api.as_(world.a_buyer).get("/finance/balances").status_code == 403
    assert api.get("/finance/documents").status_code == 403


def test_documents_with_filters_and_files(world, api, contract):
    shipment = document_post(contract, "shipment", "1000", number="УТ-5", date=_days_ago(3))
    file_attach(shipment, name="УПД.pdf", edo_status="signed")
    document_post(contract, "payment", "500", number="ПП-1", date=_days_ago(1))
    answer = api.as_(world.a_admin).get("/finance/documents", {"kind": "shipment"}).json()
    assert answer["count"] == 1
    item = answer["items"][0]
    assert (item["number"], item["kind_name"], item["files"][0]["edo_status"]) == (
        "УТ-5",
        "Реализация",
        "signed",
    )
    assert api.get("/finance/documents", {"q": "пп"}).json()["count"] == 1
    assert api.get("/finance/documents", {"date_to": _days_ago(2).isoformat()}).json()["count"] == 1
    assert api.get("/finance/documents", {"kind": "gift"}).status_code == 422
    response = api.get(f"/finance/documents/{shipment.pk}/file")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_document_without_files_answers_404_for_its_file(world, api, contract):
    payment = document_post(contract, "payment", "1")
    assert api.as_(world.a_admin).get(f"/finance/documents/{payment.pk}/file").status_code == 404


def test_the_integration_imports_with_a_token(world, client, contract):
    robot = StaffFactory(staff_role=StaffRole.INTEGRATION, manager_code=None)
    _token, raw = api_token_create(user=robot, name="1С")
    body = {
        "version": "1.0",
        "documents": [
            {
                "id": "ship-1",
                "kind": "shipment",
                "number": "УТ-1",
                "date": "2026-10-01",
                "amount": "1200.50",
                "contract": "c-a1",
                "files": [
                    {
                        "id": "f",
                        "kind": "upd",
                        "name": "УПД.pdf",
                        "edo": "sent",
                        "content_base64": base64.b64encode(b"%PDF").decode(),
                    }
                ],
            },
            {
                "id": "x",
                "kind": "payment",
                "number": "1",
                "date": "2026-10-02",
                "amount": "1",
                "contract": "none",
            },
        ],
    }

    def send():
        return client.post(
            "/api/v1/finance/import",
            data=json.dumps(body),
            content_type="application/json",
            headers={"authorization": f"Bearer {raw}"},
        )

    answer = send().json()
    assert (answer["created"], answer["files"]) == (1, 1)
    assert answer["errors"] == ["documents[1].contract: no contract with 1C id 'none'"]
    again = send().json()
    assert (again["created"], again["unchanged"]) == (0, 1)
    assert SettlementDocument.objects.get().amount == D("1200.50")


def test_import_is_refused_to_clients_and_managers(world, api, contract):
    body = {"version": "1.0", "documents": []}
    assert api.as_(world.a_admin).post("/finance/import", body).status_code == 403
    assert api.as_(world.manager_a).post("/finance/import", body).status_code == 403
    bad = {"version": "1.0", "documents": [{"id": "1", "kind": "payment"}]}
    assert api.as_(world.admin).post("/finance/import", bad).status_code == 422


def test_the_document_list_takes_as_many_queries_for_many(
    world, api, contract, django_assert_max_num_queries
):
    api.as_(world.a_admin)

    def grow(count):
        for _ in range(count):
            file_attach(document_post(contract, "shipment", "10"))

    grow(2)
    answer = assert_queries_flat(
        lambda: api.get("/finance/documents"),
        grow=lambda: grow(5),
        ceiling=8,
        assert_max_num_queries=django_assert_max_num_queries,
    )
    assert answer.json()["count"] == 7
