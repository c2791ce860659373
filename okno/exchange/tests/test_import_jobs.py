"""Import jobs as the exchange runs them: errors that say where and leave the catalog as it
was, resuming from a checkpoint, full and partial catalogs on real files, a package that
relies on the classifier sent before, pictures, the sale side's batches, the command
line's import and the package exchange's deactivation."""

from __future__ import annotations

import re
import sys
import threading
import time
import types
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from okno.catalog.models import (
    Price,
    PriceType,
    Product,
    ProductGroup,
    ProductImage,
    Stock,
    StockMovement,
    Warehouse,
)
from okno.exchange.cml.records import CmlError
from okno.exchange.importing import catalog_deactivate, import_file, import_step, jobs, run
from okno.exchange.models import ImportJob
from okno.exchange.storage import session_folder
from okno.exchange.tests.generated_files import catalog_write, offers_write
from okno.exchange.tests.importing import SAMPLES, job_for, job_run

pytestmark = pytest.mark.django_db

D16 = SAMPLES / "d16izhevsk__1coutlet"
CARONO = SAMPLES / "carono__php-commerceml"
DJANGO_CML = SAMPLES / "sergey-gru__django-cml2" / "tests__tests_fixtures__import.xml"


@pytest.fixture(autouse=True)
def exchange_dir(settings, tmp_path):
    settings.OKNO_EXCHANGE_DIR = tmp_path / "exchange"
    settings.MEDIA_ROOT = tmp_path / "media"


def _variant(tmp_path: Path, source: Path, name: str, change) -> Path:
    """A copy of a real file with one change made to its text."""
    target = tmp_path / name
    target.write_text(change(source.read_text(encoding="utf-8-sig")), encoding="utf-8")
    return target


def _catalog_state() -> tuple:
    return (
        Product.objects.count(),
        Price.objects.count(),
        Stock.objects.count(),
        StockMovement.objects.count(),
    )


def test_an_unknown_price_type_fails_with_its_place_and_writes_nothing_of_the_file(tmp_path):
    job_run(job_for(D16 / "import0_1@140ea46.xml", name="import0_1.xml"))
    text = (D16 / "offers0_1@5f193f2.xml").read_text(encoding="utf-8-sig")
    offer_at = [match.start() for match in re.finditer("<Предложение>", text)][411]
    price_at = text.index("<ИдТипаЦены>", offer_at) + len("<ИдТипаЦены>")
    broken = text[:price_at] + "a4f-unknown" + text[text.index("<", price_at) :]
    path = tmp_path / "offers0_1.xml"
    path.write_text(broken, encoding="utf-8")
    tag_at = broken.rindex("<Цена>", 0, price_at)
    line = broken.count("\n", 0, tag_at) + 1
    column = tag_at - broken.rfind("\n", 0, tag_at)
    before = _catalog_state()

    job = job_run(job_for(path))

    assert job.status == ImportJob.Status.FAILED
    assert job.message == (
        f"offers0_1.xml:{line}:{column} /КоммерческаяИнформация/ПакетПредложений/Предложения"
        "/Предложение[412]/Цены/Цена[1]: unknown price type 'a4f-unknown'"
    )
    assert _catalog_state() == before
    assert job.checkpoint == 0


def test_a_truncated_file_fails_and_leaves_the_catalog_intact(tmp_path):
    text = (D16 / "import0_1@140ea46.xml").read_text(encoding="utf-8-sig")
    path = tmp_path / "import0_1.xml"
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    job = job_run(job_for(path))
    assert job.status == ImportJob.Status.FAILED
    assert job.message.startswith("import0_1.xml:")
    assert not Product.objects.exists()
    assert not ProductGroup.objects.exists()


def _catalog_snapshot() -> dict:
    return {
        "products": sorted(
            Product.objects.values_list(
                "external_id", "article", "name", "group__external_id", "is_active", "search_text"
            )
        ),
        "prices": sorted(
            Price.objects.values_list("product__external_id", "price_type__external_id", "price")
        ),
        "stock": sorted(
            Stock.objects.values_list("product__external_id", "warehouse__external_id", "free")
        ),
        "movements": StockMovement.objects.count(),
    }


def _catalog_clear() -> None:
    for model in (StockMovement, Stock, Price, Product, ProductGroup):
        model.objects.all().delete()


def _generated_references(*, price_types: int, warehouses: int) -> None:
    """The price types and warehouses generated offers name (a classifier sent before)."""
    for number in range(price_types):
        PriceType.objects.create(
            name=f"Цена {number}", external_id=f"00000003-0000-4000-8000-{number:012x}"
        )
    for number in range(warehouses):
        Warehouse.objects.create(
            name=f"Склад {number}", external_id=f"00000004-0000-4000-8000-{number:012x}"
        )


@pytest.mark.parametrize("same_process", [True, False])
def test_an_import_in_slices_ends_as_one_in_a_single_go(tmp_path, monkeypatch, same_process):
    catalog = catalog_write(tmp_path / "import.xml", products=1200)
    offers = offers_write(tmp_path / "offers.xml", offers=1200, prices=3, stocks=2)
    _generated_references(price_types=3, warehouses=2)
    monkeypatch.setattr(run, "BATCH", 250)
    sliced_counts = []
    for path in (catalog, offers):
        job, steps = job_for(path), 0
        while job.status not in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
            if not same_process:
                jobs._OPEN.clear()  # another worker process takes the next slice
            import_step(job=job, deadline=time.monotonic())
            steps += 1
        assert (job.status, job.message) == (ImportJob.Status.DONE, "")
        assert steps == 5  # a batch of 250 objects per slice; the catalog has 10 groups

        sliced_counts.append(job.counts)
    sliced = _catalog_snapshot()
    _catalog_clear()
    whole_counts = [job_run(job_for(path)).counts for path in (catalog, offers)]
    assert _catalog_snapshot() == sliced
    assert whole_counts == sliced_counts
    assert sliced["movements"] == 1200  # the first warehouse's stock is zero


def test_a_full_catalog_archives_the_products_it_no_longer_holds(tmp_path):
    job_run(job_for(DJANGO_CML, name="import.xml"))
    text = DJANGO_CML.read_text(encoding="utf-8-sig")
    first = text.index("<Товар>")
    removed = text[first : text.index("</Товар>", first) + len("</Товар>")]
    gone_id = re.search(r"<Ид>([^<]+)</Ид>", removed)[1]
    untouched = dict(Product.objects.exclude(external_id=gone_id).values_list("id", "updated_at"))

    partial = _variant(
        tmp_path,
        DJANGO_CML,
        "partial.xml",
        lambda t: t.replace(removed, "").replace(
            'СодержитТолькоИзменения="false"', 'СодержитТолькоИзменения="true"'
        ),
    )
    assert job_run(job_for(partial)).status == ImportJob.Status.DONE
    assert not Product.objects.filter(is_active=False).exists()

    full = _variant(tmp_path, DJANGO_CML, "full.xml", lambda t: t.replace(removed, ""))
    job = job_run(job_for(full))
    assert job.counts["products"]["deactivated"] == 1
    assert list(Product.objects.filter(is_active=False).values_list("external_id", flat=True)) == [
        gone_id
    ]
    assert dict(Product.objects.exclude(external_id=gone_id).values_list("id", "updated_at")) == (
        untouched
    )


def test_a_package_without_classifier_uses_the_one_sent_before():
    job_run(job_for(CARONO / "tests__xml__classifier.xml"))
    job = job_run(job_for(CARONO / "tests__xml__import_wo_classifier.xml"))
    assert job.status == ImportJob.Status.DONE
    assert Product.objects.count() == 2
    assert not Product.objects.filter(group__isnull=True).exists()


def test_a_package_without_its_classifier_fails_on_the_unknown_group():
    job = job_run(job_for(CARONO / "tests__xml__import_wo_classifier.xml"))
    assert job.status == ImportJob.Status.FAILED
    assert re.fullmatch(
        r"tests__xml__import_wo_classifier\.xml:\d+:\d+ /КоммерческаяИнформация/Каталог/Товары"
        r"/Товар\[1\]: unknown group '[0-9a-f-]+'",
        job.message,
    )


def test_pictures_from_the_exchange_are_copied_into_media():
    job = job_for(CARONO / "tests__xml__import.xml")
    job_run(job_for(CARONO / "tests__xml__classifier.xml", session=job.session))
    pictures = sorted(
        set(
            re.findall(
                r"<Картинка>([^<]+)</Картинка>",
                (CARONO / "tests__xml__import.xml").read_text(encoding="utf-8-sig"),
            )
        )
    )
    for number, name in enumerate(pictures):
        path = session_folder(job.session) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"picture %d" % number)
    job = job_run(job)
    assert job.counts["images"]["created"] == len(pictures)
    stored = ProductImage.objects.order_by("sort")
    assert sorted(image.source for image in stored) == pictures
    for image in stored:
        with default_storage.open(image.image.name) as picture:
            assert picture.read().startswith(b"picture ")


def test_counterparties_and_documents_go_to_the_sale_side_in_batches(monkeypatch):
    batches: list[tuple[str, int]] = []

    def counterparties_apply(*, records, messages):
        batches.append(("counterparties", len(records)))
        return {"created": len(records), "updated": 0, "unchanged": 0, "errors": 0}

    def documents_apply(*, records, file_name, generated_at, messages):
        batches.append((file_name, len(records)))
        assert generated_at is not None  # the file's ДатаФормирования, for stale documents
        raise CmlError(records[0].position, "stale document")

    sale = types.ModuleType("okno.exchange.sale")
    sale.counterparties_apply = counterparties_apply  # type: ignore[attr-defined]
    sale.documents_apply = documents_apply  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "okno.exchange.sale", sale)
    monkeypatch.setattr(run, "BATCH", 10)
    freesport = SAMPLES / "AlexMobiCraft__FREESPORT-B2B"
    job = job_run(
        job_for(freesport / "backend__tests__fixtures__1c-data__contragents__contragents.xml")
    )
    assert job.counts["counterparties"]["created"] == 37
    assert batches == [("counterparties", 10)] * 3 + [("counterparties", 7)]
    documents = job_run(
        job_for(SAMPLES / "ArgentCrusade__commerceml" / "tests__fixtures__documents-example.xml")
    )
    assert documents.status == ImportJob.Status.FAILED
    assert documents.message.endswith(": stale document")
    assert batches[-1] == ("tests__fixtures__documents-example.xml", 2)


def test_what_the_sale_side_skipped_is_the_job_message():
    contractors = SAMPLES / "ArgentCrusade__commerceml" / "tests__fixtures__contractors-example.xml"
    job = job_run(job_for(contractors))

    assert job.status == ImportJob.Status.DONE
    skipped = job.counts["counterparties"]["errors"]
    assert skipped > 0
    assert len(job.message.splitlines()) == skipped
    assert all("contractors-example.xml:" in line for line in job.message.splitlines())


def test_import_file_imports_from_the_command_line_with_progress():
    seen: list[int] = []
    counts = import_file(path=D16 / "import0_1@140ea46.xml", progress=seen.append)
    assert counts["products"]["created"] == 1197
    assert seen == [1197 + 59 + 10]
    with pytest.raises(CmlError, match="unknown group"):
        import_file(path=CARONO / "tests__xml__import_wo_classifier.xml")


def test_catalog_deactivate_archives_the_1c_products_not_sent_since():
    job_run(job_for(D16 / "import0_1@140ea46.xml"))
    since = timezone.now()
    kept = job_run(job_for(D16 / "offers0_1@5f193f2.xml"))
    assert kept.status == ImportJob.Status.DONE
    named = set(
        Product.objects.filter(exchange_mark__exchanged_at__gte=since).values_list("id", flat=True)
    )
    archived = catalog_deactivate(since=since)
    assert archived == Product.objects.count() - len(named) > 0
    assert set(Product.objects.filter(is_active=True).values_list("id", flat=True)) == named


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_batches_are_written_while_the_next_is_read(tmp_path, monkeypatch):
    catalog = catalog_write(tmp_path / "import.xml", products=900)
    offers = offers_write(tmp_path / "offers.xml", offers=900, prices=3, stocks=2)
    _generated_references(price_types=3, warehouses=2)
    monkeypatch.setattr(run, "BATCH", 200)
    threads: set[str] = set()
    write = run.FileImport._write

    def write_noting_thread(self, records, counts):
        threads.add(threading.current_thread().name)
        write(self, records, counts)

    monkeypatch.setattr(run.FileImport, "_write", write_noting_thread)
    for path in (catalog, offers):
        job, steps = job_for(path), 0
        while job.status == ImportJob.Status.PENDING or job.status == ImportJob.Status.RUNNING:
            import_step(job=job, deadline=time.monotonic())
            steps += 1
        assert (job.status, job.message) == (ImportJob.Status.DONE, "")
        assert steps == 5
    assert threads
    assert all(name.startswith("okno-import") for name in threads)
    assert Product.objects.count() == 900
    assert Price.objects.count() == 2700
    assert Stock.objects.count() == 1800
    assert StockMovement.objects.count() == 900


@pytest.mark.django_db(transaction=True)
def test_a_batch_goes_short_when_the_writer_would_wait(tmp_path, monkeypatch):
    catalog = catalog_write(tmp_path / "import.xml", products=900)
    monkeypatch.setattr(run, "BATCH_LEAST", 100)
    written: list[int] = []
    import_file(path=catalog, progress=written.append)
    # Whole batches of 2,000 would write the file at once; the first goes at a hundred
    # objects, the writer having nothing to do yet.
    assert len(written) > 1
    assert written[0] < 900
    assert Product.objects.count() == 900


@pytest.mark.django_db(transaction=True)
def test_slices_asked_from_different_threads_read_the_file_on_one(tmp_path, monkeypatch):
    """A worker answers 1C's requests on any of its threads; lxml's open reader must stay
    on the thread that made it, and it is continued, not read again from the start."""
    catalog = catalog_write(tmp_path / "import.xml", products=900)
    monkeypatch.setattr(run, "BATCH", 200)
    readers: set[str] = set()
    batches = run.FileImport._batches

    def batches_noting_thread(self, *args):
        for batch in batches(self, *args):
            readers.add(threading.current_thread().name)
            yield batch

    monkeypatch.setattr(run.FileImport, "_batches", batches_noting_thread)
    opened = []
    monkeypatch.setattr(jobs, "records_of", _counting(jobs.records_of, opened))
    job = job_for(catalog)
    while job.status in (ImportJob.Status.PENDING, ImportJob.Status.RUNNING):
        request = threading.Thread(
            target=import_step, kwargs={"job": job, "deadline": time.monotonic()}
        )
        request.start()
        request.join()

    assert (job.status, job.message) == (ImportJob.Status.DONE, "")
    assert len(readers) == 1
    assert len(opened) == 1
    assert Product.objects.count() == 900


def _counting(function, calls: list):
    def counted(*args, **kwargs):
        calls.append(kwargs.get("skip", 0))
        return function(*args, **kwargs)

    return counted


def test_a_job_whose_file_is_gone_fails_and_says_so():
    job = job_for(D16 / "import0_1@140ea46.xml", name="import0_1.xml")
    (session_folder(job.session) / "import0_1.xml").unlink()
    job = job_run(job)
    assert (job.status, job.message) == (ImportJob.Status.FAILED, "import0_1.xml: file not found")


def test_a_catalog_sent_again_is_passed_over_by_the_reader_and_a_change_is_written(
    tmp_path, monkeypatch
):
    catalog = catalog_write(tmp_path / "import.xml", products=30)
    import_file(path=catalog)
    text = catalog.read_text(encoding="utf-8")
    changed = tmp_path / "changed.xml"
    changed.write_text(text.replace(">Товар номер 7<", ">Товар номер семь<", 1), encoding="utf-8")
    built = []
    seen = run.FileImport._batches

    def batches(file_import):
        for batch in seen(file_import):
            built.extend(r for r in batch.records if hasattr(r, "known"))
            yield batch

    monkeypatch.setattr(run.FileImport, "_batches", batches)

    again = import_file(path=catalog)
    assert _figures(again["products"]) == {"unchanged": 30}
    assert len(built) == 30
    assert all(record.known for record in built)

    built.clear()
    counts = import_file(path=changed)
    assert _figures(counts["products"]) == {"updated": 1, "unchanged": 29}
    assert [r.name for r in built if not r.known] == ["Товар номер семь"]
    assert Product.objects.filter(name="Товар номер семь").count() == 1


def test_an_archived_product_sent_again_unchanged_is_read_in_full_and_back_on_sale(tmp_path):
    catalog = catalog_write(tmp_path / "import.xml", products=5)
    import_file(path=catalog)
    archived = Product.objects.order_by("id").first()
    Product.objects.filter(id=archived.id).update(is_active=False)

    counts = import_file(path=catalog)
    assert _figures(counts["products"]) == {"updated": 1, "unchanged": 4}
    assert Product.objects.get(id=archived.id).is_active


def test_offers_sent_again_are_passed_over_by_the_reader(tmp_path):
    import_file(path=catalog_write(tmp_path / "import.xml", products=4))
    offers = offers_write(tmp_path / "offers.xml", offers=4, prices=3, stocks=2)
    _generated_references(price_types=3, warehouses=2)
    import_file(path=offers)
    prices = dict(Price.objects.values_list("id", "updated_at"))

    again = import_file(path=offers)
    assert _figures(again["offers"]) == {"unchanged": 4}
    assert "prices" not in again
    assert "stocks" not in again
    assert dict(Price.objects.values_list("id", "updated_at")) == prices


def _figures(counts: dict) -> dict:
    return {figure: number for figure, number in counts.items() if number}
