"""What a product is found by, normalised the same way on both sides of a search.

- `article_key`: the article lower-cased without spaces, dashes, dots and slashes, so
  «AB-12.5/7» is found by «ab125», «ab 12-5» and so on;
- `search_text`: name, article, article key, brand and barcodes, lower-cased with ё as е —
  search looks for substrings of it, and ranks a name starting with the first word by its
  start (so the name comes first);
- the wrong keyboard layout: «ghbdtn» typed on the Latin layout means «привет».
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

_SEPARATORS = re.compile(r"[\s\-_./\\,;:]+")
_SPACES = re.compile(r"\s+")
_SIZE_CROSS = re.compile(r"(?<=\d)\s*[х×*]\s*(?=\d)")
_WORD = re.compile(r"[0-9a-zа-я]+(?:[.,/\-][0-9a-zа-я]+)*")

# The same keys on the two layouts, without and with Shift: Shift+«б» is «<», not «,».
_LATIN = "`qwertyuiop[]asdfghjkl;'zxcvbnm,.~QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>"
_CYRILLIC = "ёйцукенгшщзхъфывапролджэячсмитьбюЁЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ"
_TO_CYRILLIC = str.maketrans(_LATIN, _CYRILLIC)
_TO_LATIN = str.maketrans(_CYRILLIC, _LATIN)

MAX_QUERY = 200
# Shorter stems match too much of the catalog to mean anything («бо» in every «болт»).
MIN_STEM = 3


def fold(text: str) -> str:
    """Lower case, ё as е, one space between words, and a size's «х» or «×» between digits
    as Latin «x» («3х2,5», «3×2,5» and «3x2,5» are the same cable)."""
    folded = _SPACES.sub(" ", text.lower().replace("ё", "е")).strip()
    return _SIZE_CROSS.sub("x", folded)


def article_key(article: str) -> str:
    """`«AB-12.5/7»` → `«ab1257»`."""
    return _SEPARATORS.sub("", fold(article))


def search_text(*, article: str, name: str, brand: str = "", barcodes: Iterable[str] = ()) -> str:
    """The text a product's search matches substrings in; it starts with the folded name."""
    parts = [fold(name), fold(article), article_key(article), fold(brand), *barcodes]
    return " ".join(part for part in parts if part)


def other_layout(text: str) -> str | None:
    """The text as if typed on the other keyboard layout, or None when that changes nothing
    useful (a query with both alphabets, or with neither)."""
    has_latin = bool(re.search(r"[a-z]", text, re.IGNORECASE))
    has_cyrillic = bool(re.search(r"[а-яё]", text, re.IGNORECASE))
    if has_latin and not has_cyrillic:
        return text.translate(_TO_CYRILLIC)
    if has_cyrillic and not has_latin:
        return text.translate(_TO_LATIN)
    return None


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("russian")


def terms(query: str) -> list[str]:
    """The substrings a query asks for: each word, Russian words cut to their stem
    («болтами» → «болт»), articles and numbers kept whole."""
    found: list[str] = []
    for word in _WORD.findall(fold(query[:MAX_QUERY])):
        term = word
        if word.isalpha() and re.fullmatch(r"[а-я]+", word):
            stem = _stemmer().stemWord(word)
            term = stem if len(stem) >= MIN_STEM else word
        if term not in found:
            found.append(term)
    return found
