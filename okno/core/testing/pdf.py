"""The text of a PDF as a reader sees it, for tests of the documents the portal renders.

Poppler's `pdftotext` reads the file the way a viewer lays it out, so a test checks what
is printed on the page, not the HTML the PDF was made from. Without it the test fails and
says which package to install: a document test that skips would prove nothing."""

from __future__ import annotations

import shutil
import subprocess

PDFTOTEXT = "pdftotext"


def pdf_text(data: bytes) -> str:
    """The PDF's text in reading order, pages joined, each line's runs of spaces and
    non-breaking spaces as one space."""
    text = _pdftotext(data).replace("\xa0", " ").replace("\f", "\n")
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def pdf_pages(data: bytes) -> int:
    """How many pages the PDF has: pdftotext ends each page with a form feed."""
    return _pdftotext(data).count("\f")


def pdf_page_texts(data: bytes) -> list[str]:
    """Each page's text, its lines' runs of spaces as one space."""
    pages = _pdftotext(data).replace("\xa0", " ").split("\f")[:-1]
    return [" ".join(page.split()) for page in pages]


def _pdftotext(data: bytes) -> str:
    program = shutil.which(PDFTOTEXT)
    if program is None:
        raise AssertionError(
            "pdftotext is not installed: install Debian's poppler-utils to read PDFs in tests"
        )
    completed = subprocess.run(
        [program, "-layout", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert completed.returncode == 0, f"pdftotext could not read the PDF: {completed.stderr!r}"
    return completed.stdout.decode("utf-8")
