"""The page every API list answers: `{"items": [...], "count": N}`, chosen with the
`limit` and `offset` query parameters; and pages of a long list counted up to a cap."""

from __future__ import annotations

from typing import Any

from django.core import paginator
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from ninja import Field, Schema
from pydantic import create_model

# Far beyond any list the portal keeps, and far below the 64-bit integer the database
# compares an offset with (a larger one would be a server error, not a 422).
MAX_OFFSET = 10**9


# Which part of a list to answer: at most `limit` rows from `offset`. (No docstring: it
# would show in the API document of every list.)
class Page(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


def page_of(rows: QuerySet, page: Page) -> dict[str, Any]:
    """One page of the rows and how many there are in all. A page that ends before its
    limit is the list's last, so its count is known without counting the rows again (a
    search that scans a client's whole history does it once)."""
    items = list(rows[page.offset : page.offset + page.limit])
    last = 0 < len(items) < page.limit or (not items and page.offset == 0)
    return {"items": items, "count": page.offset + len(items) if last else rows.count()}


def page_schema(name: str, item: type[Schema]) -> type[Schema]:
    """The response schema of a page of `item`s, under `name` in the API document."""
    return create_model(name, __base__=Schema, items=(list[item], ...), count=(int, ...))  # type: ignore[valid-type]


class CappedPaginator(Paginator):
    """Pages of a list counted no further than `cap` rows: a page of years of history
    reads its fifty rows by an index, while counting it all would read every row. `more`
    says the list goes on past the count; its last page is then the cap's."""

    def __init__(self, object_list: QuerySet, per_page: int, *, cap: int) -> None:
        super().__init__(object_list, per_page)
        self.rows = object_list
        self.cap = cap
        self.more = False

    @cached_property
    def count(self) -> int:
        found = self.rows.order_by()[: self.cap + 1].count()
        self.more = found > self.cap
        return min(found, self.cap)

    def page(self, number) -> paginator.Page:
        """The page's rows asked for as a whole page, even when fewer are left: with a
        limit of the few rows found, PostgreSQL judges walking the sort's index until it
        meets them cheaper than reading them and sorting, and walks all the history."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return paginator.Page(self.rows[bottom : bottom + self.per_page], number, self)
