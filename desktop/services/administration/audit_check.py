"""Checking the audit log's chain against the head kept in the key file."""

from __future__ import annotations

from desktop.domain.roles import Role
from desktop.i18n import N_
from desktop.services.errors import NotAllowed
from desktop.services.session.session import Session
from desktop.store import audit
from desktop.store.keyfile import KeyFile


def verify_audit_log(session: Session) -> audit.ChainReport:
    if not (session.account.has(Role.ADMIN) or session.account.has(Role.INSPECTOR)):
        raise NotAllowed(N_("Only administrators and inspectors check the audit log."))
    with session.store.transaction() as connection:
        return audit.verify_chain(connection, _outside_head(session))


def _outside_head(session: Session) -> audit.ChainHead | None:
    """The furthest head kept outside the database; None on a team server, which has no key file (its chain is
    checked against the database alone: docs/review.md says what that cannot catch)."""
    if getattr(session.store, "key_file", None) is None:
        return None
    # Other sessions (other officers, other processes) publish newer heads into the key file on disk after this
    # session read it: take the furthest head known, or a tail cut off after this login would go unnoticed.
    known = [
        audit.ChainHead.from_json(session.store.key_file.audit_head),
        audit.ChainHead.from_json(KeyFile.load(session.store.paths.key_file).audit_head),
    ]
    return max((h for h in known if h is not None), key=lambda h: h.seq, default=None)
