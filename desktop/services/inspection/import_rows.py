"""The rows an imported workbook leaves in the inspectors' store: one per declaration, with the result of verifying
it, and one per business interest; written in bulk.

50,000 declarations with 100,000 interests are inserted with the driver's own executemany on tuples when the
store is SQLite (SQLCipher): SQLAlchemy's per-row parameter processing (dicts, bind processors) cost more than the
inserts themselves. Other databases (the team server's PostgreSQL) take SQLAlchemy Core executemany, as before.
Every value handed to the driver is a str, int, bool, bytes or None, which SQLite stores exactly as SQLAlchemy's
String, Integer, Boolean and LargeBinary types would (tests/services/inspection/test_import_rows.py reads them back both
ways).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from sqlalchemy import Connection, Table, bindparam, select, update

from desktop.crypto.payloads import content_bytes
from desktop.exchange.workbook.verify import DeclarationVerdict, WorkbookVerdict
from desktop.services.inspection.row_values import (
    DECLARATION_NAMES,
    INTEREST_NAMES,
    declaration_row,
    failures_json,
    interest_values,
)
from desktop.store import schema

#: Rows per executemany: few calls, and never 150,000 rows held at once.
ROWS_PER_INSERT = 5000


def bulk_insert(connection: Connection, table: Table, names: Sequence[str], rows: Iterable[tuple[object, ...]]) -> None:
    """Insert ``rows`` (tuples in the order of ``names``) in parts of ROWS_PER_INSERT."""
    sqlite = connection.dialect.name == "sqlite"
    statement = (
        f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        if sqlite
        else table.insert()
    )
    part: list[tuple[object, ...]] = []
    for row in rows:
        part.append(row)
        if len(part) >= ROWS_PER_INSERT:
            _insert_part(connection, statement, names, part, sqlite)
            part = []
    if part:
        _insert_part(connection, statement, names, part, sqlite)


def _insert_part(
    connection: Connection, statement: object, names: Sequence[str], part: list[tuple[object, ...]], sqlite: bool
) -> None:
    if sqlite:
        # The ignore below: the SQL text is compiled once for the driver
        connection.exec_driver_sql(statement, part)  # type: ignore[arg-type]
    else:
        # The ignore below: an insert compiled once; SQLAlchemy's stub wants an Executable
        connection.execute(statement, [dict(zip(names, row, strict=True)) for row in part])  # type: ignore[call-overload]


def declaration_rows(workbook_id: str, verdict: WorkbookVerdict) -> Iterator[tuple[object, ...]]:
    """One tuple per declaration (DECLARATION_NAMES), with the canonical JSON of its content as verified."""
    entries = verdict.read.content.declarations
    contents = (
        verdict.contents
        if len(verdict.contents) == len(entries)
        else [content_bytes(e.signed.declaration) for e in entries]
    )
    for entry, outcome, content in zip(entries, verdict.declarations, contents, strict=True):
        yield declaration_row(workbook_id, entry, outcome, content.decode("utf-8"))


def known_declarations(connection: Connection, ids: list[str]) -> set[str]:
    """Those of ``ids`` already imported (from any workbook)."""
    d = schema.imported_declarations
    known: set[str] = set()
    for start in range(0, len(ids), 500):
        known |= set(
            connection.execute(
                select(d.c.declaration_id).where(d.c.declaration_id.in_(ids[start : start + 500]))
            ).scalars()
        )
    return known


def insert_declarations(connection: Connection, workbook_id: str, verdict: WorkbookVerdict) -> list[str]:
    """Store the workbook's declarations and interests; the ids already imported from another workbook."""
    d = schema.imported_declarations
    ids = [v.declaration_id for v in verdict.declarations]
    known = known_declarations(connection, ids)
    bulk_insert(connection, d, DECLARATION_NAMES, declaration_rows(workbook_id, verdict))
    _insert_interests(connection, workbook_id, verdict)
    return sorted(known & set(ids))


def _insert_interests(connection: Connection, workbook_id: str, verdict: WorkbookVerdict) -> None:
    d = schema.imported_declarations
    row_ids = dict(connection.execute(select(d.c.declaration_id, d.c.id).where(d.c.workbook_id == workbook_id)).all())

    def rows() -> Iterator[tuple[object, ...]]:
        for entry in verdict.read.content.declarations:
            sig = entry.signed.officer_signature
            parent = row_ids.get(sig.declaration_id if sig else "")
            for values in interest_values(entry):
                yield (parent, *values)

    bulk_insert(connection, schema.imported_interests, INTEREST_NAMES, rows())


def update_outcomes(connection: Connection, workbook_id: str, outcomes: list[DeclarationVerdict]) -> None:
    """Correct the stored result of the declarations whose signature check failed after their rows were written."""
    if not outcomes:
        return
    d = schema.imported_declarations
    statement = (
        update(d)
        .where(d.c.workbook_id == bindparam("w"), d.c.declaration_id == bindparam("i"))
        .values(valid=bindparam("v"), failures=bindparam("f"))
    )
    connection.execute(
        statement, [{"w": workbook_id, "i": o.declaration_id, "v": o.valid, "f": failures_json(o)} for o in outcomes]
    )
