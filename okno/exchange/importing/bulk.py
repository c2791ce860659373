"""Writing many catalog rows at once, the fastest way each database offers, inside the
caller's transaction. No model instances and no signals: callers hand in ready column
values (model field names → values, `auto_now` fields included).

PostgreSQL: COPY into a temporary table, then one `INSERT … SELECT … ON CONFLICT DO
UPDATE … WHERE` the row differs (or one `UPDATE … FROM`); SQLite: one prepared statement
run over all rows (`executemany`), which SQLite runs in process at a few hundred thousand
rows a second.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Model

from okno.core.batches import chunked

_temporary_names = itertools.count(1)
# Ids per `IN (…)` list: far below either database's limit on parameters.
IN_CHUNK = 2000


def columns_of(model: type[Model], fields: Sequence[str]) -> list[str]:
    """The quoted column names of model fields (`group` → `"group_id"`)."""
    column = {field.name: str(field.column) for field in model._meta.concrete_fields}
    return [connection.ops.quote_name(column.get(name, name)) for name in fields]


def db_value(value: Any) -> Any:
    """A value as the database driver takes it outside the ORM."""
    if isinstance(value, datetime) and connection.vendor == "sqlite":
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def rows_insert(model: type[Model], fields: Sequence[str], rows: Sequence[Sequence]) -> int:
    """Append rows (values in the order of `fields`) to the model's table."""
    if not rows:
        return 0
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(columns_of(model, fields))
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row([db_value(value) for value in row])
    else:
        _executemany(f"INSERT INTO {table} ({columns}) VALUES ({_marks(len(fields))})", rows)
    return len(rows)


def rows_upsert(
    model: type[Model],
    *,
    key: Sequence[str],
    fields: Sequence[str],
    rows: Sequence[Sequence],
    update: Sequence[str],
    expressions: Mapping[str, str] | None = None,
) -> None:
    """Insert rows, or where a row with the same `key` exists, set its `update` fields —
    only when one of them differs, so an unchanged row is not rewritten. `expressions`
    replaces the new value of a field by SQL over `new.<column>` (the incoming row) and
    `old.<column>` (the stored one)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = columns_of(model, fields)
    named = dict(zip(fields, columns, strict=True))
    key_columns = ", ".join(named[name] for name in key)
    new = "EXCLUDED" if connection.vendor == "postgresql" else "excluded"
    values = {
        name: (expressions or {})
        .get(name, f"new.{named[name]}")
        .replace("new.", f"{new}.")
        .replace("old.", f"{table}.")
        for name in update
    }
    assignments = ", ".join(f"{named[name]} = {values[name]}" for name in update)
    distinct = " OR ".join(
        f"{table}.{named[name]} IS DISTINCT FROM {values[name]}"
        if connection.vendor == "postgresql"
        else f"{table}.{named[name]} IS NOT {values[name]}"
        for name in update
    )
    conflict = f"ON CONFLICT ({key_columns}) DO UPDATE SET {assignments} WHERE {distinct}"
    column_list = ", ".join(columns)
    if connection.vendor == "postgresql":
        temporary = _copy_to_temporary(model, columns, rows)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({column_list}) SELECT {column_list} FROM {temporary} "
                f"{conflict}"
            )
    else:
        _executemany(
            f"INSERT INTO {table} ({column_list}) VALUES ({_marks(len(fields))}) {conflict}",
            rows,
        )


def rows_update(
    model: type[Model], *, key: str, fields: Sequence[str], rows: Sequence[Sequence]
) -> None:
    """Set `fields` of existing rows found by `key` (each row: key value first, then the
    values of `fields`)."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = columns_of(model, [key, *fields])
    if connection.vendor == "postgresql":
        temporary = _copy_to_temporary(model, columns, rows)
        assignments = ", ".join(f"{column} = {temporary}.{column}" for column in columns[1:])
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM {temporary} "
                f"WHERE {table}.{columns[0]} = {temporary}.{columns[0]}"
            )
    else:
        assignments = ", ".join(f"{column} = ?" for column in columns[1:])
        _executemany(
            f"UPDATE {table} SET {assignments} WHERE {columns[0]} = ?",
            [(*row[1:], row[0]) for row in rows],
        )


def rows_select(
    model: type[Model], *, key: str, values: Iterable[Any], fields: Sequence[str]
) -> list[tuple]:
    """The `fields` of the rows whose `key` is among `values`, read an id list at a time."""
    found: list[tuple] = []
    table = connection.ops.quote_name(model._meta.db_table)
    column_list = ", ".join(columns_of(model, fields))
    key_column = columns_of(model, [key])[0]
    with connection.cursor() as cursor:
        for chunk in chunked(values, IN_CHUNK):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT {column_list} FROM {table} WHERE {key_column} IN ({marks})", chunk
            )
            found += cursor.fetchall()
    return found


def rows_delete(model: type[Model], *, key: str, values: Iterable[Any]) -> None:
    """Delete the rows whose `key` is among `values` (no cascade: for leaf tables)."""
    table = connection.ops.quote_name(model._meta.db_table)
    key_column = columns_of(model, [key])[0]
    with connection.cursor() as cursor:
        for chunk in chunked(values, IN_CHUNK):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {table} WHERE {key_column} IN ({marks})", chunk)


def _copy_to_temporary(model: type[Model], columns: list[str], rows: Sequence[Sequence]) -> str:
    """A temporary table (dropped at commit) with the rows, typed like the model's table."""
    table = connection.ops.quote_name(model._meta.db_table)
    temporary = f"okno_import_{next(_temporary_names)}"
    column_list = ", ".join(columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {temporary} ON COMMIT DROP AS "
            f"SELECT {column_list} FROM {table} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY {temporary} ({column_list}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([db_value(value) for value in row])
    return temporary


def _executemany(sql: str, rows: Sequence[Sequence]) -> None:
    connection.ensure_connection()
    connection.connection.executemany(sql, [[db_value(value) for value in row] for row in rows])


def _marks(count: int) -> str:
    return ", ".join("?" * count)
