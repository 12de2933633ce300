"""Checking the audit log's chain against the head kept in the key file."""

from __future__ import annotations

from desktop.domain.roles import Role
from desktop.i18n import N_
from desktop.services.errors import NotAllowed
from desktop.services.session import Session
from desktop.store import audit


def verify_audit_log(session: Session) -> audit.ChainReport:
    if not (session.account.has(Role.ADMIN) or session.account.has(Role.INSPECTOR)):
        raise NotAllowed(N_("Only administrators and inspectors check the audit log."))
    outside = audit.ChainHead.from_json(session.store.key_file.audit_head)
    with session.store.transaction() as connection:
        return audit.verify_chain(connection, outside)
