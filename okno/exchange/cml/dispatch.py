"""What the reader does with each element lxml hands over: where it is (an object of a long
list, a section, an owner), which record it makes, and dropping what has been read."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from okno.exchange.cml import catalog, offers, parties
from okno.exchange.cml.locate import Locator
from okno.exchange.cml.records import CmlError, FileHeader, Position, Record, SectionStart
from okno.exchange.cml.values import (
    children_by_name,
    datetime_parse,
    flag_parse,
    local_name,
    text_of,
)

SECTIONS = {
    "Классификатор": "classifier",
    "Каталог": "catalog",
    "ПакетПредложений": "offers",
    "Контрагенты": "counterparties",
}

# (element, its parent) → kind of object, for objects that sit in a section's list.
_SECTION_OBJECTS = {
    ("Группа", "Группы"): "group",
    ("Свойство", "Свойства"): "property",
    ("СвойствоНоменклатуры", "Свойства"): "property",
    ("ТипЦены", "ТипыЦен"): "price_type",
    ("Склад", "Склады"): "warehouse",
    ("ЕдиницаИзмерения", "ЕдиницыИзмерения"): "unit",
    ("Товар", "Товары"): "product",
    ("Предложение", "Предложения"): "offer",
}


@dataclass(slots=True)
class _Section:
    kind: str
    element: etree._Element
    position: Position
    emitted: SectionStart | None = None
    # The line of the element that made the header be read: a `СодержитТолькоИзменения`
    # after it belongs to a second header, however far lxml has read ahead.
    started_line: int = 0


class ObjectReader:
    """Turns the start and end events of one file into records. Objects are counted as
    they end; the first `skip` are counted without being built."""

    def __init__(self, *, locator: Locator, skip: int, offers_properties: bool) -> None:
        self.locator = locator
        self.skip = skip
        self.seen = 0
        self.root_seen = False
        self.offers_properties = offers_properties
        self.section: _Section | None = None
        self.documents_started = False
        self.stack: list[tuple[etree._Element, str | None]] = []
        self.counters: dict[str, tuple[etree._Element | None, int]] = {}

    # --- events ---------------------------------------------------------------------------

    def started(self, element: etree._Element) -> Iterator[Record]:
        parent = element.getparent()
        local = local_name(element.tag)
        if parent is None:
            self.stack.append((element, None))
            yield from self._root_started(element, local)
            return
        kind = self._kind_of(element, local, parent)
        self.stack.append((element, kind))
        if kind is None:
            if local in SECTIONS and parent.getparent() is None:
                self._section_open(element, local)
            return
        counted = self.counters.get(local)
        ordinal = counted[1] + 1 if counted is not None and counted[0] is parent else 1
        self.counters[local] = (parent, ordinal)
        self.locator.ordinals[element] = ordinal
        if kind in ("document", "container") and not self.documents_started:
            self.documents_started = True
            yield SectionStart("documents", "", "", None, "", "", self.locator.position(element))
        elif self.section is not None and self.section.emitted is None:
            yield self._section_start(element)

    def ended(self, element: etree._Element) -> Iterator[Record]:
        _, kind = self.stack.pop()
        if kind is None:
            yield from self._other_ended(element)
            return
        ordinal = self.locator.ordinals.pop(element)
        local = local_name(element.tag)
        if kind != "container":
            path = self.locator.object_path(element, local, ordinal)
            yield from self._objects_of(element, kind, path)
        element.clear(keep_tail=False)
        parent = element.getparent()
        if parent is not None:
            while element.getprevious() is not None:
                del parent[0]

    def syntax_error(self, error: etree.XMLSyntaxError) -> CmlError:
        line, column = error.position
        path = self.locator.path(self.stack[-1][0]) if self.stack else "/"
        message = error.msg.split(", line ")[0] if error.msg else "malformed XML"
        return CmlError(
            Position(self.locator.name, line, column, path), f"malformed XML: {message}"
        )

    # --- where an element is -------------------------------------------------------------

    def _kind_of(self, element: etree._Element, local: str, parent: etree._Element) -> str | None:
        parent_local = local_name(parent.tag)
        kind = _SECTION_OBJECTS.get((local, parent_local))
        grandparent = parent.getparent()
        if kind is not None:
            if grandparent is None or local_name(grandparent.tag) not in SECTIONS:
                return None
            if kind == "product" and local_name(grandparent.tag) != "Каталог":
                return None
            return kind
        if local == "Контрагент" and parent_local == "Контрагенты":
            top = grandparent is None or grandparent.getparent() is None
            return "counterparty" if top else None
        if local == "Документ" and (grandparent is None or parent_local == "Контейнер"):
            return "document"
        if local == "Контейнер" and grandparent is None:
            return "container"
        return None

    # --- the file and its sections --------------------------------------------------------

    def _root_started(self, element: etree._Element, local: str) -> Iterator[Record]:
        position = self.locator.position(element, "/" + local)
        if element.getroottree().docinfo.doctype:
            raise CmlError(Position(self.locator.name, 1, 1, "/"), "DOCTYPE is not allowed")
        self.root_seen = True
        if local in SECTIONS:
            yield FileHeader("", None, position)
            self._section_open(element, local)
            return
        version = (element.get("ВерсияСхемы") or "").strip()
        yield FileHeader(version, datetime_parse(element.get("ДатаФормирования") or ""), position)

    def _section_open(self, element: etree._Element, local: str) -> None:
        kind = SECTIONS[local]
        if kind == "offers":
            self.offers_properties = True
        self.section = _Section(kind, element, self.locator.position(element))

    def _section_start(self, trigger: etree._Element) -> SectionStart:
        """The section's header, read once the children before `trigger` (its first object,
        its owner or its end) are in."""
        section = self.section
        assert section is not None
        section.started_line = trigger.sourceline or 0
        parts = children_by_name(section.element)
        only_changes = section.element.get("СодержитТолькоИзменения")
        element_form = parts.get("СодержитТолькоИзменения")
        before = element_form is not None and (
            trigger is section.element or (element_form.sourceline or 0) < section.started_line
        )
        if only_changes is None and before:
            only_changes = text_of(element_form)
        section.emitted = SectionStart(
            kind=section.kind,
            external_id=text_of(parts.get("Ид")),
            name=text_of(parts.get("Наименование")),
            only_changes=flag_parse(only_changes) if only_changes is not None else None,
            catalog_id=text_of(parts.get("ИдКаталога")),
            classifier_id=text_of(parts.get("ИдКлассификатора")),
            position=section.position,
        )
        return section.emitted

    def _other_ended(self, element: etree._Element) -> Iterator[Record]:
        """Sections, owners and 2.03's `СодержитТолькоИзменения` element."""
        section = self.section
        if section is None:
            return
        if element is section.element:
            if section.emitted is None:
                yield self._section_start(element)
            self.section = None
            element.clear(keep_tail=False)
            return
        if element.getparent() is not section.element:
            return
        local = local_name(element.tag)
        if local == "Владелец":
            if section.emitted is None:
                yield self._section_start(element)
            yield parties.owner_build(element, locator=self.locator)
            element.clear(keep_tail=False)
        elif (
            local == "СодержитТолькоИзменения"
            and section.emitted is not None
            and (element.sourceline or 0) > section.started_line
        ):
            # 2.03 says it after the section's objects: a second header carries the value.
            earlier = section.emitted
            section.emitted = SectionStart(
                kind=earlier.kind,
                external_id=earlier.external_id,
                name=earlier.name,
                only_changes=flag_parse(text_of(element)),
                catalog_id=earlier.catalog_id,
                classifier_id=earlier.classifier_id,
                position=self.locator.position(element),
            )
            yield section.emitted

    # --- objects --------------------------------------------------------------------------

    def _objects_of(self, element: etree._Element, kind: str, path: str) -> Iterator[Record]:
        locator = self.locator
        if kind == "group":
            for group_path, group, parent_id in catalog.group_records(
                element, locator=locator, path=path
            ):
                self.seen += 1
                if self.seen > self.skip:
                    yield catalog.group_build(
                        group, locator=locator, path=group_path, parent_id=parent_id
                    )
            return
        self.seen += 1
        if self.seen <= self.skip:
            return
        if kind == "offer":
            yield offers.offer_build(element, locator=locator, path=path)
        elif kind == "product":
            yield catalog.product_build(element, locator=locator, path=path)
        elif kind == "property":
            yield catalog.property_build(
                element, locator=locator, path=path, for_offers=self.offers_properties
            )
        elif kind == "price_type":
            yield catalog.price_type_build(element, locator=locator, path=path)
        elif kind == "warehouse":
            yield catalog.warehouse_build(element, locator=locator, path=path)
        elif kind == "unit":
            yield catalog.unit_build(element)
        elif kind == "counterparty":
            yield parties.counterparty_build(element, locator=locator, path=path)
        else:
            yield parties.document_build(element, locator=locator, path=path)
