"""Breaking text into lines that fit a width, as a browser does for `overflow-wrap:
anywhere`: between words where it can, inside a word too long for a line of its own.

Widths are summed from the face's advances here rather than through `Face.width`: a year's
reconciliation act wraps tens of thousands of document names."""

from __future__ import annotations

from okno.core.pdf.fonts import Face


def wrap(text: str, face: Face, size: float, width: float) -> list[str]:
    """The lines of `text` at `size` points, each at most `width` points wide."""
    advance = face.advances.__getitem__
    limit = width / size
    if sum(map(advance, text)) <= limit:
        return [text]
    space = advance(" ")
    lines: list[str] = []
    line, used = "", 0.0
    for word in text.split():
        word_width = sum(map(advance, word))
        if line and used + space + word_width <= limit:
            line, used = f"{line} {word}", used + space + word_width
            continue
        if line:
            lines.append(line)
        if word_width > limit:
            *whole, word = _split_word(word, advance, limit)
            lines.extend(whole)
            word_width = sum(map(advance, word))
        line, used = word, word_width
    if line:
        lines.append(line)
    return lines


def _split_word(word: str, advance, limit: float) -> list[str]:
    pieces, piece, used = [], "", 0.0
    for character in word:
        character_width = advance(character)
        if piece and used + character_width > limit:
            pieces.append(piece)
            piece, used = "", 0.0
        piece += character
        used += character_width
    return [*pieces, piece]
