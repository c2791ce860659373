"""The PDF writer for long tables: what it prints reads back as the same text, page by page,
in an embedded subset of the face, and text is broken into lines that fit."""

import pytest

from okno.core.pdf import fonts
from okno.core.pdf.document import PdfDocument
from okno.core.pdf.text import wrap
from okno.core.testing.pdf import pdf_pages, pdf_text


def _document(*pages: list[str]) -> bytes:
    regular, bold = fonts.faces()
    document = PdfDocument(title="Акт сверки")
    for lines in pages:
        page = document.new_page()
        for number, line in enumerate(lines):
            page.text(40, 60 + 14 * number, line, bold if number == 0 else regular, 10)
            page.line(40, 63 + 14 * number, 500, 63 + 14 * number)
    return document.write()


def test_what_is_printed_reads_back_page_by_page():
    data = _document(
        ["Акт сверки взаимных расчетов", "Реализация № УТ-75 от 05.12.2026 «Окно»"],
        ["Сальдо конечное 1\xa0234,56"],
    )
    assert data.startswith(b"%PDF-1.7")
    assert data.rstrip().endswith(b"%%EOF")
    assert pdf_pages(data) == 2
    assert pdf_text(data).splitlines() == [
        "Акт сверки взаимных расчетов",
        "Реализация № УТ-75 от 05.12.2026 «Окно»",
        "Сальдо конечное 1 234,56",
    ]


def test_the_face_is_embedded_as_a_subset_of_the_glyphs_used():
    regular, _ = fonts.faces()
    data = _document(["Итого"])
    whole = regular.path.stat().st_size
    assert len(data) < whole / 4
    assert b"/FontFile2" in data
    assert b"/ToUnicode" in data


def test_a_character_the_face_lacks_does_not_lose_the_rest_of_the_line():
    data = _document(["Заказ 火 принят"])
    assert "Заказ" in pdf_text(data)
    assert "принят" in pdf_text(data)


def test_lines_fit_their_width_and_keep_every_word_in_order():
    regular, _ = fonts.faces()
    text = "Реализация № УТ-000123 от 05.12.2026, договор № ОПТ-0001 от 15.01.2020"
    lines = wrap(text, regular, 8, 100)
    assert len(lines) > 1
    assert all(regular.width(line, 8) <= 100 for line in lines)
    assert " ".join(lines).split() == text.split()


def test_a_word_too_long_for_a_line_is_broken_inside():
    regular, _ = fonts.faces()
    word = "ИНН7701000011КПП770101001Счет40702810900000000001"
    lines = wrap(f"Получатель {word}", regular, 8, 60)
    assert "".join(lines[1:]) == word
    assert all(regular.width(line, 8) <= 60 for line in lines)


def test_short_text_stays_on_one_line():
    regular, _ = fonts.faces()
    assert wrap("Оплата № 7", regular, 8, 100) == ["Оплата № 7"]


def test_without_the_fonts_the_error_names_the_packages(monkeypatch):
    monkeypatch.setattr(fonts, "FONT_DIRS", ())
    fonts.faces.cache_clear()
    try:
        with pytest.raises(fonts.FontMissing, match="fonts-dejavu"):
            fonts.faces()
    finally:
        fonts.faces.cache_clear()


def test_lines_under_one_another_read_back_in_order():
    regular, _ = fonts.faces()
    document = PdfDocument(title="Акт")
    document.new_page().text_lines(40, 60, ["Реализация № УТ-7 от", "05.12.2026"], regular, 8, 10)
    assert pdf_text(document.write()).splitlines() == ["Реализация № УТ-7 от", "05.12.2026"]
