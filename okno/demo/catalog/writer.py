"""What the demo's loaders need around `okno.core.bulk.rows_insert` (COPY on PostgreSQL,
one prepared INSERT on SQLite): ids carrying on after rows written with explicit ids, and
datetimes as the driver takes them."""

from __future__ import annotations

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Model


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
