"""Passing over the products and offers 1C sends again unchanged without parsing them: a
re-sent file would otherwise be parsed whole only to find that nothing changed.

Once the reader meets the first product of a catalog or the first offer of an offers list,
the stream (`SplicedStream`) hands lxml the rest of the list object by object, each as its
whole lines — from the line of its start tag to the line of its end tag — and takes a digest
of those bytes. An object whose 1C id (its first child, `Ид`) and digest the catalog holds
is left out: lxml never sees it, and the reader makes its record from the id alone. Any
other object is handed over, and its record carries that digest, which the importer
stores for the next time.

Only where cutting is exact: each object on lines of its own, holding no comment, CDATA or
instruction. Where a list is written otherwise, the rest of it is handed over as it is and
read as before, its objects digested as elements (`element_digest`)."""

from __future__ import annotations

import hashlib
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from okno.exchange.cml.plain import PlainOffer, offer_plain

_BLOCK = 1 << 18
# An object longer than this is not waited for: the rest of the list is read as before.
_LONGEST = 1 << 26
# After this many objects left out in a row the next one is handed over all the same (and
# found held by its digest): lxml then reaches it, and the records of those before it are
# made, so that a list held whole is neither queued whole nor silent until its end. An
# offer read from its bytes counts as `_READ_WEIGHT` of them: its record holds all it says.
_LEFT_OUT_RUN = 2_000
_READ_WEIGHT = 10

# (1C id, digest, the object's bytes) → None when lxml is to read the object, else the
# left-out record's digest, whether the object carries stock (offers; False for products)
# and, for an offer read from its bytes (see plain.py), what they say (None: held
# unchanged).
Decide = Callable[[str, str, bytes], "tuple[str, bool, PlainOffer | None] | None"]


@dataclass(slots=True)  # not frozen: made for each object of a re-sent file
class LeftOut:
    """An object left out of what lxml reads. `at`: the line (as lxml numbers them) of the
    first object handed over after it; `line`: its own line in the file; `read`: what an
    offer read from its bytes says (None: the catalog holds it unchanged)."""

    at: int
    line: int
    external_id: str
    digest: str
    stocked: bool
    read: PlainOffer | None = None


def span_digest(span: bytes) -> str:
    """The digest stored for an object read from its bytes: it tells a change from none,
    not friend from foe, so SHA-1, which the processor computes at twice BLAKE2's speed."""
    return hashlib.sha1(span, usedforsecurity=False).hexdigest()[:32]


class _NotCut(Exception):
    """The list is over, or the rest of it cannot be cut exactly."""


class UnchangedCut:
    """Hands over the list's objects from `start` (a line start in the file, `newlines`
    lines down), leaving out those `decide` knows. `shift` is told the lines left out."""

    def __init__(
        self,
        *,
        source: BinaryIO,
        start: int,
        newlines: int,
        tag: str,
        encoding: str,
        decide: Decide,
        shift: Callable[[int, int], None],
    ) -> None:
        self.source = source
        self.start = start
        self.position = start
        self.encoding = encoding
        self.decide = decide
        self.shift = shift
        self.active = True
        self.newlines = newlines  # in the file before what is buffered
        self.buffer = b""
        # The digests of the objects handed over, by the line lxml will see them at.
        self.digests: dict[int, str] = {}
        self.left_out: deque[LeftOut] = deque()
        self.run = 0  # objects left out since the last one handed over
        name = re.escape(tag.encode(encoding))
        prefix = re.escape(tag.encode(encoding).rpartition(b":")[0] + b":") if ":" in tag else b""
        self.object_start = re.compile(rb"[ \t\r]*<" + name + rb"(?=[> \t\r\n/])")
        self.any_start = re.compile(b"<" + name + rb"[> \t\r\n/]")
        self.end_tag = b"</" + tag.encode(encoding) + b">"
        self.plain_start = b"<" + tag.encode(encoding)
        self.local = tag.encode(encoding).rpartition(b":")[2]
        self.before_local = len(self.end_tag) - len(self.local) - 1
        self.first_id = re.compile(
            rb"[^>]*(?<!/)>\s*<" + prefix + "Ид>".encode(encoding) + rb"([^<&]*)</"
            + prefix + "Ид>".encode(encoding)
        )  # fmt: skip

    def read(self, handed_lines: int) -> bytes:
        """The next bytes for lxml, which has been handed `handed_lines` newlines; b"" only
        at the end of the file."""
        while True:
            self.source.seek(self.position)
            block = self.source.read(_BLOCK)
            self.position += len(block)
            data = self.buffer + block
            if not self.active or not block or len(data) > _LONGEST:
                self.active = False
                self.buffer = b""
                return data
            handed: list[bytes] = []
            used = self._spans(data, handed_lines, handed)
            self.buffer = data[used:]
            if not self.active:
                handed.append(self.buffer)
                self.buffer = b""
            if any(handed):
                return b"".join(handed)

    def digest_handed(self, begin: int, line: int) -> None:
        """Digests the list's objects lxml was handed before the cut begins, from `begin`,
        the start of `line`: re-sent, they are digested the same way wherever the cut
        begins."""
        self.source.seek(begin)
        data = self.source.read(self.start - begin)
        index = 0
        try:
            while span := self._span(data, index):
                self.digests[line] = span_digest(span)
                line += span.count(b"\n")
                index += len(span)
        except _NotCut:
            return

    def _spans(self, data: bytes, handed_lines: int, handed: list[bytes]) -> int:
        """Hands over or leaves out the whole objects at the start of `data`; returns how
        many bytes they took."""
        at = handed_lines + 1
        index = 0
        while True:
            try:
                span = self._span(data, index)
            except _NotCut:
                self.active = False
                return index
            if span is None:
                return index
            # Counted by what taking them out leaves: `bytes.count` goes a byte at a time, a
            # replace by `memchr`, twice as fast over an offer's lines.
            lines = len(span) - len(span.replace(b"\n", b""))
            digest = span_digest(span)
            external_id = self._id(span)
            left = self.decide(external_id, digest, span) if external_id else None
            if self.run >= _LEFT_OUT_RUN:
                left = None
            if left is None:
                handed.append(span)
                self.digests[at] = digest
                at += lines
                self.run = 0
            else:
                kept, stocked, read = left
                self.run += 1 if read is None else _READ_WEIGHT
                self.left_out.append(
                    LeftOut(at, self.newlines + 1, external_id, kept, stocked, read)
                )
                self.shift(at, lines)
            self.newlines += lines
            index += len(span)

    def _span(self, data: bytes, index: int) -> bytes | None:
        """The object's lines from `index` on; None when they are not all read yet. Raises
        _NotCut where the list is over or not written an object to its own lines."""
        start = self.object_start.match(data, index)
        if start is None:
            if data.find(b"\n", index) >= 0 or len(data) - index > 4096:
                raise _NotCut
            return None
        end, alone = self._end(data, start.end())
        line_end = data.find(b"\n", end) if end >= 0 else -1
        if line_end < 0:
            return None
        span = data[index : line_end + 1]
        closing = end + len(self.end_tag) - index
        if span[closing:].strip() or not self._single(span, alone):
            raise _NotCut
        return span

    def _end(self, data: bytes, at: int) -> tuple[int, bool]:
        """Where the object's end tag is from `at` on (-1: not read yet), and whether its
        name comes nowhere before it. Where the first mention of the name is the end tag,
        one search tells both: no other object starts in between."""
        named = data.find(self.local, at)
        end = named - self.before_local
        if named >= 0 and data.startswith(self.end_tag, end):
            return end, True
        return data.find(self.end_tag, at), False

    def _single(self, span: bytes, alone: bool) -> bool:
        """Whether the lines hold one object (`alone`: known to) and nothing whose tags
        cannot be counted."""
        # A lone `!` or `?` is looked for first: a search for the rare byte costs a tenth
        # of one for a pair starting with `<`, which every tag starts with.
        if (b"!" in span and b"<!" in span) or (b"?" in span and b"<?" in span):
            return False
        if alone or span.count(self.plain_start) == 1:
            return True
        return len(self.any_start.findall(span)) == 1

    def _id(self, span: bytes) -> str:
        start = self.object_start.match(span)
        assert start is not None  # a span starts with its object
        found = self.first_id.match(span, start.end())
        return found[1].decode(self.encoding).strip() if found else ""

    def taken(self, line: int) -> str:
        """The digest of the object handed over to be seen at `line`, once."""
        return self.digests.pop(line, "")


def products_decide(known: Callable[[str, str], bool]) -> Decide:
    return lambda external_id, digest, span: (
        (digest, False, None) if known(external_id, digest) else None
    )


def offers_decide(known: Callable[..., bool], encoding: str) -> Decide:
    """Leaves out an offer whose prices and stock the catalog holds as this very element
    sent them, one sending neither whose characteristics it holds so, and one sending none
    of these of a product the catalog holds: it would write nothing. What the element
    carries is told from the names in its bytes: one that merely looks like a tag (a price
    type named «Склад») only means reading it. An offer to be read is read from its bytes
    where it is written plainly (see plain.py); else lxml reads it."""
    stock_names = [name.encode(encoding) for name in ("Склад", "Остатки", "Количество")]
    prices_name = "Цены".encode(encoding)
    prices_open, prices_close = "<Цены>".encode(encoding), "</Цены>".encode(encoding)
    characteristics_name = "ХарактеристикиТовара".encode(encoding)
    marked = _deletion_marked(encoding)

    def read(digest: str, span: bytes) -> tuple[str, bool, PlainOffer] | None:
        plain = offer_plain(span, encoding)
        if plain is None:
            return None
        stocked = plain.stocks is not None or plain.total_quantity is not None
        # As `offer_build` digests it: an offer sending neither prices nor stock nor
        # characteristics has none.
        digested = stocked or plain.prices is not None or plain.characterised
        return (digest if digested else ""), stocked, plain

    def beside_prices(span: bytes) -> bytes:
        """The offer's bytes but for its one plain `<Цены>` element, where a part of the
        offer itself never is, and which is most of the bytes: searched once for its end
        tag, instead of the whole for each name."""
        start = span.find(prices_open)
        end = span.rfind(prices_close)
        if 0 <= start < end and span.find(prices_close, start, end) < 0:
            return span[:start] + span[end:]
        return span

    def decide(external_id: str, digest: str, span: bytes) -> tuple | None:
        # Each name is searched for only where the answer needs it: a search costs a few
        # microseconds in an offer's bytes, and an offer the catalog does not hold is read
        # whatever else it carries.
        priced = prices_name in span
        if priced and not known(external_id, digest, None):
            return read(digest, span)
        parts = beside_prices(span) if priced else span
        stocked = any(name in parts for name in stock_names)
        if stocked and not known(external_id, digest if priced else None, digest):
            return read(digest, span)
        if priced or stocked:
            if marked(parts):
                return read(digest, span)  # a deletion mark is never read plainly
            return digest, stocked, None
        if marked(span):
            return read(digest, span)
        if characteristics_name in span:
            held = known(external_id, None, None, digest)
            return (digest, False, None) if held else read(digest, span)
        # Name, article and properties of an offer are a new product's only.
        return ("", False, None) if known(external_id, None, None) else read(digest, span)

    return decide


def _deletion_marked(encoding: str) -> Callable[[bytes], bool]:
    """Whether an object's bytes carry a deletion mark: `ПометкаУдаления` other than
    false, or `Статус` «Удален». The names are found first: a pattern searched from each
    byte of an offer's 30 prices would cost more than the rest of leaving it out."""
    mark = "ПометкаУдаления".encode(encoding)
    set_mark = re.compile(rb"(?=[\s>/])[^>]*>\s*+(?!false\s*<)")
    removed = "Удален".encode(encoding)
    status = re.compile(
        "Статус".encode(encoding) + rb"\s*(?:=\s*[\"']|>)\s*" + removed
    )  # fmt: skip

    def marked(span: bytes) -> bool:
        at = span.find(mark)
        while at >= 0:
            tag = span.rfind(b"<", 0, at)
            if span[tag + 1 : tag + 2] != b"/" and set_mark.match(span, at + len(mark)):
                return True
            at = span.find(mark, at + len(mark))
        return removed in span and status.search(span) is not None

    return marked
