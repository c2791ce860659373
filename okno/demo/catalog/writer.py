"""Appending many rows to a table the fastest way each database offers: COPY on
PostgreSQL (about ten times a multi-row INSERT), one prepared INSERT run over all the
rows on SQLite. No model instances, no signals: the caller hands in ready column values
and takes care of everything the ORM would have done (defaults, auto_now, search keys).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Model


def rows_insert(model: type[Model], fields: Sequence[str], rows: Sequence[Sequence]) -> int:
    """Insert `rows` (values in the order of `fields`, model field names) into the model's
    table in the current transaction; returns how many were written."""
    if not rows:
        return 0
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    column = {field.name: str(field.column) for field in model._meta.concrete_fields}
    columns = ", ".join(quote(column[name]) for name in fields)
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        marks = ", ".join("?" for _ in fields)
        connection.connection.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
    else:
        marks = ", ".join("%s" for _ in fields)
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
    return len(rows)


def ids_continue(model: type[Model]) -> None:
    """After rows were written with explicit ids, let the database's own ids carry on after
    them (PostgreSQL keeps a separate sequence; SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(no_style(), [model])
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def db_datetime(value):
    """A datetime as this database's driver takes it outside the ORM."""
    if connection.vendor == "sqlite":
        return connection.ops.adapt_datetimefield_value(value)
    return value
