"""The invoice as a file to download, the same for the pages and the API."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from okno.finance.invoice import pdf, xlsx
from okno.finance.invoice.document import Invoice

FILE_FORMATS = {
    "pdf": (pdf.invoice_pdf, pdf.CONTENT_TYPE),
    "xlsx": (xlsx.invoice_xlsx, xlsx.CONTENT_TYPE),
}


def invoice_file_response(invoice: Invoice, file_format: str) -> HttpResponse:
    """The file as an attachment named «Счет_на_оплату_N.pdf» (RFC 5987 for the Cyrillic)."""
    make, content_type = FILE_FORMATS[file_format]
    response = HttpResponse(make(invoice), content_type=content_type)
    filename = f"{invoice.filename_stem}.{file_format}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
