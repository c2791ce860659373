"""Input types every API schema uses, so bad input is a 422 naming the field, never a 500.

PostgreSQL refuses NUL characters in text and 64-bit columns refuse larger integers; both
would otherwise surface as server errors deep in the database layer.
"""

from typing import Annotated

from django.utils.translation import gettext as _
from pydantic import AfterValidator, Field

MAX_ID = 2**63 - 1


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError(_("Текст содержит недопустимый символ NUL."))
    return value


def search_term(value: str | None) -> str:
    """A search box's text as a filter may use it: no NUL characters, at most 100 characters."""
    return (value or "").replace("\x00", "").strip()[:100]


# Text from the API: no NUL characters; give each field its model's `max_length` with Field().
Text = Annotated[str, AfterValidator(_no_nul)]

# An object id in a path, a filter or a body.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def parse_id(raw: str | None) -> int | None:
    """A stored id from a form or a query string, or None for anything an id cannot be."""
    # isdigit() alone lets through «²» and other digits int() refuses
    if not raw or not raw.isascii() or not raw.isdigit():
        return None
    number = int(raw)
    return number if 1 <= number <= MAX_ID else None
