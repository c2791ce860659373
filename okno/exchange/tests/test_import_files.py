"""Every real exchange file imports through `import_step`, in the order 1C sends it, with
what it holds in the catalog as counted from its XML; a second import of the same files
changes nothing."""

from __future__ import annotations

import sys
import types

import pytest

from okno.catalog.models import (
    Price,
    PriceType,
    Product,
    ProductGroup,
    Stock,
    StockMovement,
    Warehouse,
)
from okno.catalog.tests.factories import ProductGroupFactory
from okno.exchange.models import ImportJob
from okno.exchange.tests.importing import (
    SAMPLES,
    SENT_BEFORE,
    SETS,
    XmlFacts,
    job_for,
    job_run,
    xml_facts,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def exchange_dir(settings, tmp_path):
    settings.OKNO_EXCHANGE_DIR = tmp_path / "exchange"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sale_side(monkeypatch):
    """The sale side as the importer calls it, recording the batches it is handed."""
    handed: dict[str, list] = {"counterparties": [], "documents": []}

    def counterparties_apply(*, records, messages):
        handed["counterparties"] += records
        return {"created": len(records), "updated": 0, "unchanged": 0, "errors": 0}

    def documents_apply(*, records, file_name, generated_at, messages):
        handed["documents"] += records
        return {"created": 0, "updated": len(records), "unchanged": 0, "errors": 0}

    sale = types.ModuleType("okno.exchange.sale")
    sale.counterparties_apply = counterparties_apply  # type: ignore[attr-defined]
    sale.documents_apply = documents_apply  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "okno.exchange.sale", sale)
    return handed


def _sent_before(set_name: str) -> None:
    for external_id in SENT_BEFORE.get(set_name, {}).get("groups", []):
        ProductGroupFactory(external_id=external_id)
    for external_id in SENT_BEFORE.get(set_name, {}).get("price_types", []):
        PriceType.objects.create(name="Основная", external_id=external_id)
    for number, external_id in enumerate(SENT_BEFORE.get(set_name, {}).get("warehouses", [])):
        Warehouse.objects.create(name=f"Склад {number}", external_id=external_id)


def _processed(counts: dict, kind: str) -> int:
    figures = counts.get(kind, {})
    return sum(figures.get(name, 0) for name in ("created", "updated", "unchanged"))


def _import_set(set_name: str) -> tuple[list[ImportJob], XmlFacts]:
    jobs, facts = [], XmlFacts()
    for name in SETS[set_name]:
        path = SAMPLES / name
        job = job_run(job_for(path))
        assert (job.status, job.message) == (ImportJob.Status.DONE, ""), name
        xml_facts(path, facts)
        for kind in ("groups", "products", "offers"):
            assert _processed(job.counts, kind) == facts.per_file[kind], (name, kind)
        jobs.append(job)
    return jobs, facts


def _created(jobs: list[ImportJob], kind: str) -> int:
    return sum(job.counts.get(kind, {}).get("created", 0) for job in jobs)


@pytest.mark.parametrize("set_name", sorted(SETS))
def test_real_files_import_with_what_their_xml_holds(set_name, sale_side):
    _sent_before(set_name)
    jobs, facts = _import_set(set_name)
    facts.groups.update(SENT_BEFORE.get(set_name, {}).get("groups", []))
    assert ProductGroup.objects.count() == len(facts.groups)
    assert Product.objects.count() == len(facts.products)
    assert Price.objects.count() == len(facts.prices) == _created(jobs, "prices")
    assert Stock.objects.count() == len(facts.stocks) == _created(jobs, "stocks")
    assert len(sale_side["documents"]) == sum(_processed(job.counts, "documents") for job in jobs)


def _snapshot() -> tuple:
    return (
        dict(Product.objects.values_list("id", "updated_at")),
        set(Product.objects.filter(is_active=True).values_list("id", flat=True)),
        dict(Price.objects.values_list("id", "updated_at")),
        dict(Stock.objects.values_list("id", "free")),
        StockMovement.objects.count(),
        dict(ProductGroup.objects.values_list("id", "name")),
    )


@pytest.mark.parametrize("set_name", sorted(SETS))
def test_real_files_sent_again_change_nothing(set_name, sale_side):
    _sent_before(set_name)
    for name in SETS[set_name]:
        job_run(job_for(SAMPLES / name))
        before = _snapshot()
        again = job_run(job_for(SAMPLES / name))
        kinds = ("groups", "properties", "units", "products", "offers", "prices", "stocks")
        for kind in kinds:
            figures = again.counts.get(kind, {})
            assert figures.get("created", 0) == figures.get("updated", 0) == 0, (name, kind)
        assert _snapshot() == before, name


def test_every_real_file_is_imported_by_some_set():
    kept = {str(path.relative_to(SAMPLES)) for path in SAMPLES.rglob("*.xml")}
    assert kept == {name for names in SETS.values() for name in names}
