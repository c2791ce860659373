"""The same payment's success arriving many times at once — YooKassa's repeated
notifications and the person's return — on SQLite and on PostgreSQL: one «paid», one
settlement document, one ledger entry."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from okno.core.testing.world import build_world
from okno.finance.models import LedgerEntry, SettlementDocument
from okno.finance.tests.invoice_helpers import invoiced_order
from okno.payments.models import Payment

pytestmark = pytest.mark.django_db(transaction=True)
D = Decimal


def test_concurrent_notifications_and_the_return_post_the_payment_once(yookassa):
    world = build_world()
    order = invoiced_order(world)
    buyer = Client()
    buyer.force_login(world.a_buyer)
    buyer.post(reverse("payments:start", args=[order.pk]), {"method": "card"})
    payment = Payment.objects.get()
    remote = yookassa.succeed(payment.provider_payment_id)
    notification = yookassa.notification("payment.succeeded", remote)
    arrivals = 6
    start = threading.Barrier(arrivals)
    answers: list[int] = []
    failures: list[BaseException] = []

    def arrive(number: int) -> None:
        start.wait()
        try:
            if number == 0:  # the person comes back from YooKassa's page meanwhile
                page = buyer.get(reverse("payments:payment", args=[payment.uuid]))
                answers.append(page.status_code)
            else:
                answer = Client().post(
                    reverse("payments:yookassa_notification"),
                    notification,
                    content_type="application/json",
                )
                answers.append(answer.status_code)
        except BaseException as error:  # any failure is the test's to report
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=arrive, args=(number,)) for number in range(arrivals)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [], (connection.vendor, failures)
    assert answers == [200] * arrivals, connection.vendor
    payment.refresh_from_db()
    assert payment.status == "paid"
    assert payment.events.filter(to_status="paid").count() == 1
    assert SettlementDocument.objects.count() == 1
    total = LedgerEntry.objects.filter(contract=world.contract_a1).aggregate(s=Sum("amount"))
    assert total["s"] == -payment.amount, connection.vendor
