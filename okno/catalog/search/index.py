"""The database indexes search runs on, created after every `migrate`.

SQLite: an FTS5 table with the trigram tokenizer over `catalog_product.search_text`
(external content, kept in step by triggers). PostgreSQL: a pg_trgm GIN index on the same
column, which `LIKE '%…%'` uses (the article key's prefix search uses the
pattern index Django makes for its `db_index`).

They are (re)created after every migration rather than in one migration because on SQLite
Django rebuilds a table to alter it, and a rebuilt table has lost its triggers: checking
each time costs nothing and cannot be forgotten by a later migration.
"""

from __future__ import annotations

FTS_TABLE = "catalog_product_fts"

_SQLITE_TRIGGERS = {
    "catalog_product_fts_insert": f"""
        CREATE TRIGGER catalog_product_fts_insert AFTER INSERT ON catalog_product BEGIN
            INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);
        END""",
    "catalog_product_fts_delete": f"""
        CREATE TRIGGER catalog_product_fts_delete AFTER DELETE ON catalog_product BEGIN
            INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
                VALUES ('delete', old.id, old.search_text);
        END""",
    "catalog_product_fts_update": f"""
        CREATE TRIGGER catalog_product_fts_update AFTER UPDATE OF search_text
            ON catalog_product BEGIN
            INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
                VALUES ('delete', old.id, old.search_text);
            INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);
        END""",
}


def ensure_search_index(connection) -> None:
    """Create whatever part of the search index is missing on this connection's database."""
    if connection.vendor == "sqlite":
        _ensure_sqlite(connection)
    elif connection.vendor == "postgresql":
        _ensure_postgresql(connection)


def _ensure_sqlite(connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {row[0] for row in cursor.fetchall()}
        if "catalog_product" not in present:
            return
        rebuild = FTS_TABLE not in present
        if rebuild:
            cursor.execute(
                f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(search_text, "
                "content='catalog_product', content_rowid='id', tokenize='trigram')"
            )
        for name, sql in _SQLITE_TRIGGERS.items():
            if name not in present:
                cursor.execute(sql)
                rebuild = True
        if rebuild:
            # Rows written while a trigger was missing are indexed again from the table.
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def _ensure_postgresql(connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS catalog_product_search_trgm ON catalog_product "
            "USING gin (search_text gin_trgm_ops)"
        )
