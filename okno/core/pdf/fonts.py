"""TrueType faces for the PDFs the portal writes itself (`okno.core.pdf.document`): their
metrics for laying text out, each character's glyph as the hex a PDF string shows it by,
and the subset of the face a document embeds.

The faces are the ones WeasyPrint's documents print with, found where fontconfig keeps
them: Liberation Sans (Arial's metrics, as 1C's printed forms have) when it is installed,
else DejaVu Sans (Debian's `fonts-dejavu`, which the project installs)."""

from __future__ import annotations

import functools
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
)
# (regular, bold) file names, the preferred family first.
FAMILIES = (
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
)
NOTDEF = "0000"


class FontMissing(RuntimeError):
    """No face the documents print with is installed."""


class _Glyphs(dict):
    """Character → the glyph's hex code; a character the face lacks shows `.notdef`."""

    def __missing__(self, character: str) -> str:
        return NOTDEF


class _Widths(dict):
    """Character → advance per point of size; a lacking character advances `.notdef`'s."""

    def __init__(self, values: dict[str, float], missing: float) -> None:
        super().__init__(values)
        self.missing = missing

    def __missing__(self, character: str) -> float:
        return self.missing


@dataclass(eq=False)
class Face:
    """One TrueType face and the metrics a layout needs, in points per point of size."""

    path: Path
    postscript_name: str
    glyphs: _Glyphs
    advances: _Widths
    ascent: float
    descent: float
    cap_height: float
    bbox: tuple[int, int, int, int]
    italic_angle: float
    units_per_em: int
    bold: bool
    glyph_widths: dict[int, int] = field(repr=False)
    unicode_of: dict[int, int] = field(repr=False)

    def width(self, text: str, size: float) -> float:
        return sum(map(self.advances.__getitem__, text)) * size

    def encode(self, text: str) -> str:
        """The text as a PDF hex string's content (two bytes per glyph, Identity-H)."""
        return "".join(map(self.glyphs.__getitem__, text))

    def subset(self, characters: set[str]) -> bytes:
        """The face with only `characters`' glyphs drawn; glyph ids kept, so the codes the
        pages show stay valid."""
        from fontTools import subset

        options = subset.Options()
        options.retain_gids = True
        options.notdef_outline = True
        options.name_IDs = ["*"]
        options.layout_features = []
        options.hinting = False
        options.drop_tables += ["FFTM"]  # FontForge's timestamps, which a PDF never reads
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[ord(character) for character in characters])
        font = _load(self.path)
        subsetter.subset(font)
        out = io.BytesIO()
        font.save(out)
        return out.getvalue()


@functools.cache
def faces() -> tuple[Face, Face]:
    """(regular, bold) of the first family installed; read once per process."""
    for regular, bold in FAMILIES:
        paths = (_find(regular), _find(bold))
        if paths[0] and paths[1]:
            return _face(paths[0], bold=False), _face(paths[1], bold=True)
    wanted = ", ".join(name for family in FAMILIES for name in family)
    raise FontMissing(
        f"None of the fonts the PDF documents print with is installed ({wanted}): "
        "install Debian's fonts-dejavu or fonts-liberation2."
    )


def _find(name: str) -> Path | None:
    for folder in FONT_DIRS:
        root = Path(os.path.expanduser(folder))
        if not root.is_dir():
            continue
        found = next(root.rglob(name), None)
        if found is not None:
            return found
    return None


def _load(path: Path):
    from fontTools.ttLib import TTFont

    return TTFont(path, lazy=False)


def _face(path: Path, *, bold: bool) -> Face:
    font = _load(path)
    scale = 1 / font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    order = font.getGlyphOrder()
    gid_of = {name: gid for gid, name in enumerate(order)}
    cmap = font.getBestCmap()
    glyphs = _Glyphs()
    advances: dict[str, float] = {}
    unicode_of: dict[int, int] = {}
    for code, name in cmap.items():
        gid = gid_of[name]
        character = chr(code)
        glyphs[character] = f"{gid:04X}"
        advances[character] = metrics[name][0] * scale
        unicode_of.setdefault(gid, code)
    os2 = font["OS/2"]
    head = font["head"]
    return Face(
        path=path,
        postscript_name=font["name"].getDebugName(6) or path.stem,
        glyphs=glyphs,
        advances=_Widths(advances, metrics[order[0]][0] * scale),
        ascent=font["hhea"].ascent * scale,
        descent=font["hhea"].descent * scale,
        cap_height=getattr(os2, "sCapHeight", font["hhea"].ascent) * scale,
        bbox=(head.xMin, head.yMin, head.xMax, head.yMax),
        italic_angle=float(font["post"].italicAngle),
        units_per_em=head.unitsPerEm,
        bold=bold,
        glyph_widths={gid: metrics[name][0] for gid, name in enumerate(order)},
        unicode_of=unicode_of,
    )
