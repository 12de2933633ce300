"""What the inspectors' window reads from their store: every imported declaration as a plain row, and one in full.

Read-only, SQLAlchemy Core, portable SQL (the inspectors' store is to run on PostgreSQL too). No rule lives here:
the state of a row is only a summary of the verification done at import (desktop.services.inspection.workbook_import).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple

from sqlalchemy import Connection, Select, select

from desktop.domain.declarations import Declaration
from desktop.domain.roles import Role
from desktop.services.session.session import Session
from desktop.store import schema


class RowState(StrEnum):
    """A declaration's verification as one word: valid, or the first signature that fails."""

    VALID = "valid"
    OFFICER = "officer"  # the officer's signature fails
    COUNTERSIGNATURE = "countersignature"  # the unit head's countersignature fails (or is missing, or untrusted)
    BATCH = "batch"  # the declaration verifies, but the workbook's batch signature or cover does not


class ImportedRow(NamedTuple):
    """One imported declaration, as the table shows it. A tuple: 50,000 of them must stay cheap."""

    row_id: int
    declaration_id: str
    police_number: str
    name: str
    unit_code: str
    unit_name: str
    key_person: bool
    late: bool
    state: RowState
    failures: tuple[str, ...]
    file_name: str
    workbook_id: str
    signed_at: str
    countersigned_at: str


def row_state(valid: bool, failures: tuple[str, ...], workbook_valid: bool) -> RowState:
    if any(code.startswith("officer.") for code in failures):
        return RowState.OFFICER
    if any(code.startswith("countersignature.") for code in failures) or not valid:
        return RowState.COUNTERSIGNATURE
    return RowState.VALID if workbook_valid else RowState.BATCH


def _query() -> Select[*tuple[Any, ...]]:
    d, w = schema.imported_declarations, schema.imported_workbooks
    return select(
        d.c.id,
        d.c.declaration_id,
        d.c.police_number,
        d.c.name,
        d.c.unit_code,
        d.c.unit_name,
        d.c.is_leadership_member,
        d.c.is_unit_head,
        d.c.is_division_level,
        d.c.late,
        d.c.valid,
        d.c.failures,
        w.c.valid,
        w.c.file_name,
        w.c.id,
        d.c.signed_at,
        d.c.countersigned_at,
    ).join(w, w.c.id == d.c.workbook_id)


def _row(values: tuple[Any, ...]) -> ImportedRow:
    (
        row_id,
        declaration_id,
        police_number,
        name,
        unit_code,
        unit_name,
        leadership,
        head,
        division,
        late,
        valid,
        failures_json,
        workbook_valid,
        file_name,
        workbook_id,
        signed_at,
        countersigned_at,
    ) = values
    failures = tuple(json.loads(failures_json or "[]"))
    return ImportedRow(
        row_id,
        declaration_id,
        police_number,
        name,
        unit_code,
        unit_name,
        bool(leadership or head or division),
        bool(late),
        row_state(bool(valid), failures, bool(workbook_valid)),
        failures,
        file_name,
        workbook_id,
        signed_at or "",
        countersigned_at or "",
    )


def imported_rows(session: Session) -> list[ImportedRow]:
    """Every declaration of every imported workbook, in import order."""
    session.require(Role.INSPECTOR)
    with session.store.transaction() as connection:
        result = connection.execute(_query().order_by(schema.imported_declarations.c.id))
        return [_row(tuple(values)) for values in result]


@dataclass(frozen=True)
class WorkbookProblemNote:
    """A workbook-level verification problem as stored at import (the message is looked up by code)."""

    sheet: str
    row: int
    code: str
    #: For the last problem of a capped list (exchange.problems.MORE_CODE): how many more were found, not listed.
    count: int = 0


@dataclass(frozen=True)
class ImportedDeclaration:
    """One imported declaration in full: the content, both signatures, and the workbook it came in."""

    row: ImportedRow
    declaration: Declaration
    version: int
    sheet_row: int
    signer_fingerprint: str
    countersigner_fingerprint: str
    countersigner_name: str
    opinion: str
    workbook_valid: bool
    workbook_problems: tuple[WorkbookProblemNote, ...]
    exporter_name: str
    exporter_fingerprint: str
    exported_at: str
    imported_at: str
    imported_by: str
    also_in: tuple[str, ...]  # file names of other imported workbooks holding the same declaration


def _key_name(connection: Connection, fingerprint: str | None) -> str:
    if not fingerprint:
        return ""
    k = schema.imported_keys
    return str(connection.execute(select(k.c.name).where(k.c.fingerprint == fingerprint)).scalar() or "")


def imported_declaration(session: Session, row_id: int) -> ImportedDeclaration:
    """The imported declaration ``row_id`` (ImportedRow.row_id)."""
    session.require(Role.INSPECTOR)
    d, w = schema.imported_declarations, schema.imported_workbooks
    with session.store.transaction() as connection:
        values = connection.execute(_query().where(d.c.id == row_id)).first()
        if values is None:
            raise LookupError(f"no imported declaration {row_id}")  # rows are never deleted: a bug if reached
        row = _row(tuple(values))
        full = connection.execute(
            select(
                d.c.content,
                d.c.version,
                d.c.sheet_row,
                d.c.signer_fingerprint,
                d.c.countersigner_fingerprint,
                d.c.opinion,
                w.c.valid,
                w.c.problems,
                w.c.exporter_name,
                w.c.exporter_fingerprint,
                w.c.exported_at,
                w.c.imported_at,
                w.c.imported_by,
            )
            .join(w, w.c.id == d.c.workbook_id)
            .where(d.c.id == row_id)
        ).one()
        others = (
            connection.execute(
                select(w.c.file_name)
                .join(d, d.c.workbook_id == w.c.id)
                .where(d.c.declaration_id == row.declaration_id, d.c.id != row_id)
                .order_by(w.c.imported_at)
            )
            .scalars()
            .all()
        )
        countersigner_name = _key_name(connection, full.countersigner_fingerprint)
    problems = tuple(
        WorkbookProblemNote(
            str(p.get("sheet", "")), int(p.get("row", 0) or 0), str(p.get("code", "")), int(p.get("count", 0) or 0)
        )
        for p in json.loads(full.problems or "[]")
    )
    return ImportedDeclaration(
        row=row,
        declaration=Declaration.from_dict(json.loads(full.content)),
        version=full.version,
        sheet_row=full.sheet_row,
        signer_fingerprint=full.signer_fingerprint or "",
        countersigner_fingerprint=full.countersigner_fingerprint or "",
        countersigner_name=countersigner_name,
        opinion=full.opinion or "",
        workbook_valid=bool(full.valid),
        workbook_problems=problems,
        exporter_name=full.exporter_name,
        exporter_fingerprint=full.exporter_fingerprint,
        exported_at=full.exported_at,
        imported_at=full.imported_at,
        imported_by=full.imported_by,
        also_in=tuple(others),
    )
