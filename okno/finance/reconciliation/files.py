"""The act as a file to download, the same for the pages and the API."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from okno.finance.reconciliation import pdf, xlsx
from okno.finance.reconciliation.act import ReconciliationAct

FILE_FORMATS = {
    "pdf": (pdf.act_pdf, pdf.CONTENT_TYPE),
    "xlsx": (xlsx.act_xlsx, xlsx.CONTENT_TYPE),
}


def act_file_response(act: ReconciliationAct, file_format: str) -> HttpResponse:
    """The file as an attachment named «Акт_сверки_01.10.2026-24.11.2026.pdf»."""
    make, content_type = FILE_FORMATS[file_format]
    response = HttpResponse(make(act), content_type=content_type)
    filename = f"{act.filename_stem}.{file_format}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
