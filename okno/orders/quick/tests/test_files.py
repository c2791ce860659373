import io
import zipfile

import pytest
from openpyxl import Workbook

from okno.core.errors import InvalidInput
from okno.orders.quick.files import read_file

ORDER = "Артикул;Кол-во\nБолт-М8;10\nГайка «М8»;5,5\n"


def _read(data: bytes, name: str = "заказ.csv"):
    return [(line.article, line.quantity) for line in read_file(name, data).lines[1:]]


@pytest.mark.parametrize(
    "data",
    [
        ORDER.encode("utf-8"),
        b"\xef\xbb\xbf" + ORDER.encode("utf-8"),
        ORDER.encode("cp1251"),
        # Excel's «Unicode text»: UTF-16 with a BOM, tab-separated.
        ORDER.replace(";", "\t").encode("utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "windows-1251", "utf-16"],
)
def test_text_files_in_every_encoding_read_the_same(data):
    assert _read(data) == [("Болт-М8", "10"), ("Гайка «М8»", "5,5")]


def test_a_binary_file_is_refused_by_name():
    garbage = bytes(range(256)) * 20
    with pytest.raises(InvalidInput) as refused:
        read_file("фото.jpg", garbage)
    assert "фото.jpg" in refused.value.message
    assert refused.value.field == "file"


def test_bytes_that_are_not_utf8_nor_russian_text_are_refused():
    # Not UTF-8, and as Windows-1251 mostly symbols and rare letters, not Russian words.
    with pytest.raises(InvalidInput):
        read_file("order.csv", b"A;1\n" + bytes(range(0x80, 0xC0)) * 10)


def test_an_old_xls_and_a_zip_that_is_not_xlsx_are_refused():
    with pytest.raises(InvalidInput) as old:
        read_file("заказ.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert "XLS" in old.value.message
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("readme.txt", "hello")
    with pytest.raises(InvalidInput) as broken:
        read_file("архив.xlsx", archive.getvalue())
    assert "архив.xlsx" in broken.value.message


def test_a_file_over_the_limit_is_refused(settings):
    settings.OKNO_QUICK_ORDER_MAX_FILE_MB = 1
    with pytest.raises(InvalidInput) as refused:
        read_file("big.csv", b"A;1\n" * 300_000)
    assert refused.value.code == "too_large"


def _xlsx(rows, cached: dict[str, str] | None = None) -> bytes:
    """A workbook of `rows`; `cached` gives formula cells the value Excel would have saved."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    if not cached:
        return out.getvalue()
    patched = io.BytesIO()
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                for formula, value in cached.items():
                    content = content.replace(
                        f"<f>{formula}</f><v></v>".encode(),
                        f"<f>{formula}</f><v>{value}</v>".encode(),
                    )
            target.writestr(item, content)
    return patched.getvalue()


def test_xlsx_numbers_read_as_people_typed_them():
    data = _xlsx(
        [
            ("Артикул", "Количество", "Ед"),
            (12345.0, 10.0, "шт"),
            (4600000000017, 0.1 + 0.2, None),
            ("АБ-12", 2.5, "уп"),
        ]
    )
    lines = read_file("заказ.xlsx", data).lines
    assert lines[0].is_header
    assert [(line.article, line.quantity, line.unit) for line in lines[1:]] == [
        ("12345", "10", "шт"),
        ("4600000000017", "0.3", ""),
        ("АБ-12", "2.5", "уп"),
    ]


def test_xlsx_formulas_use_the_saved_value_and_one_without_is_a_line_error():
    data = _xlsx([("АБ-12", "=2*5"), (None, None), ("АБ-13", "=3*5")], cached={"2*5": "10"})
    paste = read_file("заказ.xlsx", data)
    first, second = paste.lines
    assert (first.article, first.quantity, first.error) == ("АБ-12", "10", "")
    assert second.line == 3
    assert "формула без значения" in second.error
    assert "=3*5" in second.raw
    assert paste.empty_lines == 1
