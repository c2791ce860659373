"""Passing over many objects of a long list without parsing them: resuming an import deep
in a file of 200,000 offers would otherwise parse everything before its checkpoint again.

The reader hands lxml the file through `SplicedStream`. When it is to skip many products or
offers, it finds in the raw bytes, after what lxml has read, the start of a later object of
the list and has the stream leave out whole lines in between: lxml then reads well-formed
XML (the objects before the cut, the objects after it), and the reader adds the objects and
lines left out to its counts. Only where counting start tags in bytes is exact: each object
starting on its own line (as 1C writes files), no comments or CDATA in the part left out,
the list not ending inside it."""

from __future__ import annotations

import codecs
import itertools
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from okno.exchange.cml.unchanged import Decide, UnchangedCut

# Fewer objects than this are parsed and passed over as usual.
FAST_SKIP_MIN = 2000
_BLOCK = 1 << 22
_BEHIND = 256


@dataclass(frozen=True, slots=True)
class Splice:
    """Lines left out from `line` on (as lxml numbers them), and the objects they held."""

    line: int
    lines_cut: int
    objects_cut: int


class SplicedStream:
    """The file as lxml reads it: the bytes already looked at, then the rest, less the
    lines a splice leaves out. Counts the lines it has handed over."""

    def __init__(self, head: bytes, source: BinaryIO, *, encoding: str) -> None:
        self._head = head
        self._source = source
        self.encoding = encoding
        # Where in the file lxml has read up to (the head was read from the source already).
        self.handed = (source.tell() if source.seekable() else len(head)) - len(head)
        self.newlines = 0  # newlines in what was handed, as lxml counts lines
        self.recent: deque[bytes] = deque(maxlen=2)
        self._cut: tuple[int, int] | None = None
        self.unchanged: UnchangedCut | None = None

    def read(self, size: int = -1) -> bytes:
        unchanged = self.unchanged
        if self._head:
            chunk, self._head = self._head, b""
        elif unchanged is not None and self.handed >= unchanged.start:
            chunk = unchanged.read(self.newlines)
            self.newlines += chunk.count(b"\n")
            return chunk
        else:
            if self._cut is not None and self.handed >= self._cut[0]:
                self.handed = self._cut[1]
                self._source.seek(self.handed)
                self._cut = None
            limit = size if size > 0 else _BLOCK
            if self._cut is not None:
                limit = min(limit, self._cut[0] - self.handed)
            if unchanged is not None:
                limit = min(limit, unchanged.start - self.handed)
            chunk = self._source.read(limit)
        self.handed += len(chunk)
        self.newlines += chunk.count(b"\n")
        self.recent.append(chunk)
        return chunk

    def can_splice(self) -> bool:
        ascii_compatible = not codecs.lookup(self.encoding).name.startswith("utf-16")
        return ascii_compatible and self._cut is None and self._source.seekable()

    def unchanged_cut(
        self,
        *,
        tag: str,
        list_tag: str,
        first_line: int,
        decide: Decide,
        shift: Callable[[int, int], None],
    ) -> UnchangedCut | None:
        """From the next object of the list `list_tag` on (after what lxml has read), leaves
        out the objects `tag` that `decide` knows, telling `shift` the lines left out; the
        list's first object is at `first_line` (see unchanged.py)."""
        if not self.can_splice() or self.unchanged is not None:
            return None
        where = self._source.tell()
        scanner = _Scanner(self, tag=tag, list_tag=list_tag)
        try:
            start = scanner.next_object()
            begin = self._line_begin(first_line)
            if start is not None and begin is not None:
                # The list may have ended in what lxml has read: the object found is
                # another list's.
                self._source.seek(begin)
                if scanner.list_end in self._source.read(start[0] - begin):
                    return None
        finally:
            self._source.seek(where)
        if start is None or begin is None:
            return None
        offset, newlines = start
        cut = UnchangedCut(
            source=self._source,
            start=offset,
            newlines=self.newlines + newlines,
            tag=tag,
            encoding=self.encoding,
            decide=decide,
            shift=shift,
        )
        cut.digest_handed(begin, first_line)
        self._source.seek(where)
        self.unchanged = cut
        return cut

    def _line_begin(self, line: int) -> int | None:
        """Where `line`, among the lines handed over to lxml lately, begins in the file."""
        newlines = self.newlines - (line - 1)  # between the line's start and `handed`
        if newlines < 0 or self._cut is not None:
            return None
        begin = max(0, self.handed - _BLOCK)
        self._source.seek(begin)
        data = self._source.read(self.handed - begin)
        index = len(data)
        for _ in range(newlines + 1):  # back to the newline that ends the line before
            index = data.rfind(b"\n", 0, index)
            if index < 0:
                return None
        return begin + index + 1

    def splice(self, *, tag: str, list_tag: str, remaining: int) -> Splice | None:
        """Plans to leave out the lines of up to `remaining` less a margin objects `tag`
        (as written, with its prefix) of the list `list_tag`, after what lxml has read."""
        if not self.can_splice():
            return None
        scanner = _Scanner(self, tag=tag, list_tag=list_tag)
        where = self._source.tell()
        try:
            plan = scanner.plan(remaining)
        finally:
            self._source.seek(where)
        if plan is None:
            return None
        start, end, lines_before, lines_cut, objects_cut = plan
        self._cut = (start, end)
        return Splice(self.newlines + lines_before + 1, lines_cut, objects_cut)


class _Scanner:
    """Finds start tags of the list's objects in the raw bytes after `handed`."""

    def __init__(self, stream: SplicedStream, *, tag: str, list_tag: str) -> None:
        self.stream = stream
        name = re.escape(tag.encode(stream.encoding))
        self.start_pattern = re.compile(b"<" + name + rb"[> \t\r\n/]")
        # An object's start tag, or `<!`/`<?`: a comment, CDATA or instruction, where
        # counting tags is not exact.
        self.scan_pattern = re.compile(b"<(?:" + name + rb"[> \t\r\n/]|!|\?)")
        self.list_end = b"</" + list_tag.encode(stream.encoding)
        self.keep = max(len(tag.encode(stream.encoding)) + 2, len(self.list_end))

    def _line_start(self, data: bytes, index: int) -> int | None:
        """Where the line of the tag at `index` begins, if only whitespace precedes it."""
        begin = data.rfind(b"\n", 0, index) + 1
        if begin == 0 or data[begin:index].strip(b" \t\r"):
            return None
        return begin

    def next_object(self) -> tuple[int, int] | None:
        """Where the line of the list's next object starts after what lxml has read, and
        the newlines before it; None when the list ends first."""
        stream = self.stream
        start = stream.handed
        if start < 1:
            return None
        stream._source.seek(start - 1)  # from the byte before, to tell a line start
        data = stream._source.read(_BLOCK)
        # The first object found may have begun its line in what lxml has read: then the
        # one after it; objects that share lines are not cut.
        for found in itertools.islice(self.start_pattern.finditer(data, 1), 2):
            between = data[1 : found.start()]
            if self.list_end in between or b"<!" in between:
                return None
            begin = data.rfind(b"\n", 0, found.start()) + 1
            if begin > 0 and not data[begin : found.start()].strip(b" \t\r"):
                return start - 1 + begin, data.count(b"\n", 1, begin)
        return None

    def plan(self, remaining: int) -> tuple[int, int, int, int, int] | None:
        """(start, end) byte offsets of the lines to leave out, the newlines between what
        lxml has read and `start`, the newlines and objects left out."""
        stream = self.stream
        handed = stream.handed
        if handed < _BEHIND:
            return None
        stream._source.seek(handed - _BEHIND)
        data = stream._source.read(_BLOCK)
        first = self.start_pattern.search(data, _BEHIND)
        if first is None or data.find(self.list_end, _BEHIND, first.start()) >= 0:
            return None
        start_index = self._line_start(data, first.start())
        if start_index is None:
            return None
        # Objects lxml has read but not yet reported lie in its last reads: an upper bound.
        margin = 1 + sum(len(self.start_pattern.findall(chunk)) for chunk in stream.recent)
        wanted = remaining - margin
        if wanted < FAST_SKIP_MIN // 2:
            return None
        start = handed - _BEHIND + start_index
        found = self._find(start, wanted)
        if found is None:
            return None
        end, lines_cut = found
        lines_before = data.count(b"\n", _BEHIND, start_index)
        return start, end, lines_before, lines_cut, wanted

    def _find(self, start: int, wanted: int) -> tuple[int, int] | None:
        """The line start of the object after `wanted` objects from `start`, and the
        newlines in between; None where counting is not exact or the list ends first."""
        source = self.stream._source
        counted = lines = 0
        position = start
        carry = b""
        while True:
            source.seek(position)
            block = source.read(_BLOCK)
            if not block:
                return None
            data = carry + block
            end = data.find(self.list_end)
            for match in self.scan_pattern.finditer(data, 0, end if end >= 0 else len(data)):
                if match.end() <= len(carry):
                    continue  # seen with the previous block
                if match.group() in (b"<!", b"<?"):
                    return None
                counted += 1
                if counted > wanted:
                    line_start = self._line_start(data, match.start())
                    if line_start is None or line_start < len(carry):
                        return None
                    end_offset = position - len(carry) + line_start
                    return end_offset, lines + data.count(b"\n", len(carry), line_start)
            if end >= 0:
                return None
            lines += block.count(b"\n")
            carry = data[-self.keep :]
            position += len(block)
