"""Query counts of list pages: the same number of queries for a few rows as for many.

A list page that runs a query per row passes any fixed ceiling while the test data is
small; comparing the count for a few rows with the count for many catches it at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def assert_queries_flat(
    request: Callable[[], Any],
    *,
    grow: Callable[[], object],
    ceiling: int,
    assert_max_num_queries: Callable[[int], Any],
) -> Any:
    """Count the queries of `request()`, call `grow()` to add rows, count again: the two
    counts must be equal, and the second at most `ceiling` (pytest-django's
    `django_assert_max_num_queries` is `assert_max_num_queries`). Returns the last
    answer, so the caller can check that the rows it added are shown.

    A first call warms up what any first request pays once (the session, caches).
    """
    request()
    with CaptureQueriesContext(connection) as few:
        request()
    grow()
    with assert_max_num_queries(ceiling) as many:
        answer = request()
        # Checked before the ceiling (on leaving the block): the queries that grew are named.
        assert len(many) == len(few), _difference(few, many)
    return answer


def _difference(few: CaptureQueriesContext, many: CaptureQueriesContext) -> str:
    before = [query["sql"] for query in few.captured_queries]
    after = [query["sql"] for query in many.captured_queries]
    extra = [sql for sql in after if sql not in before] or after
    shown = "\n".join(f"  {sql}" for sql in extra[:10])
    return (
        f"{len(few)} queries before the rows were added, {len(many)} after; "
        f"queries not seen before:\n{shown}"
    )
