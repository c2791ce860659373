"""The act as a PDF: the page the screen shows, laid out on A4 by WeasyPrint, offline
(the invoice's fetcher: `data:` URIs only)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from okno.finance.invoice.pdf import offline_fetcher
from okno.finance.reconciliation.act import ReconciliationAct

CONTENT_TYPE = "application/pdf"


def act_html(act: ReconciliationAct) -> str:
    """The page the PDF is made of; in Russian, as a document both sides sign is."""
    with translation.override("ru"):
        return render_to_string("finance/reconciliation/print.html", {"act": act})


def act_pdf(act: ReconciliationAct) -> bytes:
    # Imported here: WeasyPrint parses its stylesheets on import, which no other page needs.
    from weasyprint import HTML

    return HTML(string=act_html(act), url_fetcher=offline_fetcher()).write_pdf()
