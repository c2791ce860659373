"""Commercial proposals in /api/v1/: the client's list and proposal, the answer, the
invoice file, and the operations in the OpenAPI document."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from okno.finance.tests.invoice_factories import CompanyRequisitesFactory
from okno.orders.models import Order
from okno.proposals.models import Proposal, ProposalStatus
from okno.proposals.tests.factories import proposal_made

pytestmark = pytest.mark.django_db
D = Decimal


def _post(client, url, body=None):
    return client.post(url, data=json.dumps(body or {}), content_type="application/json")


def test_the_client_lists_sent_proposals_and_reads_one_with_its_lines(world, client):
    proposal_made(world, send=False)
    sent = proposal_made(world, (("1220.00", "2"), ("100.00", "1", "10")))
    client.force_login(world.a_buyer)
    listing = client.get("/api/v1/proposals").json()
    assert listing["count"] == 1
    assert listing["items"][0]["number"] == sent.number
    detail = client.get(f"/api/v1/proposals/{sent.pk}").json()
    assert detail["status"] == "sent"
    assert detail["is_expired"] is False
    assert D(detail["total"]) == D("2540.00")
    assert [(x["quantity"], x["price"], x["vat_rate"]) for x in detail["lines"]] == [
        ("2.000", "1220.00", "22"),
        ("1.000", "100.00", "10"),
    ]
    filtered = client.get("/api/v1/proposals", {"status": "accepted"}).json()
    assert filtered["count"] == 0


def test_accepting_twice_answers_the_same_order(world, client):
    proposal = proposal_made(world)
    client.force_login(world.a_admin)
    url = f"/api/v1/proposals/{proposal.pk}/accept"
    first = _post(client, url)
    second = _post(client, url)
    assert first.status_code == second.status_code == 200
    assert first.json()["order_id"] == second.json()["order_id"]
    assert first.json()["proposal"]["status"] == "accepted"
    assert Order.objects.count() == 1
    assert Order.objects.get().number == first.json()["order_number"]


def test_rejecting_with_a_reason(world, client):
    proposal = proposal_made(world)
    client.force_login(world.a_admin)
    response = _post(client, f"/api/v1/proposals/{proposal.pk}/reject", {"reason": "Дорого"})
    assert response.status_code == 200
    assert response.json()["reject_reason"] == "Дорого"
    assert _post(client, f"/api/v1/proposals/{proposal.pk}/accept").status_code == 409
    assert not Order.objects.exists()


def test_an_expired_proposal_answers_409_and_changes_nothing(world, client):
    proposal = proposal_made(world)
    Proposal.objects.filter(pk=proposal.pk).update(
        valid_until=timezone.localdate() - dt.timedelta(days=1)
    )
    client.force_login(world.a_admin)
    response = _post(client, f"/api/v1/proposals/{proposal.pk}/accept")
    assert response.status_code == 409
    assert response.json()["detail"][0]["type"] == "expired"
    assert Proposal.objects.get().status == ProposalStatus.SENT
    assert client.get(f"/api/v1/proposals/{proposal.pk}").json()["is_expired"] is True


def test_the_invoice_file_of_a_proposal(world, client):
    CompanyRequisitesFactory()
    proposal = proposal_made(world)
    client.force_login(world.a_admin)
    pdf = client.get(f"/api/v1/proposals/{proposal.pk}/invoice", {"format": "pdf"})
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")
    xlsx = client.get(f"/api/v1/proposals/{proposal.pk}/invoice", {"format": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx.content.startswith(b"PK")
    draft = proposal_made(world, send=False)
    client.force_login(world.manager_a)
    refused = client.get(f"/api/v1/proposals/{draft.pk}/invoice")
    assert refused.status_code == 409


def test_the_operations_are_in_the_openapi_document(client):
    paths = client.get(reverse("api:openapi-json")).json()["paths"]
    assert {"get"} <= set(paths["/api/v1/proposals"])
    assert {"get"} <= set(paths["/api/v1/proposals/{proposal_id}"])
    assert {"post"} <= set(paths["/api/v1/proposals/{proposal_id}/accept"])
    assert {"post"} <= set(paths["/api/v1/proposals/{proposal_id}/reject"])
    assert {"get"} <= set(paths["/api/v1/proposals/{proposal_id}/invoice"])


def test_staff_list_the_proposals_of_one_client(world, client):
    ours = proposal_made(world, send=False)
    client.force_login(world.manager_a)
    assert client.get("/api/v1/proposals").json()["count"] == 1
    listing = client.get("/api/v1/proposals", {"client_id": world.client_a.pk}).json()
    assert [item["id"] for item in listing["items"]] == [ours.pk]
    other = client.get("/api/v1/proposals", {"client_id": world.client_b.pk}).json()
    assert other["count"] == 0
    client.force_login(world.manager_b)
    assert client.get("/api/v1/proposals").json()["count"] == 0


def test_the_contracts_credit_rules_apply_to_acceptance(world, client):
    proposal = proposal_made(world, (("1000.00", "1"),))
    contract = world.contract_a1
    contract.credit_limit = D("500")
    contract.save()
    client.force_login(world.a_admin)
    url = f"/api/v1/proposals/{proposal.pk}/accept"
    refused = _post(client, url)
    assert refused.status_code == 409
    assert refused.json()["detail"][0]["type"] == "credit_blocked"
    assert not Order.objects.exists()
    assert Proposal.objects.get().status == ProposalStatus.SENT
    contract.credit_mode = "warn"
    contract.save()
    assert _post(client, url).status_code == 200
    assert "лимит" in Order.objects.get().credit_warning


def test_a_contract_ended_since_refuses_acceptance(world, client):
    proposal = proposal_made(world)
    world.contract_a1.is_active = False
    world.contract_a1.save()
    client.force_login(world.a_admin)
    refused = _post(client, f"/api/v1/proposals/{proposal.pk}/accept")
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["msg"] == "Договор не действует."
    assert not Order.objects.exists()
