"""What the head had in front of them when deciding (issue 13): a countersignature is given only over a declaration
opened and read, and is refused when the stored declaration is no longer the one read."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.services.workflow.history import History
from desktop.store.repositories import declarations as repo


@dataclass(frozen=True)
class ReadDeclaration:
    """The declaration's id and version and the officer signature shown."""

    declaration_id: str
    version: int
    officer_signature_id: int  # the stored row: a declaration returned and signed again has a new one


def read_of(found: History) -> ReadDeclaration | None:
    """The mark of the newest version of a loaded history, if it carries a current officer signature."""
    latest = found.versions[-1]
    signed = next((row for row in latest.signatures if row.kind == repo.OFFICER_KIND and not row.void), None)
    if signed is None:
        return None
    return ReadDeclaration(latest.record.id, latest.record.version, signed.id)
