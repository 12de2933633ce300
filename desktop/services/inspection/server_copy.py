"""Rows written into a table of the team server's PostgreSQL by its binary COPY (decision 236): each value sent in
its column's own binary form, so that nothing is escaped or parsed as text and the stored values are exactly those
an INSERT of the same values stores.

The type each value is sent as is its column's on the server, as the schema (desktop.store.schema) declares it and
the migrations create it: COPY's binary rows carry no types, the server reads each field as its column's type.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import BigInteger, Boolean, Column, Integer, LargeBinary, SmallInteger, String, Table

if TYPE_CHECKING:
    from psycopg import Cursor  # an optional dependency (the server extra)


class UncopiedType(TypeError):
    """A column whose type the copy does not know how to send in binary."""

    def __init__(self, column: Column[Any]) -> None:
        super().__init__(f"column {column.table.name}.{column.name} of type {column.type!r} cannot be copied")


def server_type(column: Column[Any]) -> str:
    """The name of the PostgreSQL type ``column`` has on the server (as SQLAlchemy creates it there)."""
    kind = column.type
    # BigInteger and SmallInteger are Integers: asked first.
    if isinstance(kind, BigInteger):
        return "int8"
    if isinstance(kind, SmallInteger):
        return "int2"
    if isinstance(kind, Integer):
        return "int4"
    if isinstance(kind, Boolean):
        return "bool"
    if isinstance(kind, LargeBinary):
        return "bytea"
    if isinstance(kind, String):  # Text too: varchar and text are the same bytes in binary
        return "text"
    raise UncopiedType(column)


def copy_rows(cursor: Cursor[Any], table: Table, names: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write ``rows`` (values in the order of ``names``) into ``table`` by one binary COPY, in their order, in the
    transaction of ``cursor``'s connection; the columns not named take their defaults, as with an INSERT."""
    columns = ", ".join(names)
    with cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types([server_type(table.c[name]) for name in names])
        for row in rows:
            copy.write_row(row)
