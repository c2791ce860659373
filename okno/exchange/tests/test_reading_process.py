"""An exchange file read in a process of its own (okno/exchange/importing/reading.py): the
same records, the same problems at the same places, and no process left behind."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import socket
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connections

from okno.catalog.models import Price, Product
from okno.exchange.cml.reader import records_read
from okno.exchange.cml.records import (
    CmlError,
    OfferRecord,
    Position,
    PriceRecord,
    StockRecord,
)
from okno.exchange.importing import import_file, import_step, reading, run
from okno.exchange.models import ImportJob
from okno.exchange.tests.conftest import left_out_told
from okno.exchange.tests.generated_files import catalog_write, offers_write
from okno.exchange.tests.importing import job_for
from okno.exchange.tests.records import offer
from okno.exchange.tests.test_import_jobs import _generated_references


def _readers() -> list:
    return [child for child in multiprocessing.active_children() if child.name == READER]


READER = "okno-exchange-reader"
REAL_FILES = sorted((Path(__file__).parent / "cml").rglob("*.xml"))


def _read_here(path: Path) -> tuple[list, str]:
    with path.open("rb") as source:
        return _until_error(records_read(source, name=path.name))


def _until_error(records) -> tuple[list, str]:
    got: list = []
    try:
        for record in records:
            got.append(record)
    except CmlError as error:
        return got, str(error)
    return got, ""


class SlowToClose:
    """The child's connections, taking their time to close."""

    def __iter__(self):
        return iter(())

    def close_all(self) -> None:
        time.sleep(0.5)


def test_the_child_reads_the_records_read_here(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "connections", SlowToClose())
    path = offers_write(tmp_path / "offers.xml", offers=700, prices=4, stocks=3)
    records = reading.records_of(path, name=path.name)
    first = next(records)
    [child] = _readers()
    assert _until_error([first, *records]) == _read_here(path)
    # It ended on its own once its connections were closed, not killed.
    assert child.exitcode == 0
    assert len(_read_here(path)[0]) > 700
    assert _readers() == []


@pytest.fixture
def children(monkeypatch) -> list:
    """The names of the files read in a child."""
    started: list = []
    in_child = reading._records_in_child

    def counted(path, **options):
        started.append(path.name)
        return in_child(path, **options)

    monkeypatch.setattr(reading, "_records_in_child", counted)
    return started


def test_every_real_file_reads_in_the_child_as_here(children):
    """Every kind of record crosses the pipe whole: catalogs, offers, package and 3.1 files,
    counterparties and 1C's documents."""
    for path in REAL_FILES:
        assert _until_error(reading.records_of(path, name=path.name)) == _read_here(path), path
    assert children == [path.name for path in REAL_FILES]
    assert _readers() == []


def test_a_problem_of_the_file_comes_after_the_records_before_it(tmp_path, children):
    path = offers_write(tmp_path / "offers.xml", offers=700, prices=2, stocks=1)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) * 2 // 3], encoding="utf-8")
    in_child = _until_error(reading.records_of(path, name=path.name))
    records, message = in_child
    assert in_child == _read_here(path)
    assert len(records) > 400
    assert message.startswith("offers.xml:")
    assert children == ["offers.xml"]
    assert _readers() == []


def _reading(tmp_path: Path) -> tuple:
    """Records of a long offers file being read in a child, and the child."""
    path = offers_write(tmp_path / "offers.xml", offers=3000, prices=2, stocks=1)
    records = reading.records_of(path, name=path.name)
    next(records)
    [child] = _readers()
    return records, child


def test_closing_the_records_ends_the_reader(tmp_path):
    records, child = _reading(tmp_path)
    records.close()
    assert not child.is_alive()
    assert _readers() == []


def test_a_reader_that_dies_fails_the_import_with_a_message(tmp_path):
    records, child = _reading(tmp_path)
    os.kill(child.pid, signal.SIGKILL)
    with pytest.raises(CmlError, match=r"^reading offers.xml stopped \(exit code -9\)$"):
        for _ in records:
            pass
    assert _readers() == []


def test_the_child_closes_its_connection_once_the_catalog_was_asked(tmp_path, monkeypatch):
    """A child parked between slices holds no database session: its connection is closed
    as soon as the stored digests were read (at the first offer asked about)."""
    log = tmp_path / "child.log"

    def note(what: str) -> None:
        with log.open("a") as out:
            out.write(what + "\n")

    class Noting:
        def __iter__(self):
            return iter(connections)

        def __getitem__(self, alias):
            return connections[alias]

        def close_all(self) -> None:
            note("closed")

    def known(*_args) -> bool:
        note("asked")
        return False

    monkeypatch.setattr(reading, "connections", Noting())
    path = offers_write(tmp_path / "offers.xml", offers=5, prices=2, stocks=1)
    records = list(reading.records_of(path, name=path.name, offers_known=known))
    assert len(records) > 5
    said = log.read_text().splitlines()
    assert said[:3] == ["asked", "closed", "asked"]
    assert said.count("asked") == 5
    assert said[-1] == "closed"


def test_the_child_holds_no_socket_of_the_server(tmp_path):
    """A client's connection the server closes must end: a copy left open in the child
    would keep it open."""
    server_side, client_side = socket.socketpair()
    records, _child = _reading(tmp_path)
    server_side.close()
    client_side.settimeout(5)
    assert client_side.recv(1) == b""
    client_side.close()
    records.close()


@pytest.mark.django_db(transaction=True)
def test_a_reader_stopped_by_a_restart_leaves_the_job_to_resume(tmp_path, monkeypatch, children):
    """A server's restart stops every process of the service, the reader too, while the
    worker finishes its request: the job goes on from its checkpoint, it does not fail."""
    monkeypatch.setattr(run, "BATCH", 200)
    job = job_for(catalog_write(tmp_path / "import.xml", products=3000, lean=True))
    import_step(job=job, deadline=time.monotonic())
    [child] = _readers()
    os.kill(child.pid, signal.SIGTERM)
    child.join()
    import_step(job=job, deadline=time.monotonic())
    assert (job.status, job.message) == (ImportJob.Status.RUNNING, "")
    while job.status == ImportJob.Status.RUNNING:
        import_step(job=job, deadline=time.monotonic() + 60)
    assert (job.status, job.message) == (ImportJob.Status.DONE, "")
    assert Product.objects.count() == 3000
    assert children == ["import.xml", "import.xml"]
    assert _readers() == []


def test_a_missing_file_is_said_as_when_read_here(tmp_path):
    with pytest.raises(FileNotFoundError):
        next(reading.records_of(tmp_path / "offers.xml", name="offers.xml"))
    assert _readers() == []


def test_without_the_setting_the_file_is_read_here(tmp_path, settings):
    settings.OKNO_EXCHANGE_READER_PROCESS = False
    path = offers_write(tmp_path / "offers.xml", offers=10, prices=2, stocks=1)
    records = reading.records_of(path, name=path.name)
    next(records)
    assert _readers() == []
    records.close()


@pytest.mark.django_db
def test_inside_a_transaction_the_file_is_read_here(tmp_path):
    path = offers_write(tmp_path / "offers.xml", offers=10, prices=2, stocks=1)
    records = reading.records_of(path, name=path.name)
    next(records)
    assert _readers() == []
    records.close()


def test_an_offer_pickles_as_it_was():
    priced = offer(
        "p1#c1",
        prices=(PriceRecord("pt1", Decimal("12.50"), "RUB", "упак", Decimal("10"), 12, 1),),
        stocks=(StockRecord("w1", Decimal("-0.5")),),
        total_quantity=Decimal("7.000"),
        characteristics=(("Размер", "XL"),),
        digest="abc",
        stocked=True,
    )
    left_out = offer("p2#c2", digest="def", known=True, stocked=True)
    known = offer("p3", name="Болт", version="7", deleted=True, digest="ghi", known=True)
    for record in (priced, left_out, known):
        again = pickle.loads(pickle.dumps(record))
        assert again == record
        assert isinstance(again, OfferRecord)
    prices = pickle.loads(pickle.dumps(priced)).prices
    assert isinstance(prices[0], PriceRecord)
    assert str(prices[0].price) == "12.50"


def test_a_file_problem_pickles_with_its_place():
    error = CmlError(Position("offers.xml", 12, 0, "/КоммерческаяИнформация"), "bad")
    again = pickle.loads(pickle.dumps(error))
    assert (again.position, again.message, str(again)) == (error.position, "bad", str(error))


@pytest.mark.django_db(transaction=True)
def test_the_child_asks_the_database_what_the_catalog_holds(tmp_path, monkeypatch, children):
    """The child opens its own connection (the parent's stays the parent's) to read the
    stored digests, so offers sent again are left out unparsed there."""
    told = tmp_path / "left-out.txt"

    def tell(ids: list[str]) -> None:  # in the child: the parent sees its file
        with told.open("a", encoding="utf-8") as file:
            file.writelines(f"{external_id}\n" for external_id in ids)

    left_out_told(monkeypatch, tell)
    import_file(path=catalog_write(tmp_path / "import.xml", products=300))
    offers = offers_write(tmp_path / "offers.xml", offers=300, prices=3, stocks=2)
    _generated_references(price_types=3, warehouses=2)
    first = import_file(path=offers)
    assert first["offers"]["updated"] == 300
    prices = dict(Price.objects.values_list("id", "updated_at"))

    again = import_file(path=offers)
    assert again["offers"]["unchanged"] == 300
    assert "prices" not in again
    assert dict(Price.objects.values_list("id", "updated_at")) == prices
    assert Product.objects.count() == 300
    assert _readers() == []
    assert children == ["import.xml", "offers.xml", "offers.xml"]
    assert 250 < len(told.read_text(encoding="utf-8").split()) < 300
