"""Writing many rows at once, the fastest way each database offers, inside the
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
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
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


def db_rows(rows: Sequence[Sequence]) -> Iterable[Sequence]:
    """Rows as the driver takes them, converting only the columns that need it (judged by
    the first row: a column holds one type)."""
    if not rows:
        return rows
    first = rows[0]
    converted = {
        index
        for index, value in enumerate(first)
        if isinstance(value, list | dict) or (isinstance(value, datetime) and _sqlite())
    }
    if not converted:
        return rows
    # A batch stamps all its rows with one moment: converted once, not once a row.
    known: dict[Any, Any] = {}

    def converted_value(value: Any) -> Any:
        if isinstance(value, datetime):
            found = known.get(value)
            if found is None:
                found = known[value] = db_value(value)
            return found
        return db_value(value)

    return (
        [converted_value(value) if index in converted else value for index, value in enumerate(row)]
        for row in rows
    )


def _sqlite() -> bool:
    return connection.vendor == "sqlite"


def rows_insert(model: type[Model], fields: Sequence[str], rows: Sequence[Sequence]) -> int:
    """Append rows (values in the order of `fields`) to the model's table."""
    if not rows:
        return 0
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(columns_of(model, fields))
    if connection.vendor == "postgresql":
        _copy(f"COPY {table} ({columns}) FROM STDIN", rows)
    else:
        _executemany(f"INSERT INTO {table} ({columns}) VALUES ({_marks(len(fields))})", rows)
    return len(rows)


def text_copy(model: type[Model], fields: Sequence[str], pieces: Sequence[str]) -> None:
    """PostgreSQL: append rows already written as `COPY` text — a line a row, its columns in
    the order of `fields`, separated by tabs, escaped as `copy_escaped` does, `\\N` for
    null — in pieces of one or more lines, each without its last line's end. For rows made
    in bulk, which as tuples would be made only to be turned into such text (`rows_insert`)."""
    if not pieces:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(columns_of(model, fields))
    _copy_texts(
        f"COPY {table} ({columns}) FROM STDIN",
        (
            "\n".join(pieces[start : start + _COPY_PIECE]) + "\n"
            for start in range(0, len(pieces), _COPY_PIECE)
        ),
    )


def copy_escaped(text: str) -> str:
    """Text as a column of `COPY` text."""
    # Translating costs ten times the search, and few values need it.
    return text if _COPY_SPECIAL(text) is None else text.translate(_COPY_ESCAPES)


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
    table = connection.ops.quote_name(model._meta.db_table)
    columns = columns_of(model, fields)
    conflict = _conflict_sql(model, key=key, fields=fields, update=update, expressions=expressions)
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


def _conflict_sql(model, *, key, fields, update, expressions) -> str:
    """`ON CONFLICT (key) DO UPDATE SET … WHERE` one of the updated values differs."""
    table = connection.ops.quote_name(model._meta.db_table)
    named = dict(zip(fields, columns_of(model, fields), strict=True))
    new = "EXCLUDED" if connection.vendor == "postgresql" else "excluded"
    values = {
        name: (expressions or {})
        .get(name, f"new.{named[name]}")
        .replace("new.", f"{new}.")
        .replace("old.", f"{table}.")
        for name in update
    }
    distinct = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    assignments = ", ".join(f"{named[name]} = {values[name]}" for name in update)
    changed = " OR ".join(f"{table}.{named[name]} {distinct} {values[name]}" for name in update)
    key_columns = ", ".join(named[name] for name in key)
    return f"ON CONFLICT ({key_columns}) DO UPDATE SET {assignments} WHERE {changed}"


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
            among, params = among_sql(key_column, chunk)
            cursor.execute(f"SELECT {column_list} FROM {table} WHERE {among}", params)
            found += cursor.fetchall()
    return found


def rows_delete(model: type[Model], *, key: str, values: Iterable[Any]) -> None:
    """Delete the rows whose `key` is among `values` (no cascade: for leaf tables)."""
    table = connection.ops.quote_name(model._meta.db_table)
    key_column = columns_of(model, [key])[0]
    with connection.cursor() as cursor:
        for chunk in chunked(values, IN_CHUNK):
            among, params = among_sql(key_column, chunk)
            cursor.execute(f"DELETE FROM {table} WHERE {among}", params)


def among_sql(column: str, values: list) -> tuple[str, list]:
    """`column` among `values`: one array parameter on PostgreSQL (a statement with
    thousands of placeholders costs more to send and plan than the lookup), a list of
    placeholders on SQLite."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [values]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values


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
    _copy(f"COPY {temporary} ({column_list}) FROM STDIN", rows)
    return temporary


# Rows per piece of COPY text handed to the driver.
_COPY_PIECE = 5000
_COPY_SPECIAL = re.compile(r"[\\\t\n\r]").search
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy(sql: str, rows: Sequence[Sequence]) -> None:
    """Send rows to a `COPY … FROM STDIN` as text made here, a column at a time: the
    driver's per-row path costs three times as much, the largest cost of writing an
    offers file's prices, and a column of numbers is turned into text without a call of
    ours for each value."""
    moments: dict[Any, str] = {}
    _copy_texts(
        sql,
        (
            _rows_text(rows[start : start + _COPY_PIECE], moments)
            for start in range(0, len(rows), _COPY_PIECE)
        ),
    )


def _rows_text(rows: Sequence[Sequence], moments: dict[Any, str]) -> str:
    columns = [_column_text(column, moments) for column in zip(*rows, strict=True)]
    return "\n".join(map("\t".join, zip(*columns, strict=True))) + "\n"


def _copy_texts(sql: str, texts: Iterable[str]) -> None:
    """Hand `COPY … FROM STDIN` its text a piece at a time, each made as the one before is
    sent."""
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for text in texts:
            copy.write(text)


_NUMBERS = ({int}, {Decimal}, {int, Decimal})


def _column_text(values: tuple, moments: dict[Any, str]) -> Iterable[str]:
    kinds = set(map(type, values))
    if kinds in _NUMBERS:
        return map(str, values)
    if kinds == {str} and _COPY_SPECIAL("".join(values)) is None:
        return values
    if kinds == {type(None)}:
        return ["\\N"] * len(values)
    return [_copy_text(value, moments) for value in values]


def _copy_text(value: Any, moments: dict[Any, str]) -> str:
    kind = value.__class__
    if value is None:
        return "\\N"
    if kind is str:
        return copy_escaped(value)
    if kind is int or kind is Decimal:
        return str(value)
    if kind is bool:
        return "t" if value else "f"
    if kind is datetime:
        # A batch stamps all its rows with one moment: formatted once.
        found = moments.get(value)
        if found is None:
            found = moments[value] = value.isoformat()
        return found
    if kind is list or kind is dict:
        return json.dumps(value, ensure_ascii=False).translate(_COPY_ESCAPES)
    return str(value).translate(_COPY_ESCAPES)


def commit_unflushed() -> None:
    """Let the current transaction commit without waiting for its log to reach the disk
    (PostgreSQL's `synchronous_commit` off, for this transaction only). Waiting for that
    flush costs more than writing an import batch's rows. It is safe for a batch that is
    not a file's last: a crash of the database server can lose only the last moments'
    commits, each whole — the batch together with the checkpoint saved in it — so the
    import resumes from the checkpoint before; and the file's last batch commits as usual,
    which flushes the log of every batch before it, so a file reported imported is on disk.
    SQLite: nothing to do (its WAL mode already syncs lazily)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _executemany(sql: str, rows: Sequence[Sequence]) -> None:
    connection.ensure_connection()
    connection.connection.executemany(sql, db_rows(rows))


def _marks(count: int) -> str:
    return ", ".join("?" * count)
