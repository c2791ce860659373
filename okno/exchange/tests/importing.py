"""What the import tests share: exchange jobs for files, the real files grouped as 1C sends
them, and an independent count of what those files hold, by the standard library's
ElementTree over the whole tree."""

from __future__ import annotations

import shutil
import uuid
import xml.etree.ElementTree as ElementTree
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from okno.exchange.importing import import_step
from okno.exchange.models import ExchangeFile, ExchangeSession, ImportJob
from okno.exchange.storage import session_folder

SAMPLES = Path(__file__).parent / "cml"

# Real files whose long lists are written an object to its own lines: the reader leaves
# lines of them out, both when resuming and where objects are unchanged.
LONG_LISTS = {
    "offers 2.07": SAMPLES / "d16izhevsk__1coutlet" / "offers0_1@5f193f2.xml",
    "catalog 2.07": SAMPLES / "d16izhevsk__1coutlet" / "import0_1@140ea46.xml",
    "offers 2.04": SAMPLES / "irpsv__commerceml" / "tests__assets__cs-cart__offers.xml",
}


def _files(pattern: str, *names: str) -> tuple[str, ...]:
    return tuple(pattern.format(name) for name in names)


_FREESPORT = "AlexMobiCraft__FREESPORT-B2B/backend__tests__fixtures__1c-data__{}.xml"
_MODULE_6 = "irpsv__commerceml/tests__assets__bitrix-module-6__{}@41056aa.xml"
_IRPSV = "irpsv__commerceml/tests__assets__{}.xml"
_DOBROMYSLOV = "dobromyslov__commerceml-parser/data__{}.xml"

# The real files in the order one exchange sends them: the classifier and catalog before
# offers, prices and stock, documents last. Files of one set share a database.
SETS: dict[str, tuple[str, ...]] = {
    "freesport-3.1": _files(
        _FREESPORT,
        "groups__groups",
        "storages__storages",
        "units__units",
        "propertiesGoods__propertiesGoods_1_1_10f30faa-0a70-44df-bf00-799144e59493",
        "propertiesOffers__propertiesOffers_1_1_6a1a8235-d7e8-41d9-9ba0-748c4d67d65e",
        "goods__import_files__goods",
        "priceLists__priceLists",
        "offers__offers",
        "prices__prices",
        "rests__rests",
        "contragents__contragents",
    )
    + _files(
        "AlexMobiCraft__FREESPORT-B2B/docs__integrations__1c__samples__{}.xml",
        "order-export-org-warehouse-diagnostic",
    ),
    "argentcrusade-2.09": _files(
        "ArgentCrusade__commerceml/tests__fixtures__{}-example.xml",
        "group",
        "products",
        "prices",
        "remainders",
        "contractors",
        "documents",
    ),
    "bigperson-2.08": _files(
        "bigperson__exchange1c/tests__xml__{}.xml", "classifier", "import", "offers"
    ),
    "carono-2.07": _files(
        "carono__php-commerceml/tests__xml__{}.xml",
        "classifier",
        "import",
        "import_wo_classifier",
        "offers",
        "orders",
    ),
    "carono-yii2": _files(
        "carono__yii2-1c-exchange/files__xml__{}.xml", "import", "offers", "from", "to"
    ),
    "d16izhevsk-2.07": _files(
        "d16izhevsk__1coutlet/{}.xml", "import0_1@140ea46", "offers0_1@5f193f2"
    ),
    "dobromyslov-2.07": _files(_DOBROMYSLOV, "import0_1", "offers0_1"),
    "dobromyslov-nested": _files(_DOBROMYSLOV, "import0_1_with_nested_groups"),
    "dobromyslov-bitrix": _files(
        _DOBROMYSLOV, "bitrix-query-response-full", "bitrix-query-response-empty"
    ),
    "gillbeits-2.09-package": _files(
        "gillbeits__commerceml/example__{}.xml",
        "import___b815e2db-7a65-4265-9241-5f0c4f0565a7",
        "offers___7f304edc-2527-4d3d-b058-6e4ee53de2e0",
        "offers___f0bab95c-14a6-4141-9746-6650b65f1191",
        "prices___d66a6b51-ce9c-4e7a-8c7c-25079721107f",
        "rests___1af6e7b8-a026-4690-9752-1c9d64cb914d",
    ),
    "gillbeits-2.03": _files("gillbeits__commerceml/tests__{}@6005298.xml", "import", "offers"),
    "bitrix-module-3.1": _files(
        _MODULE_6,
        "import",
        "properties__1__import",
        "properties__1__offers",
        "goods__1__import",
        "goods__1__offers",
        "goods__1__prices",
        "goods__1__rests",
        "documents__1__documents",
        "documents__2__documents",
    ),
    "cs-cart-2.04": _files(_IRPSV, "cs-cart__import", "cs-cart__offers"),
    "off-doc-2.04": _files(
        _IRPSV,
        "off-doc-1c__import",
        "off-doc-1c__offers",
        "off-doc-1c__orders",
        "off-doc-1c__orders@41056aa",
    ),
    "ready-script": _files(_IRPSV, "ready-script__import", "ready-script__offers"),
    "real-1c-ut101": _files(
        _IRPSV, "real-1c-ut101__import@41056aa", "real-1c-ut101__offers@41056aa"
    ),
    "umi-cms-2.04": _files(_IRPSV, "umi-cms__import", "umi-cms__offers"),
    "django-cml-2.05": _files("sergey-gru__django-cml2/tests__tests_fixtures__{}.xml", "import"),
}

# ArgentCrusade's files are fragments of an exchange whose classifier is not among them:
# the group, price type and warehouse they name were sent before.
SENT_BEFORE = {
    "argentcrusade-2.09": {
        "groups": ["dad4ab38-8d6c-11e7-80e5-9e70408b1b6c"],
        "price_types": ["d023050c-8ecc-11e6-80cc-8ba31e8e113c"],
        "warehouses": [
            f"{prefix}-38d547224d22"
            for prefix in (
                "40a509b5-2a20-11e7-8ec8",
                "7417c61e-dd47-11e6-92de",
                "749f81f9-c5a3-11e6-a4cf",
                "9bf5be08-af08-11e7-a56d",
                "a3d8885d-d931-11e6-a8e7",
                "c7ceb2f4-833b-11e7-b922",
                "ebab87fa-bcf4-11e6-b36c",
            )
        ],
    }
}


def job_for(path: Path, *, session: ExchangeSession | None = None, name: str = "") -> ImportJob:
    """An import job of a copy of `path` received in `session` (a new one when None)."""
    if session is None:
        session = ExchangeSession.objects.create(
            kind=ExchangeSession.Kind.CATALOG, cookie=uuid.uuid4().hex, sessid="test"
        )
    name = name or path.name
    target = session_folder(session) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    exchange_file = ExchangeFile.objects.create(
        session=session, name=name, size=target.stat().st_size, parts=1
    )
    return ImportJob.objects.create(session=session, file=exchange_file)


def job_run(job: ImportJob, *, seconds: float = 600) -> ImportJob:
    """Call `import_step` as the exchange does until the job is done or failed."""
    import time

    for _ in range(10_000):
        import_step(job=job, deadline=time.monotonic() + seconds)
        if job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
            break
    job.refresh_from_db()
    return job


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


@dataclass
class XmlFacts:
    """What files hold, counted from the XML itself: objects per file by kind, and the
    distinct rows the catalog should end with."""

    per_file: Counter = field(default_factory=Counter)
    groups: set = field(default_factory=set)
    products: set = field(default_factory=set)
    prices: set = field(default_factory=set)
    stocks: set = field(default_factory=set)


def xml_facts(path: Path, facts: XmlFacts) -> XmlFacts:
    """Add one file's objects to `facts` (its per-file counts replace the previous file's)."""
    facts.per_file = Counter()
    _walk(ElementTree.parse(path).getroot(), (), facts)
    return facts


def _child_text(element: ElementTree.Element, name: str) -> str:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def _children(element: ElementTree.Element, *names: str):
    found = [element]
    for name in names:
        found = [child for parent in found for child in parent if _local(child.tag) == name]
    return found


def _walk(element: ElementTree.Element, chain: tuple[str, ...], facts: XmlFacts) -> None:
    name = _local(element.tag)
    if name == "Группа" and "Классификатор" in chain:
        facts.per_file["groups"] += 1
        facts.groups.add(_child_text(element, "Ид"))
    elif name == "Товар" and chain[-2:] == ("Каталог", "Товары"):
        facts.per_file["products"] += 1
        facts.products.add(_child_text(element, "Ид"))
    elif name == "Предложение":
        _offer(element, facts)
    for child in element:
        _walk(child, (*chain, name), facts)


def _offer(element: ElementTree.Element, facts: XmlFacts) -> None:
    offer_id = _child_text(element, "Ид")
    facts.per_file["offers"] += 1
    facts.products.add(offer_id)
    for price in _children(element, "Цены", "Цена"):
        facts.per_file["prices"] += 1
        facts.prices.add((offer_id, _child_text(price, "ИдТипаЦены")))
    warehouses = [
        stock.get("ИдСклада") for stock in _children(element, "Склад") if stock.get("ИдСклада")
    ] + [_child_text(stock, "Ид") for stock in _children(element, "Остатки", "Остаток", "Склад")]
    if warehouses:
        facts.per_file["stocks"] += len(warehouses)
        facts.stocks.update((offer_id, warehouse) for warehouse in warehouses)
    elif _children(element, "Количество"):
        facts.per_file["stocks"] += 1
        facts.stocks.add((offer_id, "default"))
