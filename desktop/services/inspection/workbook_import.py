"""Importing declaration workbooks into the inspectors' store: verified, atomic per workbook, idempotent.

A workbook whose cells cannot be read (damaged, hostile, a sheet or column missing, a number where text belongs)
is refused whole with every problem located. A readable workbook is stored whole, each declaration with the result
of verifying its signatures: an altered declaration is kept, flagged, for the inspectors to see.
"""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Callable
from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, select, update
from sqlalchemy.exc import IntegrityError

from desktop.crypto.canonical import canonical_bytes
from desktop.domain.roles import Role
from desktop.exchange.problems import MORE_CODE, SheetProblem
from desktop.exchange.workbook.model import DeclarationEntry, WorkbookContent, batch_payload
from desktop.exchange.workbook.reader import ReadWorkbook, read_workbook
from desktop.exchange.workbook.verify import PendingVerdict, begin_verification
from desktop.review.batch_signer import SignerStanding
from desktop.services.auditing import Auditor, audited_transaction
from desktop.services.clock import timestamp
from desktop.services.errors import ImportWorkersStopped, InvalidWorkbook
from desktop.services.inspection.import_pipeline import import_in_chunks
from desktop.services.inspection.import_rows import insert_declarations, update_outcomes
from desktop.services.inspection.ready import ReadyImport, identity_of
from desktop.services.inspection.stored_checks import outcomes_digest
from desktop.services.inspection.trust import exporter_standing
from desktop.services.session.session import Session
from desktop.store import schema
from desktop.store.write_lock import take_write_lock

Progress = Callable[[str, int, int], None]  # (file name, step, of steps)
#: (declarations checked, of declarations), after each chunk of the pipeline (not called on the careful path).
Checked = Callable[[int, int], None]


@dataclass
class ImportResult:
    file: str
    workbook_id: str
    already_imported: bool = False
    declarations: int = 0
    valid: int = 0
    invalid: int = 0
    workbook_valid: bool = True
    duplicates: list[str] = field(default_factory=list)  # declaration ids already imported from another workbook
    #: The batch signer's key (the cover's exporter), and whether an inspector has confirmed it as trusted: only a
    #: trusted batch signer vouches that no declaration was dropped or replaced by an older version.
    exporter_fingerprint: str = ""
    exporter_trusted: bool = False
    #: Whether that key vouches for this unit's workbook: trusted, and if it is a head's, a head of the unit or of
    #: a unit above it (desktop.review.batch_signer). Anything but TRUSTED flags every declaration of the workbook.
    exporter_standing: SignerStanding = SignerStanding.UNTRUSTED

    @property
    def exporter_vouches(self) -> bool:
        return self.exporter_standing is SignerStanding.TRUSTED


def import_workbook(
    session: Session,
    path: Path,
    *,
    password: str | None = None,
    executor: Executor | None = None,
    progress: Progress | None = None,
    checked: Checked | None = None,
    deflated: bool = False,
) -> ImportResult:
    """Import ``path`` whole or not at all. A ``progress`` or ``checked`` callback that raises before the last
    step stops the import with nothing stored; a worker process of ``executor`` that ends meanwhile stops it as
    ImportWorkersStopped. ``deflated``: the workers stage each content deflated (import_pipeline.import_in_chunks):
    less memory held through the import for a few CPU-seconds at 50,000 (the window's choice, decision 251)."""
    session.require(Role.INSPECTOR)
    # A workbook of 50,000 declarations makes millions of objects, none of them in a reference cycle: the cyclic
    # garbage collector would walk them all again and again while they are made (≈ 10 % of the import).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _import(session, path, password, executor, progress, checked, deflated)
    except BrokenProcessPool as error:
        raise ImportWorkersStopped(path.name) from error
    finally:
        if collecting:
            gc.enable()


def _import(
    session: Session,
    path: Path,
    password: str | None,
    executor: Executor | None,
    progress: Progress | None,
    checked: Checked | None,
    deflated: bool = False,
) -> ImportResult:
    note = progress or (lambda _f, _s, _n: None)
    note(path.name, 0, 3)
    if executor is not None:
        # The pipeline: the executor's workers read the workbook chunk by chunk, in the transaction that stores it
        # (each chunk's rows are written as it comes back, decision 125); a workbook it cannot vouch for as a whole
        # (any problem to locate) is read again below, the careful way.
        def pipelined(connection: Connection) -> ReadyImport | None:
            ready = import_in_chunks(path, password, executor, connection, checked, deflated=deflated)
            if ready is not None:
                note(path.name, 1, 3)
            return ready

        stored = _store(session, path, note, pipelined)
        if stored is not None:
            return stored
    read = read_workbook(path, password, executor=executor)
    note(path.name, 1, 3)
    if read.problems:
        raise InvalidWorkbook(path.name, read.problems)
    # The Ed25519 checks run in the executor's processes while the rows are written; the few declarations whose
    # check fails are corrected before the commit (PendingVerdict).
    pending = begin_verification(read, executor=executor)
    try:
        return store_import(session, path, _careful(read, pending), note)
    except BaseException:
        pending.cancel()
        raise


def _careful(read: ReadWorkbook, pending: PendingVerdict) -> ReadyImport:
    verdict = pending.verdict

    def insert(connection: Connection, workbook_id: str) -> tuple[list[str], int]:
        duplicates = insert_declarations(connection, workbook_id, verdict)
        changed = pending.settle()
        update_outcomes(connection, workbook_id, [verdict.declarations[i] for i in changed])
        return duplicates, sum(d.valid for d in verdict.declarations)

    content = read.content
    return ReadyImport(
        workbook_id=content_identity(content, verdict.contents),
        cover=content.cover,
        keys=content.keys,
        missing=content.missing,
        problems=verdict.problems,
        countersigning=verdict.countersigning_fingerprints,
        declarations=len(verdict.declarations),
        insert=insert,
        cancel=pending.cancel,
    )


def store_import(session: Session, path: Path, ready: ReadyImport, note: Progress) -> ImportResult:
    """Store what ``ready`` holds in one transaction, unless a workbook of the same identity is already stored."""
    stored = _store(session, path, note, lambda _connection: ready)
    assert stored is not None  # ready is never None
    return stored


def _store(
    session: Session, path: Path, note: Progress, make: Callable[[Connection], ReadyImport | None]
) -> ImportResult | None:
    """Store what ``make`` makes ready in the transaction it is given; None (nothing stored) when it makes nothing."""
    made: list[ReadyImport] = []
    try:
        with audited_transaction(session.store, session.account.login, session.clock) as audit:
            ready = make(audit.connection)
            if ready is None:
                return None
            made.append(ready)
            result = _store_new(audit, session, path, ready, note, ImportResult(path.name, ready.workbook_id))
    except IntegrityError:
        # Another window or process imported the same workbook meanwhile: its transaction committed between this
        # one's check and insert (on PostgreSQL; SQLite's write lock is taken before the check). The same answer as
        # had it committed earlier; anything else the constraint meant is raised as it is.
        if not made or not _imported(session, made[0].workbook_id):
            raise
        made[0].cancel()
        note(path.name, 3, 3)
        return ImportResult(path.name, made[0].workbook_id, already_imported=True)
    note(path.name, 3, 3)
    return result


def _imported(session: Session, workbook_id: str) -> bool:
    w = schema.imported_workbooks
    with session.store.transaction() as connection:
        return connection.execute(select(w.c.id).where(w.c.id == workbook_id)).first() is not None


def _store_new(
    audit: Auditor, session: Session, path: Path, ready: ReadyImport, note: Progress, result: ImportResult
) -> ImportResult:
    cover = ready.cover
    workbook_id = result.workbook_id
    connection = audit.connection
    w = schema.imported_workbooks
    take_write_lock(connection)  # another import of the same workbook committed before this check is seen by it
    if connection.execute(select(w.c.id).where(w.c.id == workbook_id)).first():
        ready.cancel()
        result.already_imported = True
        return result
    _insert_workbook(connection, session, path, workbook_id, ready)
    result.duplicates, result.valid = ready.insert(connection, workbook_id)
    note(path.name, 2, 3)
    _insert_keys_and_missing(connection, workbook_id, ready)
    result.declarations = ready.declarations
    result.invalid = result.declarations - result.valid
    result.workbook_valid = not ready.problems
    result.exporter_fingerprint = ready.exporter_fingerprint
    result.exporter_standing = exporter_standing(connection, result.exporter_fingerprint, cover.get("unit_code", ""))
    result.exporter_trusted = result.exporter_standing is not SignerStanding.UNTRUSTED
    audit.record(
        "imported",
        workbook_id,
        file=path.name,
        unit=cover.get("unit_code", ""),
        declarations=result.declarations,
        invalid=result.invalid,
        workbook_valid=result.workbook_valid,
        exporter=result.exporter_fingerprint,
        exporter_trusted=result.exporter_trusted,
        exporter_standing=result.exporter_standing.value,
        # the stored results, covered by the chain
        outcomes=ready.outcomes() or outcomes_digest(connection, workbook_id),
    )
    return result


def content_identity(content: WorkbookContent, contents: list[bytes] | None = None) -> str:
    """SHA-256 over everything the workbook says, in row-order-independent form: the same content saved again (or
    re-saved by Excel or LibreOffice) has the same identity; any changed cell gives another. ``contents``: the
    canonical bytes of each declaration's content in workbook order, when verification already built them."""
    if contents is None or len(contents) != len(content.declarations):
        contents = [canonical_bytes(e.signed.declaration.to_dict()) for e in content.declarations]
    ids = [_declaration_id(e) for e in content.declarations]
    return identity_of(batch_payload(content), ids, contents)


def _declaration_id(entry: DeclarationEntry) -> str:
    return entry.signed.officer_signature.declaration_id if entry.signed.officer_signature else ""


def _file_sha256(path: Path) -> str:
    """The file's SHA-256, read in pieces: a roll-up may be a gigabyte (decision 110)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _insert_workbook(
    connection: Connection, session: Session, path: Path, workbook_id: str, ready: ReadyImport
) -> None:
    cover = ready.cover
    connection.execute(
        schema.imported_workbooks.insert().values(
            id=workbook_id,
            file_name=path.name,
            file_sha256=_file_sha256(path),
            imported_at=timestamp(session.clock),
            imported_by=session.account.login,
            kind=cover.get("kind", ""),
            unit_code=cover.get("unit_code", ""),
            unit_name=cover.get("unit_name", ""),
            campaign_id=cover.get("campaign_id", ""),
            campaign_name=cover.get("campaign_name", ""),
            campaign_deadline=cover.get("campaign_deadline", ""),
            commitment_sha256=cover.get("commitment_sha256", ""),
            exporter_fingerprint=cover.get("exporter_fingerprint", ""),
            exporter_name=cover.get("exporter_name", ""),
            exported_at=cover.get("exported_at", ""),
            declarations=ready.declarations,
            missing=len(ready.missing),
            valid=not ready.problems,
            problems=json.dumps([_stored(p) for p in ready.problems]),
        )
    )


def _insert_keys_and_missing(connection: Connection, workbook_id: str, ready: ReadyImport) -> None:
    k, m = schema.imported_keys, schema.imported_missing
    # A key is a head's because it countersigned (or an exporter's because it signed the batch), never because the
    # keys sheet's role cell says so: a countersigning key labelled "officer" would otherwise escape the trust list.
    acted = dict.fromkeys(ready.countersigning, "unit_head")
    if ready.exporter_fingerprint:
        acted.setdefault(ready.exporter_fingerprint, "exporter")
    known = dict(connection.execute(select(k.c.fingerprint, k.c.role)).all())
    for fingerprint, role in acted.items():
        if known.get(fingerprint) == "officer":  # seen before as an officer's key, now acting as a head's
            connection.execute(update(k).where(k.c.fingerprint == fingerprint).values(role=role))
    new_keys = [
        {
            "fingerprint": e.fingerprint,
            "public_key": e.public_key,
            "role": acted.get(e.fingerprint, "officer"),
            "login": e.login,
            "police_number": e.police_number,
            "name": e.name,
            "unit_code": e.unit_code,
            "first_workbook_id": workbook_id,
        }
        for e in ready.keys
        if e.fingerprint not in known
    ]
    if new_keys:
        connection.execute(k.insert(), list({r["fingerprint"]: r for r in new_keys}.values()))
    missing = [
        {
            "workbook_id": workbook_id,
            "police_number": e.police_number,
            "name": e.name,
            "unit_code": e.unit_code,
            "unit_name": e.unit_name,
            "status": e.status,
        }
        for e in ready.missing
    ]
    if missing:
        connection.execute(m.insert(), missing)


def _stored(problem: SheetProblem) -> dict[str, object]:
    """A problem as the workbook row stores it; a capped list's last one with the number it stands for."""
    stored: dict[str, object] = {"sheet": problem.sheet, "row": problem.row, "code": problem.code}
    if problem.code == MORE_CODE:
        stored["count"] = problem.params.get("count", 0)
    return stored
