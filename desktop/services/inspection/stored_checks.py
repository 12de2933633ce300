"""What the audit chain says the inspectors' tables hold, checked against what they hold.

The chain proves its own entries unchanged; these checks extend that to two tables a database user could otherwise
change without a trace (issue 12, finding 8):

- **trusted keys**: replaying the chain's ``key_trusted`` and ``key_distrusted`` entries gives the set of trusted
  fingerprints; a fingerprint in the table and not in the replay was inserted outside the program, one in the replay
  and not in the table was deleted outside it.
- **verification results**: each import records, in its ``imported`` entry, a digest of every stored result of that
  workbook (declaration, version, valid, failures); a result flipped afterwards no longer gives the digest.
  Workbooks imported by earlier versions (no digest in their entry) are counted as not covered.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from desktop.domain.roles import Role
from desktop.i18n import N_
from desktop.services.errors import NotAllowed
from desktop.services.inspection.row_values import outcome_line
from desktop.services.session.session import Session
from desktop.store import audit, schema

TRUSTED, DISTRUSTED, IMPORTED = "key_trusted", "key_distrusted", "imported"


@dataclass(frozen=True)
class StoredCheck:
    trusted_added: list[str] = field(default_factory=list)  # in the table, never trusted through the program
    trusted_removed: list[str] = field(default_factory=list)  # trusted through the program, gone from the table
    results_changed: list[str] = field(default_factory=list)  # workbook ids whose stored results changed
    results_uncovered: int = 0  # workbooks imported before their results were recorded in the chain

    @property
    def ok(self) -> bool:
        return not (self.trusted_added or self.trusted_removed or self.results_changed)


def outcomes_digest(connection: Connection, workbook_id: str) -> str:
    """SHA-256 over the stored verification result of every declaration of a workbook, in a fixed order."""
    d = schema.imported_declarations
    rows = connection.execute(
        select(d.c.declaration_id, d.c.version, d.c.valid, d.c.failures)
        .where(d.c.workbook_id == workbook_id)
        .order_by(d.c.declaration_id, d.c.version, d.c.id)
    ).all()
    return outcomes_digest_of(rows)


def outcomes_digest_of(rows: Iterable[tuple[str, int, bool, str]]) -> str:
    """outcomes_digest of (declaration id, version, valid, failures) rows given in its order."""
    return outcomes_digest_of_lines(outcome_line(*row) for row in rows)


def outcomes_digest_of_lines(lines: Iterable[bytes]) -> str:
    """outcomes_digest of the outcome_line of each row, given in its order."""
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line)
    return digest.hexdigest()


def check_stored(connection: Connection) -> StoredCheck:
    """Compare the trusted keys and the stored verification results with what the audit chain recorded."""
    trusted: set[str] = set()
    recorded: dict[str, str | None] = {}
    for entry in audit.entries(connection):
        if entry.action == TRUSTED:
            trusted.add(str(entry.details.get("fingerprint", "")))
        elif entry.action == DISTRUSTED:
            trusted.discard(str(entry.details.get("fingerprint", "")))
        elif entry.action == IMPORTED:
            outcomes = entry.details.get("outcomes")
            recorded[entry.subject] = str(outcomes) if outcomes else None
    t = schema.trusted_keys
    table = set(connection.execute(select(t.c.fingerprint)).scalars())
    changed = [
        workbook
        for workbook, digest in sorted(recorded.items())
        if digest is not None and outcomes_digest(connection, workbook) != digest
    ]
    w = schema.imported_workbooks
    unrecorded = [workbook for workbook in connection.execute(select(w.c.id)).scalars() if workbook not in recorded]
    return StoredCheck(
        trusted_added=sorted(table - trusted),
        trusted_removed=sorted(trusted - table),
        results_changed=changed + sorted(unrecorded),  # a workbook with no import entry was inserted outside
        results_uncovered=sum(1 for digest in recorded.values() if digest is None),
    )


def check_stored_tables(session: Session) -> StoredCheck:
    """``check_stored`` for an inspector or an administrator (as ``audit verify``)."""
    if not (session.account.has(Role.ADMIN) or session.account.has(Role.INSPECTOR)):
        raise NotAllowed(N_("Only administrators and inspectors check the audit log."))
    with session.store.transaction() as connection:
        return check_stored(connection)
