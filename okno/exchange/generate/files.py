"""Writing the files: streamed with `lxml.etree.xmlfile`, one object built and written at a
time, so memory stays flat whatever the number of products. UTF-8 with a BOM and 1C's
declaration, tab-indented as 1C writes them."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from okno.exchange.generate import elements, plan
from okno.exchange.generate.elements import Classifier
from okno.exchange.generate.plan import CatalogSpec

NAMESPACES = {
    "2.07": "urn:1C.ru:commerceml_2",
    "2.09": "urn:1C.ru:commerceml_2",
    "3.1": "urn:1C.ru:commerceml_3",
}
XS = "http://www.w3.org/2001/XMLSchema"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
HEAD = b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8"?>\n'


@dataclass
class GeneratedFile:
    """A written file, under its name as 1C sends it, with the objects it holds."""

    name: str
    path: Path
    products: int = 0
    offers: int = 0
    prices: int = 0
    stocks: int = 0


class _Document:
    """An open file: sections are opened as contexts, objects written one by one."""

    def __init__(self, writer, namespace: str) -> None:
        self.writer = writer
        self.namespace = namespace

    @contextmanager
    def section(self, tag: str, level: int, attributes: dict[str, str] | None = None):
        self.writer.write("\n" + "\t" * level)
        with self.writer.element(f"{{{self.namespace}}}{tag}", attributes or {}):
            yield
            self.writer.write("\n" + "\t" * level)

    def put(self, element: etree._Element, level: int) -> None:
        etree.indent(element, space="\t", level=level)
        self.writer.write("\n" + "\t" * level)
        self.writer.write(element)

    def text(self, tag: str, value: str, level: int) -> None:
        element = etree.Element(tag)
        element.text = value
        self.put(element, level)


@contextmanager
def _document(path: Path, spec: CatalogSpec) -> Iterator[_Document]:
    namespace = NAMESPACES[spec.version]
    attributes = {
        "ВерсияСхемы": spec.version,
        "ДатаФормирования": spec.generated_at.isoformat(timespec="seconds"),
    }
    with path.open("wb") as out:
        out.write(HEAD)
        with etree.xmlfile(out, encoding="utf-8") as writer:
            nsmap = {None: namespace, "xs": XS, "xsi": XSI}
            with writer.element(f"{{{namespace}}}КоммерческаяИнформация", attributes, nsmap=nsmap):
                yield _Document(writer, namespace)
                writer.write("\n")


def _only_changes(spec: CatalogSpec, *, package: bool) -> dict[str, str]:
    # 1C's package exchange marks every file as changes only; a full one ends with
    # `mode=deactivate` instead.
    return {"СодержитТолькоИзменения": "true" if package or spec.only_changed else "false"}


def _head(document: _Document, spec: CatalogSpec, *, offers: bool = False) -> None:
    catalog_id = plan.guid(spec.seed, plan.DETAIL, 1)
    document.text("Ид", f"{catalog_id}#" if offers else catalog_id, 2)
    if offers:
        document.text("Наименование", "Пакет предложений (Основной каталог товаров)", 2)
        document.text("ИдКаталога", catalog_id, 2)
    document.text("ИдКлассификатора", catalog_id, 2)
    if not offers:
        document.text("Наименование", "Основной каталог товаров", 2)
    document.put(elements.owner(spec), 2)


def _classifier(document: _Document, classifier: Classifier, *, full: bool) -> None:
    spec = classifier.spec
    attributes = {"СодержитТолькоИзменения": "true"} if classifier.package else {}
    with document.section("Классификатор", 1, attributes):
        document.text("Ид", plan.guid(spec.seed, plan.DETAIL, 1), 2)
        document.text("Наименование", "Классификатор (Основной каталог товаров)", 2)
        document.put(elements.owner(spec), 2)
        if not full:
            return
        document.put(elements.groups(classifier), 2)
        document.put(elements.properties(classifier), 2)
        if classifier.package:
            document.put(elements.price_types(classifier), 2)
            document.put(elements.warehouses(classifier), 2)
            document.put(elements.units(classifier), 2)


def write_products(path: Path, name: str, classifier: Classifier) -> GeneratedFile:
    """The classifier and the catalog of products (`import0_1.xml`, `import___….xml`)."""
    spec = classifier.spec
    written = GeneratedFile(name, path)
    with _document(path, spec) as document:
        _classifier(document, classifier, full=True)
        attributes = _only_changes(spec, package=classifier.package)
        with document.section("Каталог", 1, attributes):
            _head(document, spec)
            with document.section("Товары", 2):
                for index in range(spec.products):
                    if spec.included(index):
                        document.put(elements.product(classifier, index), 3)
                        written.products += 1
    return written


def write_offers(path: Path, name: str, classifier: Classifier, part: str) -> GeneratedFile:
    """An offers file: `part` is "all" (2.07: names, prices, stock in one file), "offers",
    "prices" or "rests" (the package's three files)."""
    spec = classifier.spec
    written = GeneratedFile(name, path)
    build = {
        "all": elements.offer_207,
        "offers": elements.offer_head,
        "prices": elements.offer_prices,
        "rests": elements.offer_rests,
    }[part]
    with _document(path, spec) as document:
        if not classifier.package:
            _classifier(document, classifier, full=False)
        attributes = _only_changes(spec, package=classifier.package)
        with document.section("ПакетПредложений", 1, attributes):
            _head(document, spec, offers=True)
            if part == "all":
                document.put(elements.price_types(classifier), 2)
                document.put(elements.warehouses(classifier), 2)
            with document.section("Предложения", 2):
                for index in range(spec.products):
                    if not spec.included(index):
                        continue
                    for offer in elements.offers_of(spec, index):
                        document.put(build(classifier, offer), 3)
                        written.offers += 1
        if part in ("all", "prices"):
            written.prices = written.offers * spec.price_types
        if part in ("all", "rests"):
            written.stocks = written.offers * spec.warehouses
    return written


def cml_files_write(*, spec: CatalogSpec, folder: Path) -> list[GeneratedFile]:
    """Write the exchange files of `spec` into `folder`, in the order 1C imports them:
    `import0_1.xml` and `offers0_1.xml` for version 2.07; for 2.09 and 3.1 the package
    `import___<guid>.xml`, `offers___…`, `prices___…`, `rests___…`."""
    folder.mkdir(parents=True, exist_ok=True)
    classifier = Classifier(spec)
    if not classifier.package:
        return [
            write_products(folder / "import0_1.xml", "import0_1.xml", classifier),
            write_offers(folder / "offers0_1.xml", "offers0_1.xml", classifier, "all"),
        ]
    written = []
    for number, part in enumerate(("import", "offers", "prices", "rests")):
        file_id = plan.guid(spec.seed, plan.FILE, number + 10 * spec.only_changed)
        name = f"{part}___{file_id}.xml"
        if part == "import":
            written.append(write_products(folder / name, name, classifier))
        else:
            written.append(write_offers(folder / name, name, classifier, part))
    return written


def cml_archive_write(*, files: list[GeneratedFile], path: Path) -> Path:
    """One zip archive of the files, as 1C sends them with `zip=yes`."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for generated in files:
            archive.write(generated.path, arcname=generated.name)
    return path
