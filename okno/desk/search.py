"""The queue's search in the appeals' subjects: on SQLite through an FTS5 trigram table
over `desk_appeal.subject` (`okno.core.fts`, made after every `migrate`), on PostgreSQL
through the trigram index on `LOWER(subject)` made by a migration (`0014_queue_indexes`),
which the `ucontains` lookup uses."""

from __future__ import annotations

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from okno.core.fts import FTS_MIN_TERM, fts_ensure, fts_match, fts_table

TABLE = "desk_appeal"
FTS_TABLE = fts_table(TABLE)


def ensure_subject_index(db) -> None:
    """Create whatever part of the SQLite index is missing on this connection's database."""
    fts_ensure(db, table=TABLE, column="subject")


def subject_holds(term: str) -> Q:
    """An appeal whose subject holds the term, in any case: through the FTS5 table on
    SQLite, through `ucontains` — which PostgreSQL's trigram index serves — elsewhere."""
    if connection.vendor != "sqlite" or len(term) < FTS_MIN_TERM:
        return Q(subject__ucontains=term)
    found = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [fts_match(term)])
    return Q(pk__in=found)
