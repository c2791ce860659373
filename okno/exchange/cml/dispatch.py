"""What the reader does with each element lxml hands over: where it is (an object of a long
list, a section, an owner), which record it makes, and dropping what has been read."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from okno.exchange.cml import catalog, offers, parties, skipping, unchanged
from okno.exchange.cml.locate import BIG_LINE, Locator, line_of
from okno.exchange.cml.records import CmlError, FileHeader, Position, Record, SectionStart
from okno.exchange.cml.values import (
    children_by_name,
    children_named,
    datetime_parse,
    flag_parse,
    local_name,
    text_of,
)

SECTIONS = {
    "Классификатор": "classifier",
    "Каталог": "catalog",
    "ПакетПредложений": "offers",
    "ИзмененияПакетаПредложений": "offers",
    "Контрагенты": "counterparties",
}

# (element, its parent) → kind of object, for objects that sit in a section's list.
_SECTION_OBJECTS = {
    ("Группа", "Группы"): "group",
    ("Свойство", "Свойства"): "property",
    ("СвойствоНоменклатуры", "Свойства"): "property",
    ("ТипЦены", "ТипыЦен"): "price_type",
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


@dataclass(frozen=True, slots=True)
class _CutList:
    """The list whose unchanged objects the stream leaves out: its objects' name and kind."""

    element: etree._Element
    path: str
    local: str
    kind: str


class ObjectReader:
    """Turns the start and end events of one file into records. Objects are counted as
    they end; the first `skip` are counted without being built."""

    def __init__(
        self,
        *,
        locator: Locator,
        skip: int,
        offers_properties: bool,
        stream: skipping.SplicedStream | None = None,
        offers_known: offers.OffersKnown | None = None,
        products_known: catalog.ProductsKnown | None = None,
    ) -> None:
        self.locator = locator
        self.offers_known = offers_known
        self.products_known = products_known
        self.stream = stream
        self.splice: skipping.Splice | None = None
        self.cut: unchanged.UnchangedCut | None = None
        self.cut_tried = False
        self.cut_list: _CutList | None = None
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
        if kind in ("product", "offer"):
            self._skip_ahead(element, local, parent)
            if not self.cut_tried:
                self._cut_ahead(element, local, parent, kind)
        if kind != "warehouses":
            counted = self.counters.get(local)
            ordinal = counted[1] + 1 if counted is not None and counted[0] is parent else 1
            self.counters[local] = (parent, ordinal)
            self.locator.ordinals[element] = ordinal
        if kind in ("document", "container") and not self.documents_started:
            self.documents_started = True
            yield SectionStart("documents", "", "", None, "", "", self.locator.position(element))
        elif self.section is not None and self.section.emitted is None:
            self.section.emitted = self._section_start(element)
            yield self.section.emitted

    def ended(self, element: etree._Element) -> Iterator[Record]:
        _, kind = self.stack.pop()
        if kind is None:
            yield from self._other_ended(element)
            return
        if kind == "warehouses":
            yield from self._warehouses_of(element)
            element.clear(keep_tail=False)
            return
        ordinals = self.locator.ordinals
        tag = element.tag
        if self.cut is not None and kind in ("product", "offer"):
            yield from self._left_out_before(element)
        if kind != "container":
            path = self.locator.object_path(element, local_name(tag), ordinals[element])
            yield from self._objects_of(element, kind, path)
        del ordinals[element]  # only now: an error while building names it by its ordinal
        element.clear(keep_tail=False)
        # Earlier objects of the list go; the section's own children before them stay.
        parent = element.getparent()
        previous = element.getprevious()
        while parent is not None and previous is not None and previous.tag == tag:
            parent.remove(previous)
            previous = element.getprevious()

    def _skip_ahead(self, element: etree._Element, local: str, parent: etree._Element) -> None:
        """Plans leaving out the lines of many products or offers to be skipped (once per
        file), and once lxml reaches the cut, counts the objects left out."""
        splice = self.splice
        if splice is not None:
            if line_of(element) >= splice.line:
                counted = self.counters.get(local)
                ordinal = counted[1] if counted is not None and counted[0] is parent else 0
                self.counters[local] = (parent, ordinal + splice.objects_cut)
                self.seen += splice.objects_cut
                self.locator.shift_add(splice.line, splice.lines_cut)
                self.splice = None
            return
        stream = self.stream
        if stream is None or not self.skip or self.skip - self.seen < skipping.FAST_SKIP_MIN:
            return
        self.stream = None  # one attempt per file
        self.splice = stream.splice(
            tag=_written(element, local),
            list_tag=_written(parent, local_name(parent.tag)),
            remaining=self.skip - self.seen,
        )

    def _cut_ahead(
        self, element: etree._Element, local: str, parent: etree._Element, kind: str
    ) -> None:
        """Has the stream leave out the rest of the list's products or offers that the
        catalog holds unchanged (once per file, and not while resuming)."""
        self.cut_tried = True
        stream = self.stream
        first_line = element.sourceline or 0
        if stream is None or self.skip or not 0 < first_line < BIG_LINE:
            return
        if kind == "offer" and self.offers_known is not None:
            decide = unchanged.offers_decide(self.offers_known, stream.encoding)
        elif kind == "product" and self.products_known is not None:
            decide = unchanged.products_decide(self.products_known)
        else:
            return
        self.cut = stream.unchanged_cut(
            tag=_written(element, local),
            list_tag=_written(parent, local_name(parent.tag)),
            first_line=first_line,
            decide=decide,
            shift=self.locator.shift_add,
        )
        if self.cut is not None:
            self.cut_list = _CutList(parent, self.locator.path(parent), local, kind)

    def _left_out_before(self, element: etree._Element) -> Iterator[Record]:
        """The records of the objects left out before this one, which takes its ordinal
        after theirs."""
        before = self._left_out_until(line_of(element))
        if not before:
            return
        ordinal = self.locator.ordinals[element]
        self.locator.ordinals[element] = ordinal + len(before)
        self.counters[local_name(element.tag)] = (element.getparent(), ordinal + len(before))
        yield from self._left_out_records(before, first=ordinal)

    def left_out_rest(self, *, until: int | None = None) -> Iterator[Record]:
        """The records of the objects left out after the last one lxml read; with `until`,
        of those before that line (as lxml numbers them) only."""
        cut_list = self.cut_list
        before = self._left_out_until(until)
        if not before or cut_list is None:
            return
        counted = self.counters.get(cut_list.local)
        ordinal = counted[1] + 1 if counted is not None and counted[0] is cut_list.element else 1
        self.counters[cut_list.local] = (cut_list.element, ordinal + len(before) - 1)
        yield from self._left_out_records(before, first=ordinal)

    def _left_out_until(self, line: int | None) -> list[unchanged.LeftOut]:
        """Takes the objects left out before `line` (as lxml numbers them), or all."""
        if self.cut is None:
            return []
        left_out = self.cut.left_out
        taken = []
        while left_out and (line is None or left_out[0].at <= line):
            taken.append(left_out.popleft())
        return taken

    def _left_out_records(
        self, left_out: list[unchanged.LeftOut], *, first: int
    ) -> Iterator[Record]:
        cut_list = self.cut_list
        assert cut_list is not None
        prefix = f"{cut_list.path}/{cut_list.local}"
        name = self.locator.name
        for ordinal, item in enumerate(left_out, first):
            self.seen += 1
            position = Position(name, item.line, 0, f"{prefix}[{ordinal}]")
            if cut_list.kind == "offer" and item.read is not None:
                yield offers.offer_of_plain(item, position)
            elif cut_list.kind == "offer":
                yield offers.offer_unchanged(item.external_id, item.digest, position, item.stocked)
            else:
                yield catalog.product_known(item.external_id, item.digest, position)

    def left_out_before_fault(
        self, error: etree.XMLSyntaxError, last: etree._LogEntry | None
    ) -> Iterator[Record]:
        """At malformed XML, the records of the objects left out before it: they were read
        whole. A product or offer open at the fault takes its ordinal after theirs."""
        if self.cut is None:
            return
        open_objects = [element for element, kind in self.stack if kind in ("product", "offer")]
        if open_objects:
            yield from self._left_out_before(open_objects[-1])
        else:
            yield from self.left_out_rest(until=_fault_at(error, last)[0])

    def syntax_error(self, error: etree.XMLSyntaxError, last: etree._LogEntry | None) -> CmlError:
        """Malformed XML, said at libxml2's line and column (its own log is more precise
        than the exception: an undeclared entity surfaces as "no element found")."""
        line, column = _fault_at(error, last)
        message = last.message if last is not None else (error.msg or "").split(", line ")[0]
        # libxml2 names the line of an unclosed tag as it counts them, without the lines
        # left out of what it was handed.
        message = _LIBXML_LINE.sub(
            lambda found: f"line {self.locator.line_shifted(int(found[1]))}", message
        )
        path = self.locator.path(self.stack[-1][0]) if self.stack else "/"
        line = self.locator.line_shifted(line)
        position = Position(self.locator.name, max(line, 1), max(column, 1), path)
        return CmlError(position, f"malformed XML: {message.strip() or 'no element found'}")

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
        if local == "Склады":
            in_section = grandparent is None or grandparent.getparent() is None
            return "warehouses" if parent_local in SECTIONS and in_section else None
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

    def _section_start(self, trigger: etree._Element | None = None) -> SectionStart:
        """The section's header from its children before `trigger` (its first object or
        owner; all of them at its end), however far lxml has read ahead."""
        section = self.section
        assert section is not None
        before = line_of(trigger) if trigger is not None else None
        parts = {
            name: child
            for name, child in children_by_name(section.element).items()
            if before is None or line_of(child) < before
        }
        only_changes = section.element.get("СодержитТолькоИзменения")
        if only_changes is None and "СодержитТолькоИзменения" in parts:
            only_changes = text_of(parts["СодержитТолькоИзменения"])
        return SectionStart(
            kind=section.kind,
            external_id=text_of(parts.get("Ид")),
            name=text_of(parts.get("Наименование")),
            only_changes=flag_parse(only_changes) if only_changes is not None else None,
            catalog_id=text_of(parts.get("ИдКаталога")),
            classifier_id=text_of(parts.get("ИдКлассификатора")),
            position=section.position,
        )

    def _other_ended(self, element: etree._Element) -> Iterator[Record]:
        """Sections and their owners. At a section's end its header is read again: what
        came after its objects (2.03's `СодержитТолькоИзменения`, in any order) makes a
        second header."""
        section = self.section
        if section is None:
            return
        if element is section.element:
            yield from self.left_out_rest()
            header = self._section_start()
            if header != section.emitted:
                yield header
            self.section = None
            element.clear(keep_tail=False)
        elif element.getparent() is section.element and local_name(element.tag) == "Владелец":
            if section.emitted is None:
                section.emitted = self._section_start(element)
                yield section.emitted
            yield parties.owner_build(element, locator=self.locator)
            element.clear(keep_tail=False)

    # --- objects --------------------------------------------------------------------------

    def _warehouses_of(self, element: etree._Element) -> Iterator[Record]:
        """`Склады` of a classifier or offers package, read whole: a short list, and the
        stock of each offer is named `Склад` too, which the reader is not handed."""
        path = self.locator.path(element)
        for ordinal, warehouse in enumerate(children_named(element, "Склад"), 1):
            self.seen += 1
            if self.seen > self.skip:
                yield catalog.warehouse_build(
                    warehouse, locator=self.locator, path=f"{path}/Склад[{ordinal}]"
                )

    def _objects_of(self, element: etree._Element, kind: str, path: str) -> Iterator[Record]:
        locator = self.locator
        if kind == "group":
            for group_path, group, parent_id in catalog.groups_nested(element, path=path):
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
            yield offers.offer_build(
                element,
                locator=locator,
                path=path,
                known=self.offers_known,
                digest=self._taken(element),
            )
        elif kind == "product":
            yield catalog.product_build(
                element,
                locator=locator,
                path=path,
                known=self.products_known,
                digest=self._taken(element),
            )
        elif kind == "property":
            yield catalog.property_build(
                element, locator=locator, path=path, for_offers=self.offers_properties
            )
        elif kind == "price_type":
            yield catalog.price_type_build(element, locator=locator, path=path)
        elif kind == "unit":
            yield catalog.unit_build(element)
        elif kind == "counterparty":
            yield parties.counterparty_build(element, locator=locator, path=path)
        else:
            yield parties.document_build(element, locator=locator, path=path)

    def _taken(self, element: etree._Element) -> str:
        """The digest of the object's bytes, where the stream handed it over whole."""
        return self.cut.taken(line_of(element)) if self.cut is not None else ""


_LIBXML_LINE = re.compile(r"\bline (\d+)")


def _fault_at(error: etree.XMLSyntaxError, last: etree._LogEntry | None) -> tuple[int, int]:
    """Where libxml2 met malformed XML: the line (as lxml numbers them) and the column."""
    return (last.line, last.column) if last is not None else error.position


def _written(element: etree._Element, local: str) -> str:
    """The element's name as the file writes it, with its namespace prefix."""
    return f"{element.prefix}:{local}" if element.prefix else local
