"""Rows written by PostgreSQL's binary COPY (server_copy, decision 236) are stored exactly as an INSERT of the same
values stores them: no text escaping, every type sent as its column's. Against a real server (POSTGRES_URL; skipped
without it, but never under CI=true)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    create_engine,
    select,
    text,
)

from desktop.services.inspection.server_copy import UncopiedType, copy_rows, server_type
from desktop.store import schema

NAMES = ("number", "big", "small", "flag", "data", "short", "long")

#: Values a text COPY would have to escape or would read as something else, and each type's edges.
ROWS: list[tuple[object, ...]] = [
    (1, 2**63 - 1, 2**15 - 1, True, bytes(range(256)), "tab\there", "line\nbreak\r\nand \\N \\ \\\\"),
    (-(2**31), -(2**63), -(2**15), False, b"", "", "\\N"),
    (2**31 - 1, 0, 0, 1, b"\x00\\\n", '"quoted", comma', "王小明 身份证 11010119900307XXXX ✓ 😀"),
    (0, None, None, 0, None, None, None),
]


def _tables(metadata: MetaData) -> list[Table]:
    def columns() -> list[Column[Any]]:
        return [
            Column("id", Integer, primary_key=True, autoincrement=True),
            Column("number", Integer, nullable=False),
            Column("big", BigInteger),
            Column("small", SmallInteger),
            Column("flag", Boolean, nullable=False),
            Column("data", LargeBinary),
            Column("short", String(32)),
            Column("long", Text),
        ]

    return [Table("copied", metadata, *columns()), Table("inserted", metadata, *columns())]


def test_copied_rows_are_stored_as_inserted_rows_are(server_urls: list[str]) -> None:
    metadata = MetaData()
    copied, inserted = _tables(metadata)
    engine = create_engine(server_urls[0])
    try:
        with engine.begin() as connection:
            metadata.create_all(connection)
            copy_rows(connection.connection.driver_connection.cursor(), copied, NAMES, iter(ROWS))
            connection.execute(inserted.insert(), [dict(zip(NAMES, row, strict=True)) for row in ROWS])
        with engine.connect() as connection:
            stored = [connection.execute(select(t).order_by(t.c.id)).all() for t in (copied, inserted)]
    finally:
        engine.dispose()
    assert stored[0] == stored[1]
    assert [row[0] for row in stored[0]] == [1, 2, 3, 4]  # the ids from the column's default, in the rows' order
    assert stored[0][0][1:] == (1, 2**63 - 1, 2**15 - 1, True, bytes(range(256)), ROWS[0][5], ROWS[0][6])


def test_the_types_the_copy_sends_are_the_servers_columns_types(server_urls: list[str]) -> None:
    from desktop.services.inspection.review_store import open_server
    from tests.services.inspection.test_staging_server import CLOCK

    store = open_server(server_urls[0], CLOCK)  # the tables as the migrations make them on a server
    try:
        with store.engine.connect() as connection:
            for table in (schema.imported_declarations, schema.imported_interests):
                on_server = dict(
                    connection.execute(
                        text(
                            "SELECT column_name, udt_name FROM information_schema.columns "
                            "WHERE table_schema = current_schema() AND table_name = :t"
                        ),
                        {"t": table.name},
                    ).all()
                )
                sent = {c.name: server_type(c) for c in table.columns}
                assert sent == {name: "text" if kind == "varchar" else kind for name, kind in on_server.items()}
    finally:
        store.lock()


@pytest.mark.parametrize("kind", [Float, DateTime])
def test_a_column_of_a_type_the_copy_does_not_know_is_refused(kind: type) -> None:
    column = Column("measured", kind)
    Table("elsewhere", MetaData(), column)
    with pytest.raises(UncopiedType, match=r"elsewhere\.measured"):
        server_type(column)
