"""Transactions that write the audit log, and publishing the chain head once they commit."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import Connection

from desktop.services.clock import Clock, timestamp
from desktop.store import audit
from desktop.store.store import Store


@dataclass
class Auditor:
    """Appends entries in one transaction on behalf of one actor."""

    connection: Connection
    actor: str
    clock: Clock
    last: audit.AuditEntry | None = field(default=None, init=False)

    def record(self, action: str, subject: str, **details: object) -> audit.AuditEntry:
        self.last = audit.append(
            self.connection,
            at=timestamp(self.clock),
            actor=self.actor,
            action=action,
            subject=subject,
            details=dict(details),
        )
        return self.last


@contextlib.contextmanager
def audited_transaction(store: Store, actor: str, clock: Clock) -> Iterator[Auditor]:
    """A transaction whose audit entries' head is written to the key file after the commit."""
    with store.transaction() as connection:
        auditor = Auditor(connection, actor, clock)
        yield auditor
    if auditor.last is not None:
        store.publish_audit_head(audit.ChainHead(auditor.last.seq, auditor.last.hash).to_json())
