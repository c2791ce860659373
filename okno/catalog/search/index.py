"""The database indexes search runs on, created after every `migrate`.

SQLite: an FTS5 table with the trigram tokenizer over `catalog_product.search_text`
(external content, kept in step by triggers; `okno.core.fts`). PostgreSQL: a pg_trgm GIN
index on the same column, which `LIKE '%…%'` uses (the article key's prefix search uses
the pattern index Django makes for its `db_index`).

They are (re)created after every migration rather than in one migration because on SQLite
Django rebuilds a table to alter it, and a rebuilt table has lost its triggers: checking
each time costs nothing and cannot be forgotten by a later migration.
"""

from __future__ import annotations

from okno.core.fts import fts_ensure, fts_table

FTS_TABLE = fts_table("catalog_product")


def ensure_search_index(connection) -> None:
    """Create whatever part of the search index is missing on this connection's database."""
    if connection.vendor == "sqlite":
        fts_ensure(connection, table="catalog_product", column="search_text")
    elif connection.vendor == "postgresql":
        _ensure_postgresql(connection)


def _ensure_postgresql(connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS catalog_product_search_trgm ON catalog_product "
            "USING gin (search_text gin_trgm_ops)"
        )
