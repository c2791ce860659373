"""The invoice as a PDF: the same HTML the screen shows, laid out on A4 by WeasyPrint.

Nothing is fetched while rendering: the QR code is a data URI and the styles are inline,
and the fetcher refuses every other scheme (http, https, file), so a stray link in a
template can neither reach the network nor read the server's files.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from okno.finance.invoice.document import Invoice

CONTENT_TYPE = "application/pdf"


def offline_fetcher():
    """A fetcher that serves `data:` URIs only."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


def invoice_html(invoice: Invoice) -> str:
    """The page the PDF is made of; in Russian, as a payment document is."""
    with translation.override("ru"):
        return render_to_string("finance/invoice_print.html", {"invoice": invoice})


def invoice_pdf(invoice: Invoice) -> bytes:
    # Imported here: WeasyPrint parses its stylesheets on import, which no other page needs.
    from weasyprint import HTML

    document = HTML(string=invoice_html(invoice), url_fetcher=offline_fetcher())
    return document.write_pdf()
