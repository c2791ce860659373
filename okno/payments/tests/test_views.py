"""Paying an order online through the pages, with the test bank; refunds by staff."""

from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import reverse

from okno.accounts.tests.factories import StaffFactory
from okno.audit.models import AuditEvent
from okno.clients.tests.factories import LegalEntityFactory, MembershipFactory
from okno.core.roles import ClientRole, StaffRole
from okno.finance.models import LedgerEntry, SettlementDocument
from okno.orders.models import Order, OrderStatus
from okno.payments import providers
from okno.payments.models import Payment, PaymentEvent, PaymentStatus
from okno.payments.providers import StartResult, TestProvider

pytestmark = pytest.mark.django_db
D = Decimal
NBSP = "\u00a0"


def rub(amount: str) -> str:
    return amount.replace(" ", NBSP) + NBSP + "₽"


def _start(client, order):
    return client.post(reverse("payments:start", kwargs={"order_id": order.pk}))


def _bank(client, payment, outcome):
    url = reverse("payments:test_bank", kwargs={"payment_uuid": payment.uuid})
    return client.post(url, {"outcome": outcome})


def test_an_individual_pays_an_order_at_the_test_bank(buyer, client):
    order = buyer.order([("1500.00", "2"), ("234.56", "1")])
    client.force_login(buyer.person)
    response = _start(client, order)
    payment = Payment.objects.get()
    bank_url = reverse("payments:test_bank", kwargs={"payment_uuid": payment.uuid})
    assert response["Location"] == bank_url
    assert (payment.status, payment.amount, payment.provider) == ("pending", D("3234.56"), "test")
    bank = client.get(bank_url).content.decode()
    assert rub("3 234,56") in bank
    assert "Оплатить" in bank
    response = _bank(client, payment, "paid")
    assert response["Location"] == reverse(
        "payments:payment", kwargs={"payment_uuid": payment.uuid}
    )
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert payment.paid_at is not None
    page = client.get(response["Location"]).content.decode()
    assert "Оплата прошла" in page
    assert rub("0,00") in page  # nothing left to pay
    assert [e.to_status for e in payment.events.all()] == ["pending", "paid"]


def test_a_second_paid_answer_changes_nothing(buyer, client):
    order = buyer.order()
    client.force_login(buyer.person)
    _start(client, order)
    payment = Payment.objects.get()
    _bank(client, payment, "paid")
    payment.refresh_from_db()
    paid_at = payment.paid_at
    events = PaymentEvent.objects.count()
    _bank(client, payment, "paid")
    _bank(client, payment, "failed")
    payment.refresh_from_db()
    assert (payment.status, payment.paid_at) == ("paid", paid_at)
    assert PaymentEvent.objects.count() == events
    # The money reached the ledger once, for the order's legal entity and contract.
    document = SettlementDocument.objects.get()
    assert (document.kind, document.external_id) == ("payment", f"test:test-{payment.uuid}")
    assert (document.legal_entity, document.contract) == (order.legal_entity, order.contract)
    assert list(LedgerEntry.objects.values_list("amount", flat=True)) == [-payment.amount]


def test_a_refusal_is_shown_and_the_order_can_be_paid_again(buyer, client):
    order = buyer.order([("999.90", "1")])
    client.force_login(buyer.person)
    _start(client, order)
    failed = Payment.objects.get()
    response = _bank(client, failed, "failed")
    failed.refresh_from_db()
    assert (failed.status, failed.failure_reason) == ("failed", "Отказ в тестовом банке.")
    page = client.get(response["Location"]).content.decode()
    assert "Оплата не прошла" in page
    assert f"Оплатить онлайн {rub('999,90')}" in page
    _start(client, order)
    retry = Payment.objects.exclude(pk=failed.pk).get()
    assert (retry.status, retry.amount) == ("pending", D("999.90"))


def test_a_new_start_cancels_the_older_pending_payment(buyer, client):
    order = buyer.order()
    client.force_login(buyer.person)
    _start(client, order)
    _start(client, order)
    older, newer = Payment.objects.order_by("pk")
    assert (older.status, newer.status) == ("cancelled", "pending")
    assert older.events.last().note == "Начата новая оплата."


def test_only_what_is_still_due_is_asked(buyer, client):
    order = buyer.order([("1000.00", "1")])
    client.force_login(buyer.person)
    _start(client, order)
    _bank(client, Payment.objects.get(), "paid")
    # the manager added a line after the payment
    Order.objects.filter(pk=order.pk).update(total=D("1250.50"))
    _start(client, order)
    assert Payment.objects.get(status="pending").amount == D("250.50")


def test_a_fully_paid_order_is_not_paid_again(buyer, client):
    order = buyer.order()
    client.force_login(buyer.person)
    _start(client, order)
    _bank(client, Payment.objects.get(), "paid")
    response = client.post(
        reverse("payments:start", kwargs={"order_id": order.pk}),
        {"next": "/payments/elsewhere/"},
        follow=True,
    )
    assert response.redirect_chain[0][0] == "/payments/elsewhere/"
    assert Payment.objects.count() == 1


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (OrderStatus.CANCELLED, "Заказ отменён."),
        (OrderStatus.DRAFT, "Заказ ещё не оформлен."),
        (OrderStatus.AWAITING_APPROVAL, "Заказ ещё не оформлен."),
    ],
)
def test_an_order_not_placed_or_cancelled_is_not_paid(buyer, client, status, message):
    order = buyer.order(status=status)
    client.force_login(buyer.person)
    response = client.post(reverse("payments:start", kwargs={"order_id": order.pk}), follow=True)
    assert message in response.content.decode()
    assert not Payment.objects.exists()


def test_staff_and_viewers_do_not_pay(buyer, client):
    order = buyer.order()
    viewer = MembershipFactory(
        client=buyer.client, role=ClientRole.VIEWER, legal_entities=[buyer.entity]
    ).user
    for person in (buyer.client.manager, viewer):
        client.force_login(person)
        assert _start(client, order).status_code == 403
    assert not Payment.objects.exists()


def test_a_person_of_another_legal_entity_does_not_see_the_order(buyer, client):
    order = buyer.order()
    other_entity = LegalEntityFactory(client=buyer.client)
    other = MembershipFactory(
        client=buyer.client, role=ClientRole.BUYER, legal_entities=[other_entity]
    ).user
    client.force_login(other)
    assert _start(client, order).status_code == 404


def test_the_manager_refunds_a_paid_payment(buyer, client):
    order = buyer.order([("700.00", "1")])
    client.force_login(buyer.person)
    _start(client, order)
    payment = Payment.objects.get()
    _bank(client, payment, "paid")
    refund_url = reverse("payments:refund", kwargs={"payment_uuid": payment.uuid})
    # the client may not refund themselves
    assert client.post(refund_url).status_code == 403
    client.force_login(buyer.client.manager)
    page = client.get(reverse("payments:payment", kwargs={"payment_uuid": payment.uuid}))
    assert "Вернуть платёж" in page.content.decode()
    assert "История платежа" in page.content.decode()
    response = client.post(refund_url, follow=True)
    assert "Платёж возвращён покупателю." in response.content.decode()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    assert payment.refunded_at is not None
    assert AuditEvent.objects.filter(action="payment.refunded", client=buyer.client).exists()
    # refunded money is due again
    client.force_login(buyer.person)
    _start(client, order)
    assert Payment.objects.get(status="pending").amount == D("700.00")


def test_only_a_paid_payment_is_refunded(buyer, client):
    order = buyer.order()
    client.force_login(buyer.person)
    _start(client, order)
    payment = Payment.objects.get()
    client.force_login(StaffFactory(staff_role=StaffRole.ADMIN))
    response = client.post(
        reverse("payments:refund", kwargs={"payment_uuid": payment.uuid}), follow=True
    )
    assert "Вернуть можно только оплаченный платёж." in response.content.decode()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


def test_a_supervisor_sees_payments_but_does_not_refund(buyer, client):
    order = buyer.order()
    client.force_login(buyer.person)
    _start(client, order)
    payment = Payment.objects.get()
    _bank(client, payment, "paid")
    client.force_login(StaffFactory(staff_role=StaffRole.SUPERVISOR, manager_code=None))
    url = reverse("payments:payment", kwargs={"payment_uuid": payment.uuid})
    assert "Вернуть платёж" not in client.get(url).content.decode()
    assert (
        client.post(reverse("payments:refund", kwargs={"payment_uuid": payment.uuid})).status_code
        == 403
    )
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID


class FormBank(TestProvider):
    """A bank whose payment page is reached by posting a form (it answers and refunds as the
    test bank does)."""

    name = "formbank"

    def start(self, payment):
        return StartResult(
            form_action="https://bank.example/pay",
            form_fields={"order": str(payment.uuid), "sum": str(payment.amount)},
            provider_payment_id="FB-1",
        )


def test_a_provider_is_chosen_by_the_settings(buyer, client, monkeypatch):
    monkeypatch.setitem(providers._REGISTRY, "formbank", FormBank)
    order = buyer.order([("100.00", "1")])
    client.force_login(buyer.person)
    with override_settings(OKNO_PAYMENT_PROVIDER="formbank"):
        page = _start(client, order).content.decode()
    assert 'action="https://bank.example/pay"' in page
    assert 'name="sum" value="100.00"' in page
    payment = Payment.objects.get()
    assert (payment.provider, payment.provider_payment_id) == ("formbank", "FB-1")
    # the test bank settles only the test provider's payments
    bank = reverse("payments:test_bank", kwargs={"payment_uuid": payment.uuid})
    assert client.post(bank, {"outcome": "paid"}).status_code == 404
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


def test_an_unknown_provider_is_a_configuration_error(buyer, client):
    order = buyer.order()
    client.force_login(buyer.person)
    with override_settings(OKNO_PAYMENT_PROVIDER="nobank"), pytest.raises(ImproperlyConfigured):
        _start(client, order)
    assert not Payment.objects.exists()


def test_switched_off_online_payment_shows_no_button_and_starts_nothing(buyer, client):
    order = buyer.order()
    client.force_login(buyer.person)
    with override_settings(OKNO_PAYMENTS_ENABLED=False):
        page = client.get(reverse("orders:order", args=[order.pk])).content.decode()
        assert "Оплатить онлайн" not in page
        url = reverse("payments:start", kwargs={"order_id": order.pk})
        refused = client.post(url, {"next": reverse("orders:order", args=[order.pk])}, follow=True)
    assert "Онлайн-оплата сейчас отключена." in refused.content.decode()
    assert not Payment.objects.exists()
