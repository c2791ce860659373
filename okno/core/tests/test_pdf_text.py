"""The tests' PDF reader: a PDF made here reads back as its text, and without pdftotext the
test using it fails saying what to install, never passes or skips."""

import pytest
from weasyprint import HTML

from okno.core.testing import pdf
from okno.finance.invoice.pdf import offline_fetcher


def _pdf(html: str) -> bytes:
    return HTML(string=html, url_fetcher=offline_fetcher()).write_pdf()


def test_a_pdf_reads_back_as_its_lines_and_pages():
    data = _pdf(
        "<p>Счет   на оплату</p><p>Итого:&nbsp;1&nbsp;000,00</p>"
        '<p style="page-break-before: always">Вторая страница</p>'
    )
    assert pdf.pdf_text(data).splitlines() == [
        "Счет на оплату",
        "Итого: 1 000,00",
        "Вторая страница",
    ]
    assert pdf.pdf_pages(data) == 2


def test_without_pdftotext_the_test_fails_naming_the_package(monkeypatch):
    monkeypatch.setattr(pdf, "PDFTOTEXT", "pdftotext-not-installed")
    with pytest.raises(AssertionError, match="install Debian's poppler-utils"):
        pdf.pdf_text(b"%PDF-1.7")


def test_what_is_not_a_pdf_fails_the_test():
    with pytest.raises(AssertionError, match="pdftotext could not read the PDF"):
        pdf.pdf_text(b"not a pdf at all")
