"""Trigram full-text indexes on SQLite: an FTS5 table with the trigram tokenizer over one
text column of a table (external content, kept in step by triggers), which the catalog's
search and the desk's search in subjects look terms of three characters and more up in.
They are (re)created after every `migrate` rather than in a migration: SQLite rebuilds a
table to alter it, and a rebuilt table has lost its triggers; checking each time costs
nothing and cannot be forgotten by a later migration."""

from __future__ import annotations

# FTS5's trigram tokenizer finds nothing for a string shorter than one trigram.
FTS_MIN_TERM = 3


def fts_table(table: str) -> str:
    """The FTS5 table kept beside `table`."""
    return f"{table}_fts"


def fts_ensure(connection, *, table: str, column: str) -> None:
    """Create whatever part of `table`'s FTS5 index over `column` is missing (SQLite only;
    nothing when the table is not there yet), and index the rows again when a part was."""
    if connection.vendor != "sqlite":
        return
    fts = fts_table(table)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {row[0] for row in cursor.fetchall()}
        if table not in present:
            return
        rebuild = fts not in present
        if rebuild:
            cursor.execute(
                f"CREATE VIRTUAL TABLE {fts} USING fts5({column}, "
                f"content='{table}', content_rowid='id', tokenize='trigram')"
            )
        for name, sql in _triggers(table, column, fts).items():
            if name not in present:
                cursor.execute(sql)
                rebuild = True
        if rebuild:
            # Rows written while a trigger was missing are indexed again from the table.
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def fts_match(term: str) -> str:
    """The term as one FTS5 string (quotes doubled), so nothing in it is query syntax; with
    the trigram tokenizer a string matches wherever it occurs."""
    return '"' + term.replace('"', '""') + '"'


def _triggers(table: str, column: str, fts: str) -> dict[str, str]:
    return {
        f"{fts}_insert": f"""
            CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN
                INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column});
            END""",
        f"{fts}_delete": f"""
            CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN
                INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column});
            END""",
        f"{fts}_update": f"""
            CREATE TRIGGER {fts}_update AFTER UPDATE OF {column} ON {table} BEGIN
                INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column});
                INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column});
            END""",
    }
