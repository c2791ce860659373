"""The payment QR code's text by ГОСТ Р 56042-2014, and its image."""

import base64
import datetime as dt
from decimal import Decimal

from okno.finance.invoice.qr import Payee, payment_payload, payment_purpose, qr_png, qr_svg_data_uri
from okno.finance.invoice.vat import invoice_totals

D = Decimal
PAYEE = Payee(
    name="ООО «Окно»",
    inn="7705128404",
    kpp="770501001",
    bank_name="ПАО Сбербанк",
    bik="044525225",
    corr_account="30101810400000000225",
    account="40702810338000098765",
)
DAY = dt.date(2026, 12, 5)


def test_payload_is_exactly_as_the_standard_lays_it_out():
    totals = invoice_totals([(D("1234.50"), "22")], vat_included=True)
    purpose = payment_purpose(number="ОК-000123", date=DAY, totals=totals)
    assert payment_payload(payee=PAYEE, amount=totals.due, purpose=purpose) == (
        "ST00012|Name=ООО «Окно»|PersonalAcc=40702810338000098765|BankName=ПАО Сбербанк"
        "|BIC=044525225|CorrespAcc=30101810400000000225|PayeeINN=7705128404|KPP=770501001"
        "|Sum=123450|Purpose=Оплата по счету № ОК-000123 от 05.12.2026, в т.ч. НДС (22 %) "
        "222.61 руб."
    )


def test_purpose_names_every_rate_or_says_there_is_no_vat():
    mixed = invoice_totals([(D("100.00"), "22"), (D("110.00"), "10")], vat_included=True)
    assert payment_purpose(number="7", date=DAY, totals=mixed) == (
        "Оплата по счету № 7 от 05.12.2026, в т.ч. НДС (22 %) 18.03 руб., НДС (10 %) 10.00 руб."
    )
    on_top = invoice_totals([(D("100.00"), "22")], vat_included=False)
    assert payment_purpose(number="7", date=DAY, totals=on_top) == (
        "Оплата по счету № 7 от 05.12.2026, НДС (22 %) 22.00 руб."
    )
    none = invoice_totals([(D("100.00"), "none")], vat_included=True)
    assert payment_purpose(number="7", date=DAY, totals=none) == (
        "Оплата по счету № 7 от 05.12.2026, без налога (НДС)"
    )


def test_separators_and_line_breaks_never_reach_a_value_and_lengths_are_capped():
    payee = Payee(
        name="ООО «Окно | Север»",
        inn="771234567890",
        kpp="",
        bank_name="Очень длинное название банка\nс переносом строки и ещё словами",
        bik="044525225",
        corr_account="30101810400000000225",
        account="40702810338000098765",
    )
    payload = payment_payload(payee=payee, amount=D("0.01"), purpose="A|B")
    assert payload == (
        "ST00012|Name=ООО «Окно Север»|PersonalAcc=40702810338000098765"
        "|BankName=Очень длинное название банка с переносом стро"
        "|BIC=044525225|CorrespAcc=30101810400000000225|PayeeINN=771234567890"
        "|Sum=1|Purpose=A B"
    )
    assert len("Очень длинное название банка с переносом стро") == 45


def test_images_are_an_svg_data_uri_and_a_png():
    payload = "ST00012|Name=ООО «Окно»|Sum=100"
    uri = qr_svg_data_uri(payload)
    assert uri.startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(uri.split(",", 1)[1]).decode()
    assert "<svg" in svg
    assert "<path" in svg
    assert qr_png(payload).startswith(b"\x89PNG\r\n\x1a\n")
