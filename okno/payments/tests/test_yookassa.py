"""Paying an invoice through YooKassa, its API a local fake reached over HTTP: the start with
an idempotence key, the return page and the notification (never trusted), retries and
failures, refunds, and the ledger written once whatever arrives in whatever order."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from okno.finance.models import LedgerEntry, SettlementDocument
from okno.finance.services.ledger import DocumentData, settlement_document_post
from okno.finance.tests.invoice_helpers import invoiced_order
from okno.payments.models import Payment

D = Decimal
NOTIFY = reverse("payments:yookassa_notification")
UNAVAILABLE = "Платёжный сервис недоступен, попробуйте позже."


def _debt(contract) -> Decimal:
    return LedgerEntry.objects.filter(contract=contract).aggregate(s=Sum("amount"))["s"] or D(0)


def _pay_start(client, order, method="card"):
    url = reverse("payments:start", kwargs={"order_id": order.pk})
    return client.post(url, {"method": method, "next": reverse("orders:order", args=[order.pk])})


def _notify(client, body):
    return client.post(NOTIFY, body, content_type="application/json")


@pytest.fixture
def order(world):
    """Client A's placed order of 4 620,23 ₽ with its invoice."""
    return invoiced_order(world)


def _started(client, world, order, yookassa, method="card"):
    client.force_login(world.a_buyer)
    response = _pay_start(client, order, method)
    payment = Payment.objects.get()
    return response, payment, yookassa.payments[payment.provider_payment_id]


def test_a_business_client_pays_the_invoice_by_sbp(client, world, order, yookassa):
    client.force_login(world.a_buyer)
    invoice = client.get(reverse("finance:order_invoice", args=[order.pk])).content.decode()
    assert "Оплатить онлайн" in invoice
    assert ">СБП</button>" in invoice
    response, payment, remote = _started(client, world, order, yookassa, method="sbp")

    assert response["Location"] == remote["confirmation"]["confirmation_url"]
    (sent,) = yookassa.requests
    assert (sent["method"], sent["path"], sent["key"]) == (
        "POST",
        "/v3/payments",
        str(payment.uuid),
    )
    assert sent["body"]["amount"] == {"value": "4620.23", "currency": "RUB"}
    assert sent["body"]["capture"] is True
    assert sent["body"]["payment_method_data"] == {"type": "sbp"}
    assert sent["body"]["metadata"]["okno_payment"] == str(payment.uuid)
    assert sent["body"]["confirmation"]["return_url"].endswith(f"/payments/{payment.uuid}/")
    assert (payment.method, payment.status, payment.amount) == ("sbp", "pending", D("4620.23"))

    yookassa.succeed(payment.provider_payment_id, method="sbp")
    page = client.get(reverse("payments:payment", args=[payment.uuid])).content.decode()
    assert "Оплата прошла" in page
    document = SettlementDocument.objects.get()
    assert (document.kind, document.source, document.amount) == ("payment", "online", D("4620.23"))
    assert document.external_id == f"yookassa:{payment.provider_payment_id}"
    assert document.comment == "Онлайн-оплата заказа ОК-000123 (СБП)"
    assert (document.legal_entity, document.contract, document.order) == (
        world.entity_a1,
        world.contract_a1,
        order,
    )
    assert _debt(world.contract_a1) == D("-4620.23")
    client.force_login(world.a_admin)
    documents = client.get(reverse("finance:documents")).content.decode()
    assert payment.provider_payment_id in documents


def test_a_notification_is_read_back_from_the_api_and_posts_once(client, world, order, yookassa):
    _response, payment, remote = _started(client, world, order, yookassa)
    forged = yookassa.notification("payment.succeeded", remote, status="succeeded", paid=True)
    assert _notify(client, forged).status_code == 200
    payment.refresh_from_db()
    assert payment.status == "pending"  # YooKassa itself still says pending
    assert not SettlementDocument.objects.exists()

    yookassa.succeed(payment.provider_payment_id)
    for _again in range(3):  # YooKassa repeats a notification until it hears 200
        assert _notify(client, forged).status_code == 200
    client.get(reverse("payments:payment", args=[payment.uuid]))  # and the person returns
    payment.refresh_from_db()
    assert payment.status == "paid"
    assert payment.events.filter(to_status="paid").count() == 1
    assert SettlementDocument.objects.count() == 1
    assert _debt(world.contract_a1) == D("-4620.23")


def test_a_cancelled_payment_fails_with_its_reason_and_posts_nothing(
    client, world, order, yookassa
):
    _response, payment, remote = _started(client, world, order, yookassa)
    yookassa.cancel(payment.provider_payment_id, reason="insufficient_funds")
    assert _notify(client, yookassa.notification("payment.canceled", remote)).status_code == 200
    payment.refresh_from_db()
    assert payment.status == "failed"
    assert "insufficient_funds" in payment.failure_reason
    assert not SettlementDocument.objects.exists()


def test_a_failed_start_is_retried_with_the_same_key(client, world, order, yookassa):
    yookassa.fail(500)
    yookassa.fail(202)  # «still processing»
    response, payment, _remote = _started(client, world, order, yookassa)
    assert response.status_code == 302
    keys = [sent["key"] for sent in yookassa.requests]
    assert keys == [str(payment.uuid)] * 3
    assert len(yookassa.payments) == 1


@pytest.mark.parametrize("failure", [{"status": 500}, {"status": 0, "pause": 0.8}])
def test_an_unavailable_service_is_told_and_the_payment_fails(
    client, world, order, yookassa, failure
):
    yookassa.fail(**failure, times=3)
    client.force_login(world.a_buyer)
    page = client.get(_pay_start(client, order)["Location"]).content.decode()
    assert UNAVAILABLE in page
    assert len(yookassa.requests) == 3
    payment = Payment.objects.get()
    assert (payment.status, payment.failure_reason) == ("failed", "Платёжный сервис не ответил.")


def test_wrong_credentials_are_not_retried(client, world, order, yookassa, settings):
    settings.OKNO_YOOKASSA_SECRET_KEY = "wrong"
    client.force_login(world.a_buyer)
    page = client.get(_pay_start(client, order)["Location"]).content.decode()
    assert UNAVAILABLE in page
    assert len(yookassa.requests) == 1
    assert Payment.objects.get().status == "failed"


def test_a_notification_while_the_api_is_down_is_asked_again(client, world, order, yookassa):
    _response, payment, remote = _started(client, world, order, yookassa)
    yookassa.succeed(payment.provider_payment_id)
    yookassa.fail(500, times=3)
    notification = yookassa.notification("payment.succeeded", remote)
    assert _notify(client, notification).status_code == 503
    payment.refresh_from_db()
    assert payment.status == "pending"
    assert _notify(client, notification).status_code == 200
    payment.refresh_from_db()
    assert payment.status == "paid"


def test_what_is_not_a_notification_of_ours_is_refused(client, world, order, yookassa):
    _response, payment, remote = _started(client, world, order, yookassa)
    assert client.post(NOTIFY, "{", content_type="application/json").status_code == 400
    assert _notify(client, {"event": "payment.succeeded"}).status_code == 400
    unknown = yookassa.notification("payment.succeeded", remote, id="no-such-payment")
    assert _notify(client, unknown).status_code == 400
    remote["amount"] = {"value": "1.00", "currency": "RUB"}
    yookassa.succeed(payment.provider_payment_id)
    assert _notify(client, yookassa.notification("payment.succeeded", remote)).status_code == 400
    payment.refresh_from_db()
    assert payment.status == "pending"
    assert not SettlementDocument.objects.exists()


def test_the_sender_address_is_checked(client, world, order, yookassa, settings):
    _response, payment, remote = _started(client, world, order, yookassa)
    yookassa.succeed(payment.provider_payment_id)
    settings.OKNO_YOOKASSA_CHECK_IP = True
    notification = yookassa.notification("payment.succeeded", remote)
    assert _notify(client, notification).status_code == 403  # 127.0.0.1 is not YooKassa
    assert not SettlementDocument.objects.exists()
    settings.OKNO_YOOKASSA_IPS = ["185.71.76.0/27", "127.0.0.0/8"]
    assert _notify(client, notification).status_code == 200
    assert SettlementDocument.objects.count() == 1


def test_the_manager_refunds_and_the_debt_comes_back(client, world, order, yookassa):
    _response, payment, _remote = _started(client, world, order, yookassa)
    yookassa.succeed(payment.provider_payment_id)
    client.get(reverse("payments:payment", args=[payment.uuid]))
    client.force_login(world.manager_a)
    client.post(reverse("payments:refund", args=[payment.uuid]))
    payment.refresh_from_db()
    assert payment.status == "refunded"
    sent = yookassa.requests[-1]
    assert (sent["path"], sent["key"]) == ("/v3/refunds", f"refund-{payment.uuid}")
    assert sent["body"] == {
        "payment_id": payment.provider_payment_id,
        "amount": {"value": "4620.23", "currency": "RUB"},
    }
    (refund,) = yookassa.refunds.values()
    # YooKassa's notification of the same refund changes nothing more.
    assert _notify(client, yookassa.notification("refund.succeeded", refund)).status_code == 200
    kinds = sorted(SettlementDocument.objects.values_list("kind", "amount"))
    assert kinds == [("adjustment", D("4620.23")), ("payment", D("4620.23"))]
    assert _debt(world.contract_a1) == D("0")


def test_a_refund_made_at_yookassa_is_learnt_from_its_notification(client, world, order, yookassa):
    _response, payment, remote = _started(client, world, order, yookassa)
    yookassa.succeed(payment.provider_payment_id)
    _notify(client, yookassa.notification("payment.succeeded", remote))
    refund = yookassa.refund_outside(payment.provider_payment_id)
    for _again in range(2):
        assert _notify(client, yookassa.notification("refund.succeeded", refund)).status_code == 200
    payment.refresh_from_db()
    assert payment.status == "refunded"
    assert SettlementDocument.objects.filter(kind="adjustment").count() == 1
    assert _debt(world.contract_a1) == D("0")


def test_a_refused_refund_keeps_the_payment_paid(client, world, order, yookassa):
    _response, payment, remote = _started(client, world, order, yookassa)
    yookassa.succeed(payment.provider_payment_id)
    _notify(client, yookassa.notification("payment.succeeded", remote))
    yookassa.fail(500, times=3)
    client.force_login(world.manager_a)
    page = client.post(reverse("payments:refund", args=[payment.uuid]), follow=True)
    assert UNAVAILABLE in page.content.decode()
    payment.refresh_from_db()
    assert payment.status == "paid"
    assert _debt(world.contract_a1) == D("-4620.23")


def test_a_transfer_1c_sent_for_the_order_is_not_asked_again(client, world, order, yookassa):
    def transfer(external_id, amount):
        settlement_document_post(
            actor=None,
            data=DocumentData(
                external_id=external_id,
                kind="payment",
                number=external_id,
                date=dt.date(2026, 12, 6),
                amount=D(amount),
                contract=world.contract_a1,
                order=order,
            ),
        )

    transfer("pp-1", "4000.00")
    client.force_login(world.a_buyer)
    page = client.get(reverse("orders:order", args=[order.pk])).content.decode()
    assert "Оплатить онлайн 620,23\u00a0₽" in page
    transfer("pp-2", "620.23")
    page = client.get(reverse("finance:order_invoice", args=[order.pk])).content.decode()
    assert "Оплатить онлайн" not in page
    refused = _pay_start(client, order)
    assert not Payment.objects.exists()
    assert "Заказ уже оплачен." in client.get(refused["Location"]).content.decode()
