"""The invoice and the reconciliation act as PDFs, read back as text the way a viewer lays
them out (poppler's pdftotext): what is printed on the page, not the HTML behind it — the
totals, the VAT lines per rate, the amount in words, and the act's sums against the ledger."""

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from okno.clients.tests.factories import MembershipFactory
from okno.core.money import format_money
from okno.core.roles import ClientRole
from okno.core.testing.pdf import pdf_page_texts, pdf_pages, pdf_text
from okno.finance.models import DocumentKind, LedgerEntry
from okno.finance.tests.factories import document_post
from okno.finance.tests.invoice_helpers import invoiced_order
from okno.finance.tests.reconciliation_helpers import END, START, hand_made_ledger

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def accountant(world):
    """Client A's accountant: sees the finances of both its legal entities."""
    return MembershipFactory(
        client=world.client_a,
        role=ClientRole.ACCOUNTANT,
        legal_entities=[world.entity_a1, world.entity_a2],
    ).user


def _invoice_pdf(client, order) -> bytes:
    response = client.get(reverse("finance:order_invoice_file", args=[order.pk, "pdf"]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    return response.content


def _in_order(text: str, lines: list[str]) -> None:
    """Each of `lines` is a whole line of `text`, in this order."""
    printed = text.splitlines()
    position = 0
    for line in lines:
        assert line in printed[position:], f"«{line}» missing or out of order in:\n{text}"
        position = printed.index(line, position) + 1


def test_the_invoice_prints_its_totals_and_vat_per_rate(world, client, accountant):
    order = invoiced_order(world)  # 3 000,00 at 22 %, 370,35 at 10 %, 1 249,88 without VAT
    client.force_login(accountant)
    first, second, third = order.lines.order_by("position")
    data = _invoice_pdf(client, order)
    assert pdf_pages(data) == 1
    _in_order(
        pdf_text(data),
        [
            "Счет на оплату № ОК-000123 от 5 декабря 2026 г.",
            f"1 {first.article} {first.name} 2 шт 1 500,00 3 000,00",
            f"2 {second.article} {second.name} 3 шт 123,45 370,35",
            f"3 {third.article} {third.name} 12,5 шт 99,99 1 249,88",
            "Итого: 4 620,23",
            "В том числе НДС (22 %): 540,98",
            "В том числе НДС (10 %): 33,67",
            "Всего к оплате: 4 620,23",
            "Всего наименований 3, на сумму 4 620,23 руб.",
            "Четыре тысячи шестьсот двадцать рублей 23 копейки",
        ],
    )


def test_vat_on_top_of_the_prices_is_added_to_the_total(world, client, accountant):
    order = invoiced_order(
        world, [("1000.00", "1", "22"), ("100.00", "1", "10")], vat_included=False
    )
    client.force_login(accountant)
    _in_order(
        pdf_text(_invoice_pdf(client, order)),
        [
            "Итого: 1 100,00",
            "НДС (22 %): 220,00",
            "НДС (10 %): 10,00",
            "Всего к оплате: 1 330,00",
            "Одна тысяча триста тридцать рублей 00 копеек",
        ],
    )


@pytest.mark.parametrize(
    ("amount", "printed", "words"),
    [
        ("1.00", "1,00", "Один рубль 00 копеек"),
        ("21.21", "21,21", "Двадцать один рубль 21 копейка"),
        ("41000.00", "41 000,00", "Сорок одна тысяча рублей 00 копеек"),
        ("1000000.05", "1 000 000,05", "Один миллион рублей 05 копеек"),
    ],
)
def test_the_amount_in_words(world, client, accountant, amount, printed, words):
    order = invoiced_order(world, [(amount, "1", "22")])
    client.force_login(accountant)
    text = pdf_text(_invoice_pdf(client, order))
    _in_order(
        text,
        [
            f"Всего к оплате: {printed}",
            f"Всего наименований 1, на сумму {printed} руб.",
            words,
        ],
    )


def _ledger_sum(contract, **lookup) -> Decimal:
    total = LedgerEntry.objects.filter(contract=contract, **lookup).aggregate(s=Sum("amount"))
    return total["s"] or D("0")


def _printed(amount: Decimal) -> str:
    """The amount as the documents print it: `47 600,00`, spaces plain as pdftotext reads."""
    return format_money(amount, "").replace("\xa0", " ")


def test_the_act_pdf_prints_the_ledgers_sums(world, client, accountant):
    ledger = hand_made_ledger(world)
    contract = ledger.contract
    opening = _ledger_sum(contract, date__lt=START)
    closing = _ledger_sum(contract, date__lte=END)
    # Each document of the period is one line: its effect in the period, debit or credit.
    effects = (
        LedgerEntry.objects.filter(contract=contract, date__gte=START, date__lte=END)
        .values("document")
        .annotate(s=Sum("amount"))
        .values_list("s", flat=True)
    )
    debit = sum((effect for effect in effects if effect > 0), D("0"))
    credit = -sum((effect for effect in effects if effect < 0), D("0"))
    assert opening + debit - credit == closing
    client.force_login(accountant)
    response = client.get(
        reverse("finance:reconciliation"),
        {
            "legal_entity": world.entity_a1.pk,
            "contract": contract.pk,
            "date_from": START.isoformat(),
            "date_to": END.isoformat(),
            "format": "pdf",
        },
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert pdf_pages(response.content) >= 1
    text = pdf_text(response.content)
    money = {
        "opening": _printed(opening),
        "debit": _printed(debit),
        "credit": _printed(credit),
        "closing": _printed(closing),
    }
    _in_order(
        text,
        [
            "Акт сверки",
            f"Сальдо начальное {money['opening']}",
            f"Обороты за период {money['debit']} {money['credit']}",
            f"Сальдо конечное {money['closing']}",
            f"задолженность в пользу ООО «Окно» составляет {money['closing']}",
        ],
    )
    lines = [effect for effect in effects if effect]
    assert len(lines) == 7  # УТ-102, deleted in 1C, has no effect and no line
    for effect in lines:
        assert _printed(abs(effect)) in text


def test_a_long_act_goes_over_pages_with_its_header_on_each(world, client, accountant):
    hand_made_ledger(world)
    numbers = [f"УТ-{number:04d}" for number in range(1, 121)]
    for number in numbers:
        document_post(world.contract_a1, DocumentKind.SHIPMENT, "100.50", date=START, number=number)
    client.force_login(accountant)
    query = {
        "legal_entity_id": world.entity_a1.pk,
        "date_from": START.isoformat(),
        "date_to": END.isoformat(),
        "format": "pdf",
    }
    response = client.get("/api/v1/finance/reconciliation", query)
    assert response.status_code == 200
    pages = pdf_page_texts(response.content)
    assert len(pages) >= 3
    header = "Дата Документ Дебет Кредит Дата Документ Дебет Кредит"
    assert len([page for page in pages if "Реализация" in page]) >= 3
    for number, page in enumerate(pages, start=1):
        assert "Реализация" not in page or header in page
        # pdftotext reads the small print of the page's number without its spaces
        assert page.endswith(f"{number}/{len(pages)}")
    text = pdf_text(response.content)
    for number in numbers:  # an act of all contracts names each document's contract
        assert f"Реализация № {number} от" in text
    assert text.count(", договор") >= len(numbers)
    assert "Сальдо конечное" in text
    assert "расшифровка подписи" in pages[-1]
