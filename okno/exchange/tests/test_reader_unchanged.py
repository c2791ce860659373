"""Products and offers sent again unchanged: the reader leaves their lines out of what lxml
parses and makes their records from their ids, in the same order, at the same positions and
with the same digests as when it reads them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from okno.exchange.cml import unchanged
from okno.exchange.cml.reader import records_read
from okno.exchange.cml.records import CmlError, OfferRecord, ProductRecord
from okno.exchange.tests.generated_files import (
    catalog_write,
    offers_write,
    prefixed_in_windows_1251,
)
from okno.exchange.tests.importing import LONG_LISTS

SAMPLES = Path(__file__).parent / "cml"


def _read(path: Path, known: Callable[..., bool]) -> tuple[list, str]:
    """The records and the error, if any, with `known` telling what the catalog holds."""
    records: list = []
    with path.open("rb") as source:
        try:
            for record in records_read(
                source, name=path.name, offers_known=known, products_known=known
            ):
                records.append(record)
        except CmlError as error:
            return records, str(error)
    return records, ""


def _nothing(*_args: object) -> bool:
    return False


def _everything(*_args: object) -> bool:
    return True


def _objects(records: list) -> list:
    return [r for r in records if isinstance(r, OfferRecord | ProductRecord)]


def _seen(records: list) -> list:
    """What a record says whether or not its object was read: kind, id, place, digest."""
    return [
        (type(r).__name__, r.external_id, r.position, r.digest) if hasattr(r, "digest") else r
        for r in records
    ]


def _assert_left_out_as_read(path: Path, left_out: list[str]) -> list:
    read, read_error = _read(path, _nothing)
    passed, passed_error = _read(path, _everything)
    assert _seen(passed) == _seen(read)
    assert passed_error == read_error
    # An offer with neither prices nor stock is never held: it has nothing to compare.
    assert all(record.known for record in _objects(passed) if record.digest)
    assert not any(record.known for record in _objects(read))
    return _objects(read)


def test_unchanged_offers_are_left_out_in_order_at_their_places(
    tmp_path: Path, left_out: list[str]
) -> None:
    path = offers_write(tmp_path / "offers.xml", offers=400)
    objects = _assert_left_out_as_read(path, left_out)
    # Only the offers lxml had read before the list's first one was met were parsed.
    assert 350 < len(left_out) < 400
    assert left_out == [record.external_id for record in objects][-len(left_out) :]
    assert objects[-1].position.line > 65_535  # past libxml2's 16-bit line numbers


def test_unchanged_products_are_left_out_in_order_at_their_places(
    tmp_path: Path, left_out: list[str]
) -> None:
    path = catalog_write(tmp_path / "import.xml", products=2_000)
    _assert_left_out_as_read(path, left_out)
    assert len(left_out) > 1_900


@pytest.mark.parametrize("path", LONG_LISTS.values(), ids=LONG_LISTS.keys())
def test_real_files_leave_out_what_is_unchanged(path: Path, left_out: list[str]) -> None:
    _assert_left_out_as_read(path, left_out)
    assert left_out


def test_every_real_file_reads_the_same_with_everything_held(
    left_out: list[str],
) -> None:
    for path in sorted(SAMPLES.rglob("*.xml")):
        _assert_left_out_as_read(path, left_out)


def test_an_object_has_one_digest_wherever_the_leaving_out_begins(tmp_path: Path) -> None:
    """The first offers are read before the leaving out begins; their digests are those of
    their bytes too, so a file that lost its first offer still finds the others held."""
    path = offers_write(tmp_path / "offers.xml", offers=300)
    whole = {r.external_id: r.digest for r in _objects(_read(path, _nothing)[0])}
    text = path.read_text(encoding="utf-8")
    first = text.index("\t\t\t<Предложение>")
    second = text.index("\t\t\t<Предложение>", first + 1)
    path.write_text(text[:first] + text[second:], encoding="utf-8")
    shorter = {r.external_id: r.digest for r in _objects(_read(path, _nothing)[0])}
    assert len(shorter) == 299
    assert shorter == {key: whole[key] for key in shorter}


def test_held_and_changed_objects_interleave_in_file_order(
    tmp_path: Path, left_out: list[str]
) -> None:
    path = offers_write(tmp_path / "offers.xml", offers=300, prices=3, stocks=2)
    read = _objects(_read(path, _nothing)[0])
    held = {(r.external_id, r.digest) for number, r in enumerate(read) if number % 3}

    def known(external_id: str, prices: str | None, stock: str | None) -> bool:
        return (external_id, prices or stock) in held

    mixed = _objects(_read(path, known)[0])
    assert [(r.external_id, r.position, r.digest) for r in mixed] == [
        (r.external_id, r.position, r.digest) for r in read
    ]
    assert [r.known for r in mixed] == [bool(number % 3) for number in range(300)]
    assert [r.prices for r in mixed if not r.known] == [r.prices for r in read[::3]]
    assert len(left_out) > 150


def test_a_fault_after_left_out_offers_is_said_at_its_line_in_the_file(tmp_path: Path) -> None:
    path = offers_write(tmp_path / "offers.xml", offers=200, prices=2, stocks=1)
    text = path.read_text(encoding="utf-8")
    bad = text.index("<ЦенаЗаЕдиницу>", text.index(_guid_of(150)))
    impossible = text[:bad] + "<ЦенаЗаЕдиницу>1e999x" + text[bad + len("<ЦенаЗаЕдиницу>") :]
    path.write_text(impossible, encoding="utf-8")
    known_before = {_guid_of(number) for number in range(150)}
    records, error = _read(path, lambda external_id, *_: external_id in known_before)
    line = impossible.count("\n", 0, bad) + 1
    assert error.startswith(f"offers.xml:{line}:")
    assert "/Предложение[151]/Цены/Цена[1]" in error
    assert len(_objects(records)) == 150

    # Offers after the fault, held too, were left out before lxml met it: they are not
    # among the records, and the open offer keeps its place after those before it.
    path.write_text(text[:bad] + "<ЦенаЗаЕдиницу><" + text[bad + 15 :], encoding="utf-8")
    records, error = _read(path, lambda external_id, *_: external_id != _guid_of(150))
    assert error.startswith(f"offers.xml:{line}:")
    assert "malformed XML" in error
    assert "/Предложение[151]" in error
    assert [r.external_id for r in _objects(records)] == sorted(known_before)


def test_a_list_held_whole_is_given_as_it_is_read(tmp_path: Path, left_out: list[str]) -> None:
    path = catalog_write(tmp_path / "import.xml", products=6_000)
    size = path.stat().st_size
    with path.open("rb") as source:
        records = records_read(source, name=path.name, products_known=_everything)
        while not left_out:
            next(records)
        assert source.tell() < size / 2  # not queued whole until the list ends
        products = [r for r in records if isinstance(r, ProductRecord)]
    assert all(r.known for r in products)
    # Every 2,001st is read whole, to be reached by lxml and so give those before it.
    assert 5_900 < len(left_out) < 6_000
    _assert_left_out_as_read(path, left_out)


def test_a_list_read_whole_before_the_leaving_out_begins_is_not_mistaken_for_the_next(
    tmp_path: Path, left_out: list[str]
) -> None:
    text = offers_write(tmp_path / "many.xml", offers=300, prices=2, stocks=1).read_text(
        encoding="utf-8"
    )
    begin = text.index("<Предложения>")
    second = text.index(f"\t\t\t<Предложение>\n\t\t\t\t<Ид>{_guid_of(3)}")
    end = text.index("</Предложения>") + len("</Предложения>")
    # A short list, lxml's first read holding it whole, then the long one.
    short = text[begin:second] + "\t\t</Предложения>\n\t\t"
    path = tmp_path / "offers.xml"
    path.write_text(text[:begin] + short + text[begin:end] + text[end:], encoding="utf-8")
    objects = _assert_left_out_as_read(path, left_out)
    assert len(objects) == 303
    assert objects[-1].position.path.endswith("/Предложения[2]/Предложение[300]")


def test_a_truncated_file_gives_the_left_out_offers_before_its_fault(
    tmp_path: Path, left_out: list[str]
) -> None:
    path = offers_write(tmp_path / "offers.xml", offers=300, prices=2, stocks=1)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    read, read_error = _read(path, _nothing)
    passed, passed_error = _read(path, _everything)
    assert passed_error == read_error
    assert "malformed XML" in passed_error
    assert _seen(passed) == _seen(read)
    assert len(left_out) > 100


def test_a_comment_in_the_list_has_the_rest_read(tmp_path: Path, left_out: list[str]) -> None:
    path = offers_write(tmp_path / "offers.xml", offers=200, prices=2, stocks=1)
    text = path.read_text(encoding="utf-8")
    middle = text.index(f"\t\t\t<Предложение>\n\t\t\t\t<Ид>{_guid_of(100)}")
    path.write_text(text[:middle] + "<!-- a note -->\n" + text[middle:], encoding="utf-8")
    _assert_left_out_as_read(path, left_out)
    assert left_out[-1] == _guid_of(99)


def test_an_offer_marked_for_deletion_is_read(tmp_path: Path, left_out: list[str]) -> None:
    path = offers_write(tmp_path / "offers.xml", offers=200, prices=1, stocks=1)
    text = path.read_text(encoding="utf-8")
    for number, mark in ((150, "true"), (155, " true"), (160, "false"), (165, " false ")):
        at = text.index("<Наименование>", text.index(_guid_of(number)))
        text = text[:at] + f"<ПометкаУдаления >{mark}</ПометкаУдаления>" + text[at:]
    path.write_text(text, encoding="utf-8")
    records = {r.external_id: r for r in _objects(_read(path, _everything)[0])}
    assert {_guid_of(150), _guid_of(155)}.isdisjoint(left_out)
    assert records[_guid_of(150)].deleted
    assert records[_guid_of(155)].deleted
    assert {_guid_of(149), _guid_of(160), _guid_of(165)} <= set(left_out)


def test_prefixed_tags_in_windows_1251_with_windows_line_ends_are_left_out(
    tmp_path: Path, left_out: list[str]
) -> None:
    text = prefixed_in_windows_1251(catalog_write(tmp_path / "utf8.xml", products=500))
    path = tmp_path / "import.xml"
    path.write_bytes(text.replace("\n", "\r\n").encode("cp1251"))
    _assert_left_out_as_read(path, left_out)
    assert len(left_out) > 400


def test_offers_decide_tells_prices_and_stock_apart() -> None:
    stored = {("a", "p", "d"), ("b", "s", "d"), ("c", "", "d"), ("a", "c", "d")}

    def known(external_id: str, prices: str | None, stock: str | None, sent=None) -> bool:
        if prices is None and stock is None and sent is not None:
            return (external_id, "c", sent) in stored  # characteristics alone
        if prices is None and stock is None:
            return external_id in {"a", "b", "c"}  # the product is held
        if prices and stock and prices == stock and (external_id, "", prices) in stored:
            return True
        return all(
            (external_id, part, sent) in stored or (external_id, "", sent) in stored
            for part, sent in (("p", prices), ("s", stock))
            if sent is not None
        )

    decide = unchanged.offers_decide(known, "utf-8")
    prices = "<Цены><Цена/></Цены>".encode()
    stock = '<Склад ИдСклада="w" КоличествоНаСкладе="1"/>'.encode()
    assert decide("a", "d", prices) == ("d", False, None)  # prices alone, held
    assert decide("a", "d", prices + stock) is None  # its stock was forgotten: read it
    assert decide("b", "d", stock) == ("d", True, None)
    assert decide("b", "d", prices + stock) is None
    assert decide("c", "d", prices + stock) == ("d", True, None)
    assert decide("z", "d", prices) is None
    # Neither prices nor stock: left out where the product is held, with no digest.
    name = "<Наименование>Кабель</Наименование>".encode()
    assert decide("a", "d", name) == ("", False, None)
    assert decide("z", "d", name) is None
    # Characteristics alone: left out where they are held as this digest.
    characteristics = "<ХарактеристикиТовара></ХарактеристикиТовара>".encode()
    assert decide("a", "d", name + characteristics) == ("d", False, None)
    assert decide("b", "d", name + characteristics) is None
    assert decide("a", "e", name + characteristics) is None


def test_offers_decide_looks_for_stock_and_marks_beside_the_prices() -> None:
    """Names inside the one `Цены` element are not the offer's own parts; beside it, or
    where the prices cannot be told apart (two `Цены`, one nested), they count."""

    def prices_held(external_id: str, prices: str | None, stock: str | None) -> bool:
        return stock is None

    decide = unchanged.offers_decide(prices_held, "utf-8")

    def bytes_of(text: str) -> bytes:
        return f"<Предложение><Ид>a</Ид>{text}</Предложение>\n".encode()

    price = "<Цена><Представление>{}</Представление></Цена>"
    inside = "<Цены>" + price.format("Склад Количество ПометкаУдаления Удален") + "</Цены>"
    assert decide("a", "d", bytes_of(inside)) == ("d", False, None)
    stock = '<Склад ИдСклада="w" КоличествоНаСкладе="1"/>'
    for offer in (
        inside + stock,
        stock + inside,
        inside.replace("</Цены>", f"</Цены>{stock}<Цены>") + "</Цены>",
        inside.replace("<Цена>", "<Цены></Цены><Цена>"),
        inside + "<ПометкаУдаления>true</ПометкаУдаления>",
    ):
        # Stock not held, or a deletion mark: read (plainly where it can be).
        assert decide("a", "d", bytes_of(offer)) != ("d", False, None), offer


@pytest.mark.parametrize(
    "mark",
    [
        "<ПометкаУдаления>true</ПометкаУдаления>",
        "<ПометкаУдаления >true</ПометкаУдаления>",
        "<c:ПометкаУдаления> true </c:ПометкаУдаления>",
        "<ПометкаУдаления/>",
        "<ПометкаУдаления>false</ПометкаУдаления><ПометкаУдаления>true</ПометкаУдаления>",
        "<Статус>Удален</Статус>",
        '<Предложение Статус="Удален">',
    ],
)
def test_offers_decide_reads_an_offer_marked_for_deletion(mark: str) -> None:
    decide = unchanged.offers_decide(_everything, "utf-8")
    assert decide("a", "d", f"<Цены/>{mark}".encode()) is None
    assert decide("a", "d", mark.encode()) is None


@pytest.mark.parametrize(
    "mark",
    [
        "<ПометкаУдаления>false</ПометкаУдаления>",
        "<c:ПометкаУдаления> false </c:ПометкаУдаления>",
        "<Наименование>ПометкаУдаления</Наименование>",
        "<Статус>Действует</Статус><Наименование>Удален</Наименование>",
    ],
)
def test_offers_decide_leaves_out_an_offer_not_marked(mark: str) -> None:
    decide = unchanged.offers_decide(_everything, "utf-8")
    assert decide("a", "d", f"<Цены/>{mark}".encode()) == ("d", False, None)


def _guid_of(number: int) -> str:
    return f"{2:08x}-0000-4000-8000-{number:012x}"
