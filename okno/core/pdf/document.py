"""A PDF written directly: pages of positioned text and straight lines, in TrueType faces
embedded as subsets (Type 0 fonts, Identity-H, with a ToUnicode map so the text can be
searched and copied).

It is for documents that are one long table, where laying out HTML box by box costs a
second per few hundred rows (ADR 0012); everything else is printed by WeasyPrint.
Coordinates are in points from the page's top-left corner, as a layout thinks of them;
the writer turns them into PDF's bottom-up space."""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass, field

from okno.core.pdf.fonts import Face

A4 = (595.28, 841.89)
MM = 72 / 25.4


@dataclass(eq=False)
class _FontUse:
    """A face a document prints with, and every text printed in it (their characters are
    the subset embedded)."""

    face: Face
    resource: str
    texts: list[str] = field(default_factory=list)


class Page:
    """One page's drawing: lines are stroked first, then all the text on top of them."""

    def __init__(self, document: PdfDocument) -> None:
        self.document = document
        self.height = document.size[1]
        self._text: list[str] = []
        self._lines: dict[float, list[str]] = {}
        self._font: tuple[Face, float] | None = None
        self._texts: list[str] = []

    def text(self, x: float, top: float, text: str, face: Face, size: float) -> None:
        """`text` on one line, its baseline `top` points down the page."""
        if not text:
            return
        self._use(face, size).append(text)
        glyphs = "".join(map(face.glyphs.__getitem__, text))
        self._text.append(f"1 0 0 1 {x:.2f} {self.height - top:.2f} Tm <{glyphs}>Tj")

    def text_lines(
        self, x: float, top: float, lines: list[str], face: Face, size: float, leading: float
    ) -> None:
        """Lines one under another `leading` points apart, the first's baseline at `top`."""
        self._use(face, size).extend(lines)
        glyphs = face.glyphs.__getitem__
        step = f">Tj 0 {-leading:g} Td <"
        shown = step.join("".join(map(glyphs, line)) for line in lines)
        self._text.append(f"1 0 0 1 {x:.2f} {self.height - top:.2f} Tm <{shown}>Tj")

    def _use(self, face: Face, size: float) -> list[str]:
        """The list of the face's texts in the document, switching to the face if needed."""
        if self._font != (face, size):
            self._font = (face, size)
            use = self.document.font_use(face)
            self._text.append(f"/{use.resource} {size:g} Tf")
            self._texts = use.texts
        return self._texts

    def line(self, x1: float, top1: float, x2: float, top2: float, width: float = 0.5) -> None:
        height = self.height
        self._lines.setdefault(width, []).append(
            f"{x1:.2f} {height - top1:.2f} m {x2:.2f} {height - top2:.2f} l"
        )

    def content(self) -> bytes:
        parts = ["0 G 0 J"]
        for width, paths in self._lines.items():
            parts.append(f"{width:g} w")
            parts.extend(paths)
            parts.append("S")
        if self._text:
            parts.append("0 g BT")
            parts.extend(self._text)
            parts.append("ET")
        return "\n".join(parts).encode("ascii")


class PdfDocument:
    """Pages in order; `write()` gives the file."""

    def __init__(self, *, title: str, size: tuple[float, float] = A4) -> None:
        self.title = title
        self.size = size
        self.pages: list[Page] = []
        self._fonts: dict[int, _FontUse] = {}

    def new_page(self) -> Page:
        page = Page(self)
        self.pages.append(page)
        return page

    def font_use(self, face: Face) -> _FontUse:
        use = self._fonts.get(id(face))
        if use is None:
            use = _FontUse(face, f"F{len(self._fonts) + 1}")
            self._fonts[id(face)] = use
        return use

    def write(self) -> bytes:
        return _Writer(self).write()


class _Writer:
    """Numbers the objects, writes them and the cross-reference table."""

    def __init__(self, document: PdfDocument) -> None:
        self.document = document
        self.objects: list[bytes] = []

    def reserve(self) -> int:
        self.objects.append(b"")
        return len(self.objects)

    def put(self, number: int, body: bytes | str) -> None:
        self.objects[number - 1] = body.encode("latin-1") if isinstance(body, str) else body

    def add(self, body: bytes | str) -> int:
        number = self.reserve()
        self.put(number, body)
        return number

    def stream(self, data: bytes, dictionary: str = "") -> int:
        packed = zlib.compress(data, 1)  # a year's act is megabytes of text: speed first
        head = f"<< {dictionary} /Filter /FlateDecode /Length {len(packed)} >>\nstream\n"
        return self.add(head.encode("latin-1") + packed + b"\nendstream")

    def write(self) -> bytes:
        catalog, tree = self.reserve(), self.reserve()
        fonts = " ".join(
            f"/{use.resource} {self._font(use)} 0 R" for use in self.document._fonts.values()
        )
        width, height = self.document.size
        kids = []
        for page in self.document.pages:
            content = self.stream(page.content())
            kids.append(
                self.add(
                    f"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 {width:.2f} {height:.2f}]"
                    f" /Resources << /Font << {fonts} >> >> /Contents {content} 0 R >>"
                )
            )
        refs = " ".join(f"{kid} 0 R" for kid in kids)
        self.put(tree, f"<< /Type /Pages /Kids [{refs}] /Count {len(kids)} >>")
        self.put(catalog, f"<< /Type /Catalog /Pages {tree} 0 R >>")
        info = self.add(
            f"<< /Title {_text_string(self.document.title)} /Producer (Okno)"
            f" /CreationDate (D:{dt.datetime.now(dt.UTC):%Y%m%d%H%M%S}Z) >>"
        )
        return self._file(catalog, info)

    def _file(self, catalog: int, info: int) -> bytes:
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(self.objects, start=1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
        start = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
        out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
            len(self.objects) + 1,
            catalog,
            info,
            start,
        )
        return bytes(out)

    def _font(self, use: _FontUse) -> int:
        face = use.face
        characters = set("".join(use.texts)) | {" "}
        gids = sorted({int(face.glyphs[character], 16) for character in characters})
        name = f"{_subset_tag(gids)}+{face.postscript_name}"
        program = face.subset(characters)
        file = self.stream(program, f"/Length1 {len(program)}")
        descriptor = self.add(_descriptor(face, name, file))
        scale = 1000 / face.units_per_em
        widths = " ".join(f"{gid} [{round(face.glyph_widths[gid] * scale)}]" for gid in gids)
        cid_font = self.add(
            f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name}"
            " /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
            f" /FontDescriptor {descriptor} 0 R /W [{widths}] /CIDToGIDMap /Identity >>"
        )
        to_unicode = self.stream(_to_unicode(face, gids))
        return self.add(
            f"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H"
            f" /DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>"
        )


def _descriptor(face: Face, name: str, file: int) -> str:
    scale = 1000 / face.units_per_em
    bbox = " ".join(str(round(value * scale)) for value in face.bbox)
    flags = 32 | (1 << 18 if face.bold else 0)  # non-symbolic; force bold
    return (
        f"<< /Type /FontDescriptor /FontName /{name} /Flags {flags} /FontBBox [{bbox}]"
        f" /ItalicAngle {face.italic_angle:g} /Ascent {round(face.ascent * 1000)}"
        f" /Descent {round(face.descent * 1000)} /CapHeight {round(face.cap_height * 1000)}"
        f" /StemV {140 if face.bold else 80} /FontFile2 {file} 0 R >>"
    )


def _to_unicode(face: Face, gids: list[int]) -> bytes:
    """The CMap that tells a reader which character each glyph is."""
    pairs = [(gid, face.unicode_of[gid]) for gid in gids if gid in face.unicode_of]
    chunks = []
    for start in range(0, len(pairs), 100):  # a bfchar block holds at most 100 pairs
        block = pairs[start : start + 100]
        lines = "\n".join(f"<{gid:04X}> <{_utf16(code)}>" for gid, code in block)
        chunks.append(f"{len(block)} beginbfchar\n{lines}\nendbfchar")
    body = "\n".join(chunks)
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{body}\nendcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode("ascii")


def _utf16(code: int) -> str:
    return chr(code).encode("utf-16-be").hex().upper()


def _subset_tag(gids: list[int]) -> str:
    """Six capital letters naming this subset, as PDF readers expect before a subset's name."""
    digest = zlib.crc32(",".join(map(str, gids)).encode())
    letters = []
    for _ in range(6):
        digest, remainder = divmod(digest, 26)
        letters.append(chr(ord("A") + remainder))
    return "".join(letters)


def _text_string(text: str) -> str:
    """A PDF text string: UTF-16 with its byte order mark, in hex."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"
