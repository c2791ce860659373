"""The settlements pages through HTTP: the finance overview, the document archive, a
document, its files and a ZIP; who may open them."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from okno.clients.tests.factories import MembershipFactory
from okno.core.money import format_money
from okno.core.roles import ClientRole
from okno.core.testing.queries import assert_queries_flat
from okno.finance.tests.factories import document_post, file_attach

pytestmark = pytest.mark.django_db
D = Decimal


def _days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


@pytest.fixture
def ledger(contract):
    """Client A: an opening balance, an overdue shipment with an УПД, a payment."""
    document_post(contract, "opening", "10000", date=_days_ago(200), number="НО-1")
    shipment = document_post(contract, "shipment", "50000", date=_days_ago(75), number="УТ-75")
    file_attach(shipment, name="УПД УТ-75.pdf", edo_status="signed")
    file_attach(shipment, name="УПД УТ-75.xml", edo_status="signed")
    document_post(contract, "payment", "20000", date=_days_ago(10), number="ПП-10")
    return shipment


def _login(client, user):
    client.force_login(user)
    return client


def test_the_overview_shows_balance_overdue_by_age_credit_and_a_chart(world, client, ledger):
    text = _login(client, world.a_admin).get(reverse("finance:overview")).content.decode()
    # 10 000 + 50 000 - 20 000; the payment settles the opening balance and 10 000 of the
    # shipment, 45 days overdue (30 days to pay).
    assert f'data-total="balance">{format_money(40000)}' in text
    assert f'data-total="overdue">{format_money(40000)}' in text
    assert format_money(100000) in text  # the credit limit
    assert format_money(60000) in text  # credit left
    assert "<polyline points=" in text
    assert "УТ-75" in text
    assert reverse("finance:overview") in text  # the navigation's «Финансы»


def test_an_accountant_sees_the_finances_and_a_buyer_only_if_allowed(world, client, ledger):
    accountant = MembershipFactory(client=world.client_a, role=ClientRole.ACCOUNTANT).user
    assert _login(client, accountant).get(reverse("finance:overview")).status_code == 200
    buyer = _login(client, world.a_buyer)
    assert buyer.get(reverse("finance:overview")).status_code == 403
    assert buyer.get(reverse("finance:document", args=[ledger.pk])).status_code == 403
    assert "Финансы" not in buyer.get(reverse("clients:cabinet")).content.decode()
    membership = world.a_buyer.membership
    membership.may_view_finance = True
    membership.save()
    assert buyer.get(reverse("finance:overview")).status_code == 200


def test_the_archive_filters_by_kind_period_and_number(world, client, ledger):
    page = _login(client, world.a_admin)
    url = reverse("finance:documents")
    text = page.get(url, {"kind": "shipment"}).content.decode()
    assert "УТ-75" in text
    assert "ПП-10" not in text
    text = page.get(url, {"q": "пп-"}).content.decode()
    assert "ПП-10" in text
    assert "УТ-75" not in text
    text = page.get(url, {"date_from": _days_ago(20).isoformat()}).content.decode()
    assert "ПП-10" in text
    assert "НО-1" not in text
    text = page.get(url, {"date_from": "вчера"}).content.decode()
    assert "Дата в виде дд.мм.гггг." in text


def test_the_archive_pages(world, client, contract):
    for number in range(53):
        document_post(contract, "payment", "1", number=f"ПП-{number:03}", date=_days_ago(number))
    page = _login(client, world.a_admin)
    first = page.get(reverse("finance:documents")).content.decode()
    assert "ПП-000" in first
    assert "ПП-052" not in first
    assert "1 из 2" in first
    second = page.get(reverse("finance:documents"), {"page": 2}).content.decode()
    assert "ПП-052" in second


def test_a_document_shows_its_files_with_their_edo_status(world, client, ledger):
    text = _login(client, world.a_admin).get(reverse("finance:document", args=[ledger.pk]))
    text = text.content.decode()
    assert "УПД УТ-75.pdf" in text
    assert "Подписан" in text


def test_a_file_is_downloaded(world, client, ledger):
    document_file = ledger.files.get(name="УПД УТ-75.pdf")
    response = _login(client, world.a_admin).get(reverse("finance:file", args=[document_file.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 " + "УПД УТ-75.pdf".encode()
    assert "attachment" in response["Content-Disposition"]


def test_a_zip_holds_the_chosen_documents_files_and_only_visible_ones(world, client, ledger):
    other = document_post(world.contract_a1, "shipment", "5", number="УТ-2")
    file_attach(other, name="ТОРГ-12.pdf")
    url = reverse("finance:documents_zip")
    page = _login(client, world.a_admin)
    response = page.get(url, {"id": [ledger.pk, other.pk]})
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    folder = f"{ledger.date:%Y-%m-%d} УТ-75"
    assert sorted(archive.namelist()) == sorted(
        [
            f"{folder}/УПД УТ-75.pdf",
            f"{folder}/УПД УТ-75.xml",
            f"{other.date:%Y-%m-%d} УТ-2/ТОРГ-12.pdf",
        ]
    )
    intruder = _login(client, world.b_admin).get(url, {"id": [ledger.pk]})
    assert zipfile.ZipFile(io.BytesIO(b"".join(intruder.streaming_content))).namelist() == []


def test_staff_see_a_clients_finances(world, client, ledger):
    page = _login(client, world.manager_a)
    text = page.get(reverse("finance:staff_overview", args=[world.client_a.pk])).content.decode()
    assert f'data-total="balance">{format_money(40000)}' in text
    text = page.get(reverse("finance:staff_documents", args=[world.client_a.pk])).content
    assert "УТ-75" in text.decode()
    card = page.get(reverse("clients:card", args=[world.client_a.pk])).content.decode()
    assert reverse("finance:staff_overview", args=[world.client_a.pk]) in card


def test_the_archive_takes_as_many_queries_for_many_documents(
    world, client, contract, django_assert_max_num_queries
):
    page = _login(client, world.a_admin)

    def grow(count):
        for _ in range(count):
            document = document_post(contract, "shipment", "10")
            file_attach(document, edo_status="sent")

    grow(2)
    assert_queries_flat(
        lambda: page.get(reverse("finance:documents")),
        grow=lambda: grow(5),
        ceiling=14,
        assert_max_num_queries=django_assert_max_num_queries,
    )
    assert_queries_flat(
        lambda: page.get(reverse("finance:overview")),
        grow=lambda: grow(5),
        ceiling=16,
        assert_max_num_queries=django_assert_max_num_queries,
    )
