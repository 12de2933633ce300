"""Reading and writing many rows as plain tuples, portably."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Select, Table
from sqlalchemy.exc import DBAPIError


def fetch_tuples(connection: Connection, query: Select[*tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Every row of ``query`` as a plain tuple, straight from the DB-API cursor: building a SQLAlchemy Row per
    result row costs more than reading it. The SQL and its parameters are SQLAlchemy's for this connection's
    dialect, so this is as portable as ``connection.execute``; values come as the driver gives them (a boolean may
    be 0/1 on SQLite)."""
    compiled = query.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    params: Sequence[Any] | Mapping[str, Any] = compiled.params
    if compiled.positional:
        params = tuple(compiled.params[name] for name in compiled.positiontup or ())
    cursor = connection.connection.cursor()
    try:
        cursor.execute(str(compiled), params)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def insert_tuples(
    connection: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[object]], chunk: int = 5000
) -> None:
    """Insert ``rows`` (values in ``columns`` order) with the DB-API's executemany: the statement is SQLAlchemy's
    for this dialect, the values plain Python (text, int, bool, None) that every driver takes as they are."""
    compiled = table.insert().compile(dialect=connection.dialect, column_keys=list(columns))
    sql = str(compiled)
    order = [list(columns).index(name) for name in compiled.positiontup or ()] if compiled.positional else None
    cursor = connection.connection.cursor()
    dbapi_error = connection.dialect.loaded_dbapi.Error
    try:
        for start in range(0, len(rows), chunk):
            part = rows[start : start + chunk]
            if order is not None and order != list(range(len(order))):
                cursor.executemany(sql, [tuple(row[i] for i in order) for row in part])
            elif order is not None:  # the rows' order is the statement's already
                cursor.executemany(sql, part)
            else:
                cursor.executemany(sql, [dict(zip(columns, row, strict=True)) for row in part])
    except dbapi_error as exc:
        # As SQLAlchemy's own error (IntegrityError …), so that callers catch one kind; without the rows, whose
        # values (names, ID numbers) must not reach a message.
        raise DBAPIError.instance(sql, None, exc, dbapi_error) from None
    finally:
        cursor.close()
