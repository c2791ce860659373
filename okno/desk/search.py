"""The index the queue's search in the appeals' subjects runs on, on SQLite: an FTS5 table
with the trigram tokenizer over `desk_appeal.subject` (external content, kept in step by
triggers), created after every `migrate` for the reason the catalog's is (a table SQLite
rebuilds loses its triggers). PostgreSQL's trigram index is made by a migration
(`0014_queue_indexes`)."""

from __future__ import annotations

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

FTS_TABLE = "desk_appeal_fts"
# FTS5's trigram tokenizer finds nothing for a string shorter than one trigram.
FTS_MIN_TERM = 3

_TRIGGERS = {
    "desk_appeal_fts_insert": f"""
        CREATE TRIGGER desk_appeal_fts_insert AFTER INSERT ON desk_appeal BEGIN
            INSERT INTO {FTS_TABLE}(rowid, subject) VALUES (new.id, new.subject);
        END""",
    "desk_appeal_fts_delete": f"""
        CREATE TRIGGER desk_appeal_fts_delete AFTER DELETE ON desk_appeal BEGIN
            INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, subject)
                VALUES ('delete', old.id, old.subject);
        END""",
    "desk_appeal_fts_update": f"""
        CREATE TRIGGER desk_appeal_fts_update AFTER UPDATE OF subject ON desk_appeal BEGIN
            INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, subject)
                VALUES ('delete', old.id, old.subject);
            INSERT INTO {FTS_TABLE}(rowid, subject) VALUES (new.id, new.subject);
        END""",
}


def ensure_subject_index(db) -> None:
    """Create whatever part of the SQLite index is missing on this connection's database."""
    if db.vendor != "sqlite":
        return
    with db.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {row[0] for row in cursor.fetchall()}
        if "desk_appeal" not in present:
            return
        rebuild = FTS_TABLE not in present
        if rebuild:
            cursor.execute(
                f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(subject, "
                "content='desk_appeal', content_rowid='id', tokenize='trigram')"
            )
        for name, sql in _TRIGGERS.items():
            if name not in present:
                cursor.execute(sql)
                rebuild = True
        if rebuild:
            # Rows written while a trigger was missing are indexed again from the table.
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def subject_holds(term: str) -> Q:
    """An appeal whose subject holds the term, in any case: through the FTS5 table on
    SQLite (a term as one FTS5 string, quotes doubled, so nothing in it is query syntax),
    through `ucontains` — which PostgreSQL's trigram index serves — elsewhere."""
    if connection.vendor != "sqlite" or len(term) < FTS_MIN_TERM:
        return Q(subject__ucontains=term)
    string = '"' + term.replace('"', '""') + '"'
    found = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [string])
    return Q(pk__in=found)
