"""Reading the values of CommerceML elements: local names whatever the namespace, stripped
text, numbers as 1C writes them (`1 234,5`), flags and dates."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from lxml import etree

LOCAL_NAMES: dict[str, str] = {}


def local_name(tag: str) -> str:
    """`{urn:1C.ru:commerceml_2}Товар` → `Товар`; cached, because a file uses few tags."""
    name = LOCAL_NAMES.get(tag)
    if name is None:
        name = tag.rpartition("}")[2]
        LOCAL_NAMES[tag] = name
    return name


def text_of(element: etree._Element | None) -> str:
    """The element's own text without the padding 1C leaves around it."""
    if element is None or element.text is None:
        return ""
    return element.text.strip()


def children_by_name(element: etree._Element) -> dict[str, etree._Element]:
    """The element's children by local name; a repeated name keeps the first."""
    found: dict[str, etree._Element] = {}
    names = LOCAL_NAMES
    for child in element:
        tag = child.tag
        name = names.get(tag) if tag.__class__ is str else None
        if name is None:
            if tag.__class__ is not str:
                continue  # an unexpanded entity reference
            name = local_name(tag)
        if name not in found:
            found[name] = child
    return found


def children_named(element: etree._Element | None, name: str) -> list[etree._Element]:
    if element is None:
        return []
    return [
        child for child in element if isinstance(child.tag, str) and local_name(child.tag) == name
    ]


_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
# Digits grouped by thousands with the separators 1C and spreadsheets use (space, no-break
# and thin spaces), then a decimal point or comma.
_LOOSE_NUMBER = re.compile(
    r"[+-]?(?:\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+|\d+)(?:[.,]\d*)?|[+-]?[.,]\d+"
)
_GROUP_SEPARATORS = re.compile(r"[ \u00a0\u202f\u2009]")


def number_parse(text: str) -> Decimal:
    """A number as 1C and people write it: `1234.5`, `1 234,5`, `-0,5`. Raises ValueError
    for anything else (words, exponents, NaN, two decimal separators, odd grouping)."""
    if _PLAIN_NUMBER.fullmatch(text):
        return Decimal(text)
    stripped = text.strip()
    if not _LOOSE_NUMBER.fullmatch(stripped):
        raise ValueError(text)
    try:
        return Decimal(_GROUP_SEPARATORS.sub("", stripped).replace(",", "."))
    except InvalidOperation as error:
        raise ValueError(text) from error


_TRUE = frozenset({"true", "1", "да", "yes", "истина"})


def flag_parse(text: str) -> bool:
    """`true`/`false` as 1C writes them (also `1`, `да`)."""
    return text.strip().lower() in _TRUE


_DATE_TIME = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?"
)


def datetime_parse(text: str) -> datetime | None:
    """`ДатаФормирования`: `2015-04-21`, `2015-06-29T18:27:12`, 1C's `T0:36:33`, with or
    without an offset; a time without offset is the shop's local time. None when unreadable."""
    match = _DATE_TIME.match(text.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, offset = match.groups()
    try:
        moment = datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
        )
    except ValueError:
        return None
    if offset:
        return datetime.fromisoformat(moment.isoformat() + _offset_iso(offset))
    return timezone.make_aware(moment, timezone.get_default_timezone())


def _offset_iso(offset: str) -> str:
    if offset == "Z":
        return "+00:00"
    return offset if ":" in offset else f"{offset[:3]}:{offset[3:]}"


def date_parse(text: str) -> date | None:
    """The date part of `2015-06-29` or `2015-06-29T15:39:10`; None when unreadable."""
    match = _DATE_TIME.match(text.strip())
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
