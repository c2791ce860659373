"""`okno exchange import FILE…`: real 1C files imported from the command line with a
progress bar, stopping at a file that fails."""

import io
from pathlib import Path

import pytest

from okno import cli
from okno.catalog.models import Product
from okno.exchange.command import ProgressBar, exchange_files_import

SAMPLES = Path(__file__).parent / "cml" / "dobromyslov__commerceml-parser"

pytestmark = pytest.mark.django_db


def test_files_are_imported_in_turn_with_a_progress_bar():
    out, err = io.StringIO(), io.StringIO()
    paths = [SAMPLES / "data__import0_1.xml", SAMPLES / "data__offers0_1.xml"]
    assert exchange_files_import(paths=paths, out=out, err=err) == 0
    printed = out.getvalue()
    assert "data__import0_1.xml [##############################] 49/49" in printed
    assert "  товары: создано 36" in printed
    assert "  цены: создано 44\n" in printed
    assert err.getvalue() == ""
    assert Product.objects.filter(external_id__isnull=False).count() >= 36


def test_a_broken_file_stops_the_import_with_where(tmp_path):
    broken = tmp_path / "import.xml"
    broken.write_text("<?xml version='1.0'?><КоммерческаяИнформация><Каталог><Товары>")
    later = SAMPLES / "data__import0_1.xml"
    out, err = io.StringIO(), io.StringIO()
    assert exchange_files_import(paths=[broken, later], out=out, err=err) == 1
    assert err.getvalue().startswith("import.xml:1:")
    assert not Product.objects.exists()


def test_a_missing_file_is_named(tmp_path):
    err = io.StringIO()
    missing = tmp_path / "offers.xml"
    assert exchange_files_import(paths=[missing], out=io.StringIO(), err=err) == 2
    assert err.getvalue() == f"{missing}: файл не найден\n"


def test_the_bar_never_passes_its_total():
    out = io.StringIO()
    bar = ProgressBar(name="offers.xml", total=10, out=out)
    bar.update(5)
    bar.update(12)
    assert "[###############...............] 5/10" in out.getvalue()
    assert "[##############################] 10/10" in out.getvalue()


def test_the_command_takes_several_files():
    options = cli.build_parser().parse_args(["exchange", "import", "import.xml", "offers.xml"])
    assert options.handler == cli.cmd_exchange_import
    assert options.files == [Path("import.xml"), Path("offers.xml")]
