"""The demo's exchange with 1C: `okno seed` connects the demo's 1C login and leaves a day of
exchanges in the log — files on disk that parse, a failure that points at its node."""

import dataclasses

import pytest
from django.urls import reverse
from lxml import etree

from okno.accounts.models import User
from okno.catalog.models import Product
from okno.demo import seed as seed_module
from okno.demo.seed import seed
from okno.exchange.models import ExchangeSession, Integration
from okno.exchange.storage import exchange_file_path

pytestmark = pytest.mark.django_db


class _Quiet:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass


@pytest.fixture
def seeded(monkeypatch, settings, tmp_path):
    settings.OKNO_EXCHANGE_DIR = tmp_path / "exchange"
    size = dataclasses.replace(
        seed_module.SCALES["small"], clients=3, products=60, orders=6, orders_sqlite=6
    )
    monkeypatch.setitem(seed_module.SCALES, "small", size)
    seed("small", stdout=_Quiet())


def _sessions() -> list[ExchangeSession]:
    return list(ExchangeSession.objects.order_by("started_at"))


def test_the_demo_1c_login_has_an_integration_with_a_day_of_exchanges(seeded):
    integration = Integration.objects.get(user__email="1c@okno.demo")
    failed, good, orders = _sessions()
    assert [s.status for s in (failed, good, orders)] == ["failure", "success", "success"]
    assert [s.kind for s in (failed, good, orders)] == ["catalog", "catalog", "sale"]
    assert integration.last_success_at == orders.finished_at
    assert failed.alerted_at is not None  # no letter about the demo's past on its first start
    assert good.requests.filter(mode="file", filename="offers0_1.xml").count() == 2
    assert list(good.imports.values_list("status", flat=True)) == ["done", "done"]
    assert orders.requests.filter(mode="query").exists()


def test_the_stored_files_are_the_catalogs_products_and_parse(seeded):
    good = _sessions()[1]
    for stored in good.files.all():
        path = exchange_file_path(stored)
        assert path.stat().st_size == stored.size
        root = etree.parse(str(path)).getroot()
        assert etree.QName(root).localname == "КоммерческаяИнформация"
    products = etree.parse(str(exchange_file_path(good.files.get(name="import0_1.xml"))))
    ids = [e.text for e in products.iter("{urn:1C.ru:commerceml_2}Ид")]
    assert Product.objects.filter(external_id__in=ids).count() == 5
    catalog = products.find("{urn:1C.ru:commerceml_2}Каталог")
    assert catalog.get("СодержитТолькоИзменения") == "true"


def test_the_failure_names_the_node_of_the_unknown_price_type(seeded):
    failed = _sessions()[0]
    offers = failed.files.get(name="offers0_1.xml")
    location, _space, rest = failed.message.partition(" ")
    name, line, column = location.split(":")
    assert name == "offers0_1.xml"
    text = exchange_file_path(offers).read_bytes().split(b"\n")[int(line) - 1].decode()
    assert text[int(column) - 1 :].startswith("<Цена>")
    assert rest.startswith("/КоммерческаяИнформация/ПакетПредложений/Предложения/Предложение[5]")
    assert "unknown price type" in rest
    assert failed.imports.get(file=offers).message == failed.message


def test_a_second_seed_adds_no_sessions(seeded):
    before = ExchangeSession.objects.count()
    seed("small", stdout=_Quiet())
    assert ExchangeSession.objects.count() == before


def test_the_log_shows_the_demo_sessions(seeded, client):
    client.force_login(User.objects.get(email="admin@okno.demo"))
    text = client.get(reverse("exchange_log:list")).content.decode()
    assert "1С:Управление торговлей 11" in text
    assert "unknown price type" in text
