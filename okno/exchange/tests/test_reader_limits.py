"""The reader against hostile, broken and very large input: errors that say where, no DTDs
or entities, resuming from a checkpoint, memory that does not grow with the file."""

from __future__ import annotations

import io
import tracemalloc
from decimal import Decimal
from pathlib import Path

import pytest

from okno.exchange.cml.locate import position_locate
from okno.exchange.cml.reader import file_counts, records_read
from okno.exchange.cml.records import CmlError, FileHeader, Owner, SectionStart, price_position
from okno.exchange.cml.values import number_parse
from okno.exchange.tests.generated_files import catalog_write, offers_write

SAMPLES = Path(__file__).parent / "cml"


def read(xml: str | bytes, *, name: str = "offers0_1.xml", skip: int = 0) -> list:
    source = xml.encode("utf-8") if isinstance(xml, str) else xml
    return list(records_read(io.BytesIO(source), name=name, skip=skip))


def error_of(xml: str | bytes, *, name: str = "offers0_1.xml") -> str:
    with pytest.raises(CmlError) as caught:
        read(xml, name=name)
    return str(caught.value)


OFFERS = """<?xml version="1.0" encoding="UTF-8"?>
<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="2.07">
  <ПакетПредложений>
    <Предложения>
      <Предложение><Ид>1</Ид></Предложение>
      <Предложение>
        <Ид>2</Ид>
        <Цены>
          <Цена><ИдТипаЦены>a</ИдТипаЦены><ЦенаЗаЕдиницу>10</ЦенаЗаЕдиницу></Цена>
          <Цена><ИдТипаЦены>b</ИдТипаЦены>
            <ЦенаЗаЕдиницу>{price}</ЦенаЗаЕдиницу></Цена>
        </Цены>
        <Склад ИдСклада="w1" КоличествоНаСкладе="{stock}"/>
      </Предложение>
    </Предложения>
  </ПакетПредложений>
</КоммерческаяИнформация>"""

PRICE_PATH = "/КоммерческаяИнформация/ПакетПредложений/Предложения/Предложение[2]/Цены/Цена[2]"


@pytest.mark.parametrize(
    "text", ["12abc", "1.2.3", "NaN", "1e5", "--1", "1,2,3", "Infinity", "1 2 3", "1.234,5"]
)
def test_an_impossible_number_names_file_line_column_and_path(text: str) -> None:
    message = error_of(OFFERS.format(price=text, stock="1"))
    assert message == (
        f"offers0_1.xml:11:13 {PRICE_PATH}/ЦенаЗаЕдиницу: impossible number '{text}'"
    )


def test_an_impossible_stock_attribute_names_its_element() -> None:
    message = error_of(OFFERS.format(price="1", stock="много"))
    assert message == (
        "offers0_1.xml:13:9 /КоммерческаяИнформация/ПакетПредложений/Предложения/"
        "Предложение[2]/Склад[1]: impossible number 'много'"
    )


def test_a_price_without_its_value_is_refused() -> None:
    message = error_of(OFFERS.format(price="", stock="1"))
    assert message == f"offers0_1.xml:10:11 {PRICE_PATH}: price without ЦенаЗаЕдиницу"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 234,5", "1234.5"),
        ("1\u00a0234.50", "1234.50"),
        ("-12 345 678,9", "-12345678.9"),
        ("-0,5", "-0.5"),
        (" 7 ", "7"),
        (",5", "0.5"),
        ("12.", "12"),
    ],
)
def test_numbers_with_comma_or_space_separators_are_read(text: str, value: str) -> None:
    assert number_parse(text) == Decimal(value)
    (offer,) = read(OFFERS.format(price=text, stock=text), skip=1)[2:]
    assert offer.prices[1].price == Decimal(value)
    assert offer.stocks[0].quantity == Decimal(value)


def test_a_truncated_file_says_where_it_ends() -> None:
    xml = OFFERS.format(price="1", stock="1")
    message = error_of(xml[: xml.index("</Цены>")])
    assert message == (
        "offers0_1.xml:12:9 /КоммерческаяИнформация/ПакетПредложений/Предложения/"
        "Предложение[2]: malformed XML: Premature end of data in tag Цены line 8"
    )


def test_malformed_xml_says_where() -> None:
    xml = OFFERS.format(price="1", stock="1").replace("<Ид>2</Ид>", "<Ид>2</Номер>")
    message = error_of(xml)
    assert message == (
        "offers0_1.xml:7:22 /КоммерческаяИнформация/ПакетПредложений/Предложения/"
        "Предложение[2]: malformed XML: Opening and ending tag mismatch: Ид line 7 and Номер"
    )


def test_an_empty_file_is_refused() -> None:
    assert error_of(b"") == "offers0_1.xml:1:1 /: malformed XML: no element found"


def test_an_unknown_root_is_refused() -> None:
    assert error_of("<?xml version='1.0'?>\n<!-- x -->\n  <html><body/></html>") == (
        "offers0_1.xml:3:3 /html: unknown root element 'html'"
    )


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE КоммерческаяИнформация [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<КоммерческаяИнформация><Каталог><Товары><Товар><Ид>&lol9;</Ид></Товар></Товары></Каталог></КоммерческаяИнформация>"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE КоммерческаяИнформация [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<КоммерческаяИнформация><Каталог><Товары><Товар><Ид>&xxe;</Ид></Товар></Товары></Каталог></КоммерческаяИнформация>"""


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, XXE], ids=["billion laughs", "external entity"])
def test_a_doctype_is_refused_before_anything_is_expanded(xml: str) -> None:
    assert error_of(xml) == "offers0_1.xml:2:1 /: DOCTYPE is not allowed"


def test_a_doctype_hidden_behind_a_long_comment_is_refused_too() -> None:
    comment = "<!--" + "x" * 100_000 + "-->\n"
    xml = BILLION_LAUGHS.replace("<!DOCTYPE", comment + "<!DOCTYPE", 1)
    assert error_of(xml) == "offers0_1.xml:1:1 /: DOCTYPE is not allowed"


def test_an_undeclared_entity_is_malformed_xml() -> None:
    xml = "<КоммерческаяИнформация>\n<Каталог><Ид>&xxe;</Ид></Каталог></КоммерческаяИнформация>"
    assert error_of(xml) == (
        "offers0_1.xml:2:19 /КоммерческаяИнформация/Каталог: "
        "malformed XML: Entity 'xxe' not defined"
    )


def test_a_record_position_is_located_on_demand() -> None:
    source = io.BytesIO(OFFERS.format(price="1", stock="1").encode())
    offers = [
        record for record in records_read(source, name="offers0_1.xml") if hasattr(record, "prices")
    ]
    position = price_position(offers[1].position, offers[1].prices[1])
    assert position.column == 0
    located = position_locate(position=position, source=source)
    assert str(located) == f"offers0_1.xml:10:11 {PRICE_PATH}"


def test_a_file_written_on_one_line_still_names_line_and_column() -> None:
    lines = OFFERS.format(price="1", stock="x").splitlines()[1:]
    xml = "".join(line.strip() for line in lines)
    column = xml.index("<Склад ") + 1
    assert error_of(xml) == (
        f"offers0_1.xml:1:{column} /КоммерческаяИнформация/ПакетПредложений/Предложения/"
        "Предложение[2]/Склад[1]: impossible number 'x'"
    )


def _objects(records: list) -> list:
    return [
        record for record in records if not isinstance(record, FileHeader | SectionStart | Owner)
    ]


@pytest.mark.parametrize(
    "path",
    [
        SAMPLES / "dobromyslov__commerceml-parser" / "data__import0_1_with_nested_groups.xml",
        SAMPLES / "dobromyslov__commerceml-parser" / "data__offers0_1.xml",
        SAMPLES
        / "irpsv__commerceml"
        / "tests__assets__bitrix-module-6__documents__1__documents@41056aa.xml",
    ],
    ids=["catalog", "offers", "documents"],
)
def test_skip_passes_over_the_first_objects_and_yields_the_rest_unchanged(path: Path) -> None:
    with path.open("rb") as source:
        full = list(records_read(source, name=path.name))
    objects = _objects(full)
    for skip in (0, 1, 5, len(objects) // 2, len(objects) - 1, len(objects), len(objects) + 3):
        with path.open("rb") as source:
            resumed = list(records_read(source, name=path.name, skip=skip))
        assert _objects(resumed) == objects[skip:]
        assert [record for record in resumed if record not in objects] == [
            record for record in full if record not in objects
        ]


def test_file_counts_counts_prices_and_stock_rows() -> None:
    counts = file_counts(io.BytesIO(OFFERS.format(price="1", stock="1").encode()), name="o.xml")
    assert (counts.offers, counts.prices, counts.stocks, counts.products) == (2, 2, 1, 0)


def _peaks(path: Path) -> tuple[int, int]:
    """Peak Python allocations and peak growth of the process's resident memory (which
    holds lxml's tree, out of tracemalloc's sight) while the file is read; Linux's
    /proc gives the resident size."""
    page = 4096
    statm = Path("/proc/self/statm")
    baseline = int(statm.read_text().split()[1]) * page
    resident = 0
    tracemalloc.start()
    with path.open("rb") as source:
        for number, _ in enumerate(records_read(source, name=path.name)):
            if number % 2000 == 0:
                resident = max(resident, int(statm.read_text().split()[1]) * page - baseline)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, resident


def test_memory_stays_flat_whatever_the_file_size(tmp_path: Path) -> None:
    small = _peaks(catalog_write(tmp_path / "small.xml", products=5_000, lean=True))
    large = _peaks(catalog_write(tmp_path / "large.xml", products=50_000, lean=True))
    mebibyte = 1 << 20
    assert small[0] < 1.5 * mebibyte
    assert large[0] < 1.5 * mebibyte
    # Holding the large file's tree would take some 40 megabytes more.
    assert large[1] < small[1] + 8 * mebibyte


def test_memory_stays_flat_for_offers_with_many_prices(tmp_path: Path) -> None:
    small = _peaks(offers_write(tmp_path / "small.xml", offers=50))
    large = _peaks(offers_write(tmp_path / "large.xml", offers=500))
    assert large[0] < small[0] + (1 << 20)


def test_lines_past_65535_are_still_the_start_tags_lines(tmp_path: Path) -> None:
    path = offers_write(tmp_path / "offers.xml", offers=400)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 70_000
    with path.open("rb") as source:
        offers = _objects(list(records_read(source, name=path.name)))
    wrong = [
        offer.position
        for offer in offers
        if not lines[offer.position.line - 1].lstrip().startswith("<Предложение>")
    ]
    assert wrong == []
    assert offers[-1].position.line > 65_535


def test_a_price_read_without_its_line_is_located_from_its_offer(tmp_path: Path) -> None:
    path = offers_write(tmp_path / "offers.xml", offers=400)
    lines = path.read_text(encoding="utf-8").splitlines()
    with path.open("rb") as source:
        offers = _objects(list(records_read(source, name=path.name)))
        for offer in (offers[0], offers[-1]):
            price_lines = [
                number
                for number, line in enumerate(lines[offer.position.line :], offer.position.line + 1)
                if line.lstrip().startswith("<Цена>")
            ][: len(offer.prices)]
            located = [
                position_locate(position=price_position(offer.position, price), source=source)
                for price in offer.prices
            ]
            assert [(p.line, p.column) for p in located] == [
                (n, lines[n - 1].index("<Цена>") + 1) for n in price_lines
            ]
    assert located[-1].line > 65_535


def test_a_position_is_located_in_a_windows_1251_file_by_its_declaration() -> None:
    xml = OFFERS.format(price="1", stock="1").replace("UTF-8", "windows-1251")
    source = io.BytesIO(xml.encode("cp1251"))
    offers = _objects(list(records_read(source, name="offers0_1.xml")))
    located = position_locate(position=offers[1].position, source=source)
    assert str(located) == (
        "offers0_1.xml:6:7 /КоммерческаяИнформация/ПакетПредложений/Предложения/Предложение[2]"
    )


def test_an_error_past_line_65535_names_its_line_and_column(tmp_path: Path) -> None:
    path = offers_write(tmp_path / "offers.xml", offers=400)
    text = path.read_text(encoding="utf-8")
    where = text.rindex("<ЦенаЗаЕдиницу>119.50")
    path.write_text(text[:where] + "<ЦенаЗаЕдиницу>x" + text[where + 21 :], encoding="utf-8")
    line = text.count("\n", 0, where) + 1
    with path.open("rb") as source, pytest.raises(CmlError) as caught:
        list(records_read(source, name=path.name))
    assert str(caught.value) == (
        f"offers.xml:{line}:7 /КоммерческаяИнформация/ПакетПредложений/Предложения/"
        "Предложение[400]/Цены/Цена[20]/ЦенаЗаЕдиницу: impossible number 'x'"
    )


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            '<?xml version="1.0" encoding="koi9"?>\n<КоммерческаяИнформация/>'.encode(),
            "offers0_1.xml:1:36 /: malformed XML: Unsupported encoding: koi9",
        ),
        (
            "<КоммерческаяИнформация>\n<Каталог><Ид>".encode()
            + b"\xff\xfe"
            + "</Ид></Каталог></КоммерческаяИнформация>".encode(),
            "offers0_1.xml:2:14 /КоммерческаяИнформация/Каталог: "
            "malformed XML: Invalid bytes in character encoding",
        ),
        (b"PK\x03\x04", "offers0_1.xml:1:1 /: malformed XML: Start tag expected, '<' not found"),
    ],
    ids=["unknown encoding", "bytes not in the encoding", "not XML at all"],
)
def test_undecodable_input_says_where(source: bytes, message: str) -> None:
    assert error_of(source) == message


def test_comments_instructions_and_cdata_inside_objects_are_read_through() -> None:
    xml = """<КоммерческаяИнформация><Каталог><Товары><Товар>
      <!-- выгружено вручную --><Ид><![CDATA[ p&1 ]]></Ид><?php echo 1 ?>
      <Наименование>Болт</Наименование>
    </Товар></Товары></Каталог></КоммерческаяИнформация>"""
    product = _objects(read(xml))[0]
    assert (product.external_id, product.name) == ("p&1", "Болт")
