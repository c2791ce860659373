"""What easing the cycle collector during an import rests on (`run.collector_eased`):
importing makes no reference cycles of its records and rows, so what it drops is freed at
once, and the collector finds only the few cycles each file sets up, however many objects
the file holds."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from okno.catalog.models import Price
from okno.exchange.importing import import_file
from okno.exchange.tests.generated_files import catalog_write, offers_write
from okno.exchange.tests.test_import_jobs import _generated_references

pytestmark = pytest.mark.django_db

# Objects in the cycles one file's import sets up, however many objects the file holds
# (72 when measured, for 300 objects as for 3,000).
PER_FILE = 200


@pytest.fixture
def collector_off():
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def test_an_import_leaves_the_collector_a_few_objects_a_file_not_one_per_object(
    tmp_path: Path, collector_off
):
    _generated_references(price_types=5, warehouses=3)
    products = catalog_write(tmp_path / "import.xml", products=1_500)
    offers = offers_write(tmp_path / "offers.xml", offers=1_500, prices=5, stocks=3)

    import_file(path=products)
    import_file(path=offers)

    assert Price.objects.count() == 7_500
    assert gc.collect() < 2 * PER_FILE
