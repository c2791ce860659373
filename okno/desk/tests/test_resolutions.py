"""Resolving claim lines through the API: each kind and what it needs, the ledger that
never gives more than was claimed or worth, credit notes in the settlements, replacement
orders, cancellation by a reversing row, and the claim's move to resolved."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from okno.catalog.models import Stock
from okno.core.actor import actor_for_user
from okno.desk.models import AppealEvent, ClaimResolution, EventKind, RejectionReason
from okno.desk.tests.helpers import claim_on, finish
from okno.finance.models import DocumentKind, LedgerEntry, SettlementDocument
from okno.orders.models import Order, OrderStatus
from okno.orders.services.lifecycle import order_cancel
from okno.orders.tests.calls import field_of

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def claim(world, delivered):
    """Client A's claim of 4 of the first line (100,00 ₽ each) and 2 of the second
    (250,00 ₽ each)."""
    order, shipment = delivered
    return claim_on(world.a_admin, order, shipment, "4", "2")


def _lines(claim):
    return list(claim.claim_lines.order_by("pk"))


def _resolve(api, world, claim, line, **body):
    payload = {"claim_line_id": line.pk, **body}
    return api.as_(world.operator).post(f"/appeals/{claim.pk}/resolutions", payload)


def _line_out(answer, line):
    return next(item for item in answer.json()["lines"] if item["id"] == line.pk)


def test_a_credit_note_defaults_to_the_shipped_price_and_goes_to_the_settlements(api, world, claim):
    first, _second = _lines(claim)
    answer = _resolve(api, world, claim, first, kind="credit_note", quantity="3")
    assert answer.status_code == 201, answer.content
    shown = _line_out(answer, first)
    assert shown["totals"] == {
        "value": "400.00",
        "resolved_quantity": "3.000",
        "resolved_amount": "300.00",
    }
    [row] = shown["resolutions"]
    assert (row["kind"], row["quantity"], row["amount"]) == ("credit_note", "3.000", "300.00")
    document = SettlementDocument.objects.get(external_id=f"claim-resolution-{row['id']}")
    assert document.kind == DocumentKind.CREDIT_NOTE
    assert document.claim_number == claim.number
    assert document.amount == D("300.00")
    assert document.contract_id == claim.order.contract_id
    assert LedgerEntry.objects.filter(document=document).get().amount == D("-300.00")
    event = AppealEvent.objects.filter(appeal=claim, kind=EventKind.RESOLUTION).get()
    assert event.is_public
    assert "300,00" in event.body


def test_an_operator_sets_the_amount_of_a_refund_within_the_lines_value(api, world, claim):
    first, _second = _lines(claim)
    answer = _resolve(api, world, claim, first, kind="refund", quantity="1", amount="80.50")
    assert answer.status_code == 201
    assert _line_out(answer, first)["resolutions"][0]["amount"] == "80.50"
    # A refund is not posted to the settlements: 1C sends its payment back to us.
    assert not SettlementDocument.objects.filter(claim_number=claim.number).exists()
    too_much = _resolve(api, world, claim, first, kind="refund", quantity="1", amount="400.00")
    assert too_much.status_code == 409
    assert field_of(too_much) == "amount"
    assert "319,50" in too_much.json()["detail"][0]["msg"]


def test_a_line_is_never_resolved_past_its_claimed_quantity(api, world, claim):
    first, _second = _lines(claim)
    assert _resolve(api, world, claim, first, kind="credit_note", quantity="3").status_code == 201
    over = _resolve(
        api,
        world,
        claim,
        first,
        kind="return_pickup",
        quantity="2",
        pickup_date=str(timezone.localdate()),
    )
    assert over.status_code == 409
    assert field_of(over) == "quantity"
    assert ClaimResolution.objects.filter(claim_line=first).count() == 1


def test_paying_twice_for_a_line_is_refused_until_the_first_payment_is_cancelled(api, world, claim):
    first, _second = _lines(claim)
    credit = _resolve(api, world, claim, first, kind="credit_note", quantity="4")
    row_id = _line_out(credit, first)["resolutions"][0]["id"]
    again = _resolve(api, world, claim, first, kind="refund", quantity="1", amount="1.00")
    assert again.status_code == 409
    cancelled = api.post(
        f"/appeals/{claim.pk}/resolutions/{row_id}/cancel", {"reason": "Клиент просит деньгами"}
    )
    assert cancelled.status_code == 200
    shown = _line_out(cancelled, first)
    assert shown["resolutions"][0]["cancelled"] is True
    assert shown["totals"]["resolved_amount"] == "0.00"
    document = SettlementDocument.objects.get(external_id=f"claim-resolution-{row_id}")
    assert document.is_deleted
    assert LedgerEntry.objects.filter(document=document).aggregate(s=Sum("amount"))["s"] == 0
    reversal = ClaimResolution.objects.get(reverses_id=row_id)
    assert (reversal.quantity, reversal.amount) == (D("-4"), D("-400.00"))
    assert _resolve(api, world, claim, first, kind="refund", quantity="4").status_code == 201
    twice = api.post(f"/appeals/{claim.pk}/resolutions/{row_id}/cancel", {"reason": "Ещё раз"})
    assert twice.status_code == 409
    assert (
        AppealEvent.objects.filter(appeal=claim, kind=EventKind.RESOLUTION_CANCELLED).count() == 1
    )


def test_a_rejection_needs_a_reason_from_the_list_and_words_and_moves_no_money(api, world, claim):
    first, _second = _lines(claim)
    reason = RejectionReason.objects.filter(is_active=True).first()
    no_reason = _resolve(api, world, claim, first, kind="rejection", quantity="1", comment="Нет")
    assert no_reason.status_code == 422
    assert field_of(no_reason) == "rejection_reason_id"
    no_words = _resolve(
        api, world, claim, first, kind="rejection", quantity="1", rejection_reason_id=reason.pk
    )
    assert field_of(no_words) == "comment"
    with_money = _resolve(
        api,
        world,
        claim,
        first,
        kind="rejection",
        quantity="1",
        rejection_reason_id=reason.pk,
        comment="Фото не приложено",
        amount="10.00",
    )
    assert field_of(with_money) == "amount"
    done = _resolve(
        api,
        world,
        claim,
        first,
        kind="rejection",
        quantity="1",
        rejection_reason_id=reason.pk,
        comment="Фото не приложено",
    )
    assert done.status_code == 201
    row = _line_out(done, first)["resolutions"][0]
    assert (row["rejection_reason"], row["amount"]) == (reason.name, "0.00")
    inactive = RejectionReason.objects.create(name="Старая причина", is_active=False)
    refused = _resolve(
        api,
        world,
        claim,
        first,
        kind="rejection",
        quantity="1",
        rejection_reason_id=inactive.pk,
        comment="-",
    )
    assert field_of(refused) == "rejection_reason_id"


def test_a_return_pickup_needs_a_day_not_past(api, world, claim):
    first, _second = _lines(claim)
    missing = _resolve(api, world, claim, first, kind="return_pickup", quantity="1")
    assert field_of(missing) == "pickup_date"
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    past = _resolve(
        api, world, claim, first, kind="return_pickup", quantity="1", pickup_date=str(yesterday)
    )
    assert field_of(past) == "pickup_date"
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    done = _resolve(
        api, world, claim, first, kind="return_pickup", quantity="1", pickup_date=str(tomorrow)
    )
    assert done.status_code == 201
    assert _line_out(done, first)["resolutions"][0]["pickup_date"] == str(tomorrow)


def test_a_replacement_makes_a_free_order_that_must_be_cancelled_first(api, world, claim):
    first, _second = _lines(claim)
    product = first.order_line.product
    warehouse = first.order_line.warehouse
    Stock.objects.create(product=product, warehouse=warehouse, free=D("10"))
    with_amount = _resolve(
        api, world, claim, first, kind="replacement", quantity="2", amount="1.00"
    )
    assert field_of(with_amount) == "amount"
    answer = _resolve(api, world, claim, first, kind="replacement", quantity="2")
    assert answer.status_code == 201, answer.content
    row = _line_out(answer, first)["resolutions"][0]
    assert row["amount"] == "200.00"  # its value counts against the line's
    order = Order.objects.get(pk=row["replacement_order_id"])
    assert order.number == row["replacement_order_number"]
    assert (order.client_id, order.contract_id) == (claim.client_id, claim.order.contract_id)
    assert order.status == OrderStatus.SUBMITTED
    assert order.total == 0
    assert claim.number in order.comment
    [line] = order.lines.all()
    assert (line.product_id, line.quantity_base, line.price, line.reserved) == (
        product.pk,
        D("2"),
        D("0"),
        D("2"),
    )
    assert Stock.objects.get(product=product, warehouse=warehouse).free == D("8")
    refused = api.post(f"/appeals/{claim.pk}/resolutions/{row['id']}/cancel", {"reason": "Не надо"})
    assert refused.status_code == 409
    assert order.number in refused.json()["detail"][0]["msg"]
    order_cancel(actor=actor_for_user(world.admin), order=order, reason="Замена не нужна")
    assert (
        api.post(
            f"/appeals/{claim.pk}/resolutions/{row['id']}/cancel", {"reason": "Не надо"}
        ).status_code
        == 200
    )


def test_a_replacement_without_stock_is_refused_and_leaves_nothing(api, world, claim):
    first, _second = _lines(claim)
    answer = _resolve(api, world, claim, first, kind="replacement", quantity="2")
    assert answer.status_code == 409
    assert first.order_line.article in answer.json()["detail"][0]["msg"]
    assert not ClaimResolution.objects.exists()
    assert Order.objects.count() == 1


def test_the_claim_is_resolved_only_when_every_line_is(api, world, claim):
    first, second = _lines(claim)
    reason = RejectionReason.objects.first()
    _resolve(api, world, claim, first, kind="credit_note", quantity="3")
    _resolve(
        api,
        world,
        claim,
        first,
        kind="rejection",
        quantity="1",
        rejection_reason_id=reason.pk,
        comment="Одна коробка цела",
    )
    api.client.post(
        reverse("desk:staff_status", args=[claim.pk]), {"status": "resolved", "reason": "Всё"}
    )
    claim.refresh_from_db()
    assert claim.status != "resolved"
    _resolve(api, world, claim, second, kind="refund", quantity="2")
    api.client.post(
        reverse("desk:staff_status", args=[claim.pk]), {"status": "resolved", "reason": "Всё"}
    )
    claim.refresh_from_db()
    assert claim.status == "resolved"
    finished = _resolve(api, world, claim, second, kind="refund", quantity="1")
    assert finished.status_code == 409
    assert field_of(finished) == "status"


def test_only_desk_staff_resolve_and_the_client_reads_what_was_decided(api, world, claim):
    first, _second = _lines(claim)
    by_client = api.as_(world.a_admin).post(
        f"/appeals/{claim.pk}/resolutions",
        {"claim_line_id": first.pk, "kind": "refund", "quantity": "1"},
    )
    assert by_client.status_code == 403
    by_manager = api.as_(world.manager_a).post(
        f"/appeals/{claim.pk}/resolutions",
        {"claim_line_id": first.pk, "kind": "refund", "quantity": "1"},
    )
    assert by_manager.status_code == 403
    kept = _resolve(api, world, claim, first, kind="refund", quantity="1")
    dropped = _resolve(api, world, claim, first, kind="credit_note", quantity="1")
    dropped_id = _line_out(dropped, first)["resolutions"][1]["id"]
    api.post(f"/appeals/{claim.pk}/resolutions/{dropped_id}/cancel", {"reason": "Ошибка"})
    seen = api.as_(world.a_admin).get(f"/appeals/{claim.pk}").json()
    rows = _line_out_json(seen, first)["resolutions"]
    assert [row["id"] for row in rows] == [_line_out(kept, first)["resolutions"][0]["id"]]
    assert ClaimResolution.objects.count() == 3


def test_a_line_of_another_claim_is_not_resolved_through_this_one(api, world, delivered, claim):
    order, shipment = delivered
    other = claim_on(world.a_admin, order, shipment, "1")
    foreign = other.claim_lines.get()
    answer = _resolve(api, world, claim, foreign, kind="refund", quantity="1")
    assert answer.status_code == 422
    assert field_of(answer) == "claim_line_id"
    assert not ClaimResolution.objects.exists()


def test_bad_numbers_are_named(api, world, claim):
    first, _second = _lines(claim)
    assert field_of(_resolve(api, world, claim, first, kind="refund", quantity="0")) == "quantity"
    assert (
        field_of(_resolve(api, world, claim, first, kind="refund", quantity="1", amount="1.005"))
        == "amount"
    )
    assert (
        field_of(_resolve(api, world, claim, first, kind="refund", quantity="1", amount="-5"))
        == "amount"
    )


def test_a_closed_claim_takes_no_resolutions(api, world, claim):
    finish(world.operator, claim, to="closed")
    answer = _resolve(api, world, claim, _lines(claim)[0], kind="refund", quantity="1")
    assert answer.status_code == 409


def _line_out_json(body, line):
    return next(item for item in body["lines"] if item["id"] == line.pk)
