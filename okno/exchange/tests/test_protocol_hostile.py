"""Malformed and hostile files through the endpoint with the real importer: a clear
`failure`, and the catalog as it was."""

from pathlib import Path

import pytest

from okno.catalog.models import Product
from okno.exchange.models import ExchangeSession, ImportJob
from okno.exchange.tests.conftest import text

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "cml" / "dobromyslov__commerceml-parser" / "data__import0_1.xml"
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<КоммерческаяИнформация ВерсияСхемы="2.07"><Каталог><Наименование>&lol4;</Наименование>
</Каталог></КоммерческаяИнформация>"""


def import_to_the_end(one_c, filename: str) -> str:
    for _ in range(100):
        answer = text(one_c.get("import", filename=filename))
        if not answer.startswith("progress\n"):
            return answer
    raise AssertionError("no end of the import")


def catalog_state() -> list:
    return sorted(Product.objects.values_list("external_id", "name", "is_active"))


def test_a_billion_laughs_file_fails_and_changes_nothing(one_c):
    one_c.checkauth()
    one_c.file("import.xml", BILLION_LAUGHS.encode())
    before = catalog_state()
    answer = import_to_the_end(one_c, "import.xml")
    assert answer.startswith("failure\nimport.xml:")
    assert catalog_state() == before
    assert ExchangeSession.objects.get().status == ExchangeSession.Status.FAILURE


def test_a_truncated_file_fails_and_keeps_what_the_catalog_had(one_c):
    one_c.checkauth()
    one_c.file("import0_1.xml", SAMPLE.read_bytes())
    assert import_to_the_end(one_c, "import0_1.xml").startswith("success\n")
    before = catalog_state()
    assert len(before) == 36
    one_c.checkauth()
    truncated = SAMPLE.read_bytes()[: len(SAMPLE.read_bytes()) // 2]
    one_c.file("import0_1.xml", truncated)
    answer = import_to_the_end(one_c, "import0_1.xml")
    assert answer.startswith("failure\nimport0_1.xml:")
    assert ImportJob.objects.filter(status=ImportJob.Status.FAILED).count() == 1
    assert catalog_state() == before
