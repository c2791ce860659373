from decimal import Decimal

import pytest
from django.urls import reverse

from okno.accounts.tests.factories import StaffFactory
from okno.catalog.models import Stock
from okno.orders.models import OrderStatus

pytestmark = pytest.mark.django_db
D = Decimal


def test_the_order_page_shows_lines_totals_and_history(client, store):
    bolt = store.product(price="100.00", name="Болт М12")
    order = store.order((bolt, "3"), comment="Въезд со двора")
    client.force_login(store.buyer)
    page = client.get(reverse("orders:order", args=[order.pk])).content.decode()
    assert order.number in page
    assert "Болт М12" in page
    assert "270,00" in page
    assert "Отправлен" in page
    assert "Въезд со двора" in page


def test_the_client_cancels_and_the_reserve_returns(client, store):
    bolt = store.product(kazan="10")
    order = store.order((bolt, "4"))
    client.force_login(store.buyer)
    answer = client.post(
        reverse("orders:order_cancel", args=[order.pk]), {"reason": "Ошиблись"}, follow=True
    )
    assert "отменён" in answer.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert Stock.objects.get(product=bolt, warehouse=store.shop.kazan).free == D("10")


def test_staff_must_give_a_reason_to_cancel(client, store):
    order = store.order((store.product(), "1"))
    client.force_login(store.manager)
    answer = client.post(reverse("orders:order_cancel", args=[order.pk]), follow=True)
    assert "Укажите причину" in answer.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED


def test_the_client_admin_approves_a_large_order(client, store):
    store.shop.client.order_approval_threshold = D("50")
    store.shop.client.save()
    order = store.order((store.product(price="100.00"), "1"))
    client.force_login(store.buyer)
    page = client.get(reverse("orders:order", args=[order.pk])).content.decode()
    assert "ждёт согласования" in page
    assert client.post(reverse("orders:order_approve", args=[order.pk])).status_code == 403
    client.force_login(store.client_admin)
    client.post(reverse("orders:order_approve", args=[order.pk]))
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED
    assert order.approved_by == store.client_admin


def test_the_client_admin_rejects_with_a_reason(client, store):
    store.shop.client.order_approval_threshold = D("50")
    store.shop.client.save()
    order = store.order((store.product(price="100.00"), "1"))
    client.force_login(store.client_admin)
    client.post(reverse("orders:order_reject", args=[order.pk]), {"reason": "Дорого"})
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert "Дорого" in order.cancel_reason


def test_the_manager_sees_the_queue_and_verifies(client, store):
    order = store.order((store.product(), "1"))
    client.force_login(store.manager)
    queue = client.get(reverse("orders:staff_orders")).content.decode()
    assert order.number in queue
    client.post(reverse("orders:order_verify", args=[order.pk]))
    order.refresh_from_db()
    assert order.status == OrderStatus.VERIFIED
    client.get(reverse("orders:order", args=[order.pk]))  # shows the message once
    assert order.number not in client.get(reverse("orders:staff_orders")).content.decode()


def test_another_manager_neither_sees_nor_verifies(client, store):
    order = store.order((store.product(), "1"))
    client.force_login(StaffFactory())
    assert order.number not in client.get(reverse("orders:staff_orders")).content.decode()
    assert client.post(reverse("orders:order_verify", args=[order.pk])).status_code == 404


def test_the_buyer_cannot_verify(client, store):
    order = store.order((store.product(), "1"))
    client.force_login(store.buyer)
    assert client.post(reverse("orders:order_verify", args=[order.pk])).status_code == 403


def test_the_order_list_shows_the_clients_orders(client, store):
    order = store.order((store.product(), "1"))
    client.force_login(store.buyer)
    page = client.get(reverse("orders:orders")).content.decode()
    assert order.number in page


def test_an_individual_customer_pays_from_the_order_page(client, store):
    store.shop.client.kind = "individual"
    store.shop.client.save()
    order = store.order((store.product(price="100.00"), "2"))
    client.force_login(store.buyer)
    page = client.get(reverse("orders:order", args=[order.pk])).content.decode()
    assert "Оплатить онлайн 180,00" in page
    answer = client.post(reverse("payments:start", args=[order.pk]), {"method": "sbp"})
    assert answer.status_code == 302


def test_a_company_order_is_paid_online_by_its_buyer_not_by_staff(client, store):
    order = store.order((store.product(price="100.00"), "1"))
    client.force_login(store.buyer)
    page = client.get(reverse("orders:order", args=[order.pk])).content.decode()
    assert "Оплатить онлайн 90,00" in page
    client.force_login(store.shop.client.manager)
    page = client.get(reverse("orders:order", args=[order.pk])).content.decode()
    assert "Оплатить онлайн" not in page
    assert "Осталось оплатить" not in page


def test_the_history_finds_by_article_and_date_and_says_what_is_wrong(client, store):
    bolt = store.product(article="ЗУБР-77")
    wanted = store.order((bolt, "1"))
    other = store.order((store.product(), "1"))
    client.force_login(store.buyer)
    page = client.get(reverse("orders:orders"), {"q": "зубр-77"}).content.decode()
    assert wanted.number in page
    assert other.number not in page
    page = client.get(reverse("orders:orders"), {"date_from": "32.13.2026"}).content.decode()
    assert "alert-danger" in page


def test_the_history_exports_to_excel(client, store):
    from io import BytesIO

    from openpyxl import load_workbook

    order = store.order((store.product(), "1"))
    client.force_login(store.buyer)
    answer = client.get(reverse("orders:orders_export"))
    book = load_workbook(BytesIO(b"".join(answer.streaming_content)))
    assert order.number in [row[0] for row in book.active.iter_rows(values_only=True)]
    refused = client.get(reverse("orders:orders_export"), {"amount_min": "abc"})
    assert refused.status_code == 302


def test_the_manager_finds_any_order_of_their_clients(client, store):
    order = store.order((store.product(), "1"))
    order_verify_url = reverse("orders:order_verify", args=[order.pk])
    client.force_login(store.manager)
    client.post(order_verify_url)
    queue = client.get(reverse("orders:staff_orders")).content.decode()
    assert "ждут проверки" in queue
    found = client.get(reverse("orders:staff_orders"), {"status": "verified"}).content.decode()
    assert order.number in found


def test_the_queue_starts_with_the_order_waiting_longest_across_pages(client, store):
    from datetime import timedelta

    from django.utils import timezone

    from okno.orders.models import Order

    bolt = store.product(kazan="500")
    orders = [store.order((bolt, "1")) for _ in range(3)]
    now = timezone.now()
    for age, order in zip((1, 3, 2), orders, strict=True):
        Order.objects.filter(pk=order.pk).update(submitted_at=now - timedelta(days=age))
    client.force_login(store.manager)
    page = client.get(reverse("orders:staff_orders")).content.decode()
    positions = [page.index(order.number) for order in (orders[1], orders[2], orders[0])]
    assert positions == sorted(positions)
