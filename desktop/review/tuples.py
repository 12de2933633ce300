"""Reading many rows as plain tuples, portably."""

from __future__ import annotations

from sqlalchemy import Connection, Select


def fetch_tuples(connection: Connection, query: Select) -> list[tuple]:  # type: ignore[type-arg]
    """Every row of ``query`` as a plain tuple, straight from the DB-API cursor: building a SQLAlchemy Row per
    result row costs more than reading it. The SQL and its parameters are SQLAlchemy's for this connection's
    dialect, so this is as portable as ``connection.execute``; values come as the driver gives them (a boolean may
    be 0/1 on SQLite)."""
    compiled = query.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    params: object = compiled.params
    if compiled.positional:
        params = tuple(compiled.params[name] for name in compiled.positiontup or ())
    cursor = connection.connection.cursor()
    try:
        cursor.execute(str(compiled), params)
        return cursor.fetchall()
    finally:
        cursor.close()
