"""Offers read straight from their bytes (plain.py) make the very records lxml makes of
them, at the same places and with the same digests; an offer written any other way is left
to lxml, which reads it, or says what is wrong with it, as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from okno.exchange.cml import offers, unchanged
from okno.exchange.cml.plain import offer_plain
from okno.exchange.cml.reader import records_read
from okno.exchange.cml.records import CmlError, OfferRecord
from okno.exchange.generate import CatalogSpec, cml_files_write
from okno.exchange.tests.generated_files import offers_write
from okno.exchange.tests.importing import LONG_LISTS

SAMPLES = Path(__file__).parent / "cml"
GUID = "00000002-0000-4000-8000-{:012x}"


def _nothing(*_args: object) -> bool:
    return False


def _read(path: Path) -> tuple[list, str]:
    """The file's records and its error, if any, its offers to be read (none held)."""
    records: list = []
    with path.open("rb") as source:
        try:
            records.extend(records_read(source, name=path.name, offers_known=_nothing))
        except CmlError as error:
            return records, str(error)
    return records, ""


@pytest.fixture
def plainly(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the offers read from their bytes."""
    ids: list[str] = []
    made = offers.offer_of_plain

    def record(left_out, position):
        ids.append(left_out.external_id)
        return made(left_out, position)

    monkeypatch.setattr(offers, "offer_of_plain", record)
    return ids


def _assert_read_as_lxml_reads(path: Path, monkeypatch: pytest.MonkeyPatch) -> list:
    """Reads the file twice, from the bytes where it can and then by lxml alone, and checks
    that both give the same records, or fail alike."""
    plain, plain_error = _read(path)
    with monkeypatch.context() as patch:
        patch.setattr(unchanged, "offer_plain", lambda span, encoding: None)
        parsed, parsed_error = _read(path)
    assert plain == parsed
    assert plain_error == parsed_error
    return [record for record in plain if isinstance(record, OfferRecord)]


def test_generated_offers_are_read_from_their_bytes_as_lxml_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plainly: list[str]
) -> None:
    path = offers_write(tmp_path / "offers.xml", offers=400, prices=3, stocks=2)
    read = _assert_read_as_lxml_reads(path, monkeypatch)
    # All but those lxml read before it met the list, and one in each run handed to it.
    assert len(set(plainly)) > 300
    record = read[-1]
    assert record.name == "Товар номер 399"
    assert [(p.price_type_id, str(p.price), p.unit) for p in record.prices] == [
        ("00000003-0000-4000-8000-000000000000", "100.50", "шт"),
        ("00000003-0000-4000-8000-000000000001", "101.50", "шт"),
        ("00000003-0000-4000-8000-000000000002", "102.50", "шт"),
    ]
    assert [(s.warehouse_id[-1], s.quantity) for s in record.stocks] == [("0", 0), ("1", 1)]
    assert record.position.line > 2_000
    assert record.position.path.endswith("/Предложения/Предложение[400]")


@pytest.mark.parametrize("shape", ["2.07", "package"])
def test_files_of_both_shapes_are_read_from_their_bytes_as_lxml_reads_them(
    shape: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plainly: list[str]
) -> None:
    spec = CatalogSpec(
        products=300,
        groups=5,
        properties=3,
        price_types=4,
        warehouses=3,
        characteristics=0.2,
        version="2.07" if shape == "2.07" else "2.09",
    )
    files = cml_files_write(spec=spec, folder=tmp_path)
    offer_files = [f.path for f in files if f.offers]
    for path in offer_files:
        plainly.clear()
        read = _assert_read_as_lxml_reads(path, monkeypatch)
        assert len(plainly) > len(read) // 2, path.name


def test_every_real_file_is_read_from_its_bytes_as_lxml_reads_it(
    monkeypatch: pytest.MonkeyPatch, plainly: list[str]
) -> None:
    for path in sorted(SAMPLES.rglob("*.xml")):
        _assert_read_as_lxml_reads(path, monkeypatch)
    # Some of them are written plainly: 1C's own offers of 2.04–2.10.
    assert len(plainly) > 100


def test_offers_1c_writes_are_read_from_their_bytes(
    monkeypatch: pytest.MonkeyPatch, plainly: list[str]
) -> None:
    """1C:УТ's 2.07 offers: an empty `Артикул/`, a unit with its `Пересчет`, prices
    without a unit, a bare `Количество` beside the warehouses' stock."""
    read = _assert_read_as_lxml_reads(LONG_LISTS["offers 2.07"], monkeypatch)
    assert len(plainly) > len(read) * 0.9


def test_windows_1251_with_windows_line_ends_is_read_from_its_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plainly: list[str]
) -> None:
    text = offers_write(tmp_path / "utf8.xml", offers=200, prices=2, stocks=2).read_text(
        encoding="utf-8"
    )
    text = text.lstrip("\ufeff").replace('encoding="UTF-8"', 'encoding="windows-1251"')
    path = tmp_path / "offers.xml"
    path.write_bytes(text.replace("\n", "\r\n").encode("cp1251"))
    read = _assert_read_as_lxml_reads(path, monkeypatch)
    assert len(plainly) > 100
    assert read[-1].name == "Товар номер 199"


# (what is put in place of `before` in the 151st offer, whether lxml then fails)
NOT_PLAIN = {
    "namespace prefix": ("<Наименование>", "<c:Наименование xmlns:c='urn:x'>", True),
    "attribute of a price": ("<Цена>", '<Цена Тип="розница">', False),
    "entity in a name": ("Товар номер", "Товар &amp; номер", False),
    "character reference": ("Товар номер", "&#1058;овар номер", False),
    "undeclared entity": ("Товар номер", "&nbsp;Товар", True),
    "number with a comma": ("<ЦенаЗаЕдиницу>100.50", "<ЦенаЗаЕдиницу>1 100,50", False),
    "number with spaces": ("<ЦенаЗаЕдиницу>100.50", "<ЦенаЗаЕдиницу> 100.50", False),
    "structured unit": ("<Единица>шт</Единица>", "<Единица><Код>796</Код></Единица>", False),
    "unknown part": ("<Цены>", "<Штрихкод>4600</Штрихкод><Цены>", False),
    "repeated part": ("<Цены>", "<Наименование>Другое</Наименование><Цены>", False),
    "deletion mark": ("<Цены>", "<ПометкаУдаления>true</ПометкаУдаления><Цены>", False),
    "status deleted": ("<Предложение>", '<Предложение Статус="Удален">', False),
    "comment": ("<Цены>", "<!-- a note --><Цены>", False),
    "CDATA": ("Товар номер", "<![CDATA[Товар]]> номер", False),
    "price type missing": ("<ИдТипаЦены>", "<ИдТипаЦеныДругой>", True),
    "carriage return in a name": ("Товар номер", "Товар\rномер", False),
    "control character": ("Товар номер", "Товар\x01номер", True),
    "end of CDATA in text": ("Товар номер", "Товар ]]> номер", True),
    "end tag that does not match": ("</Наименование>", "</Наименованиe>", True),
    "attribute twice": ("<Склад ", '<Склад ИдСклада="x" ', True),
    "stock attributes in another order": (
        "<Склад ",
        '<Склад КоличествоНаСкладе="1" ИдСклада="w"/><Склад ',
        False,
    ),
}


@pytest.mark.parametrize("change", NOT_PLAIN.values(), ids=NOT_PLAIN.keys())
def test_an_offer_written_otherwise_is_left_to_lxml(
    change: tuple[str, str, bool],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    plainly: list[str],
) -> None:
    before, after, fails = change
    path = offers_write(tmp_path / "offers.xml", offers=200, prices=2, stocks=2)
    text = path.read_text(encoding="utf-8")
    start = text.index(f"\t\t\t<Предложение>\n\t\t\t\t<Ид>{GUID.format(150)}")
    at = text.index(before, start)
    path.write_text(text[:at] + after + text[at + len(before) :], encoding="utf-8")
    plainly.clear()
    read = _assert_read_as_lxml_reads(path, monkeypatch)
    assert GUID.format(150) not in plainly
    assert GUID.format(149) in plainly
    if fails:
        assert _read(path)[1]
    else:
        assert len(read) == 200


def test_an_offer_with_a_bad_byte_is_left_to_lxml_which_says_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plainly: list[str]
) -> None:
    path = offers_write(tmp_path / "offers.xml", offers=200, prices=2, stocks=2)
    data = path.read_bytes()
    at = data.index("Товар номер 150<".encode())
    path.write_bytes(data[:at] + b"\xff" + data[at + 1 :])
    error = _read(path)[1]
    assert "malformed XML" in error
    line = data.count(b"\n", 0, at) + 1
    assert error.startswith(f"offers.xml:{line}:")
    _assert_read_as_lxml_reads(path, monkeypatch)
    assert GUID.format(150) not in plainly


PLAIN_OFFER = (
    "\t\t\t<Предложение>\n"
    "\t\t\t\t<Ид>a#b</Ид>\n"
    "\t\t\t\t<НомерВерсии>AAA=</НомерВерсии>\n"
    "\t\t\t\t<ПометкаУдаления>false</ПометкаУдаления>\n"
    "\t\t\t\t<Артикул> A-1 </Артикул>\n"
    "\t\t\t\t<Наименование>Стол &gt; стул</Наименование>\n"
    '\t\t\t\t<БазоваяЕдиница Код="796" НаименованиеПолное="Штука"/>\n'
    "\t\t\t\t<ХарактеристикиТовара><ХарактеристикаТовара><Наименование>Цвет</Наименование>"
    "<Значение> Белый </Значение></ХарактеристикаТовара></ХарактеристикиТовара>\n"
    "\t\t\t\t<Цены><Цена><ИдТипаЦены>t1</ИдТипаЦены><ЦенаЗаЕдиницу>12.5</ЦенаЗаЕдиницу>"
    "<Единица>упак</Единица><Коэффициент>10</Коэффициент></Цена></Цены>\n"
    "\t\t\t\t<Количество>7</Количество>\n"
    "\t\t\t\t<Остатки><Остаток><Склад><Ид>w1</Ид><Количество>3.5</Количество></Склад>"
    "</Остаток></Остатки>\n"
    "\t\t\t</Предложение>\n"
)


def test_the_parts_of_a_plain_offer() -> None:
    # An entity means lxml; without it, every part is read.
    assert offer_plain(PLAIN_OFFER.encode(), "utf-8") is None
    plain = offer_plain(PLAIN_OFFER.replace("&gt;", ">").encode(), "utf-8")
    assert plain is not None
    assert (plain.article, plain.name, plain.version) == ("A-1", "Стол > стул", "AAA=")
    assert plain.characteristics == (("Цвет", "Белый"),)
    assert [tuple(p)[:5] for p in plain.prices] == [("t1", 12.5, "", "упак", 10)]
    assert [tuple(s) for s in plain.stocks] == [("w1", 3.5)]
    assert plain.total_quantity == 7

    unit = (
        '<БазоваяЕдиница Код="715" НаименованиеПолное="Пара (2 шт.)"><Пересчет>'
        "<Единица>715</Единица><Коэффициент>1</Коэффициент></Пересчет></БазоваяЕдиница>"
    )
    offer = f"<Предложение><Ид>a</Ид><Артикул /> {unit}</Предложение>\n"
    plain = offer_plain(offer.encode("cp1251"), "cp1251")
    assert plain is not None
    assert (plain.article, plain.prices, plain.stocks) == ("", None, None)
    for broken in ("</Коэффициент></Пересчет>", "</Единица></Пересчет>"):
        wrong = offer.replace("</Коэффициент></Пересчет>", broken)
        assert (offer_plain(wrong.encode(), "utf-8") is None) == (wrong != offer)
