"""The audit log: append-only and hash-chained, with its head also kept outside the database.

Each entry's hash is the SHA-256 of its canonical JSON (seq, time, actor, action, subject, details and the previous
entry's hash). An edited, deleted or reordered entry breaks the chain; a cut-off tail is caught by comparing with the
head kept in the key file (and, later, in every export). The key file's head is written after each commit, so it may
lag the database by the entries of one interrupted write, but never lead it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import Connection, select

from desktop.crypto.canonical import canonical_bytes
from desktop.store import schema

GENESIS_HASH = "0" * 64
_T = schema.audit_log


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    at: str
    actor: str
    action: str
    subject: str
    details: dict[str, object]
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class ChainHead:
    seq: int
    hash: str

    def to_json(self) -> dict[str, object]:
        return {"seq": self.seq, "hash": self.hash}

    @classmethod
    def from_json(cls, data: dict[str, object] | None) -> ChainHead | None:
        if not data:
            return None
        seq = data["seq"]
        if not isinstance(seq, int | float | str):  # what int() refuses in JSON: null, a list, an object
            raise TypeError(f"seq: {seq!r} is not a number")
        return cls(seq=int(seq), hash=str(data["hash"]))


@dataclass(frozen=True, slots=True)
class ChainReport:
    entries: int
    broken_at: int | None = None  # the seq of the first entry that does not fit, or where the tail was cut
    reason: str = ""  # a stable code: hash_mismatch, link_broken, seq_gap, tail_missing, head_mismatch

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def entry_hash(
    seq: int, at: str, actor: str, action: str, subject: str, details: dict[str, object], prev_hash: str
) -> str:
    document = {
        "seq": seq,
        "at": at,
        "actor": actor,
        "action": action,
        "subject": subject,
        "details": details,
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(canonical_bytes(document)).hexdigest()


def head(connection: Connection) -> ChainHead:
    row = connection.execute(select(_T.c.seq, _T.c.hash).order_by(_T.c.seq.desc()).limit(1)).first()
    return ChainHead(0, GENESIS_HASH) if row is None else ChainHead(int(row[0]), str(row[1]))


def append(
    connection: Connection, *, at: str, actor: str, action: str, subject: str, details: dict[str, object] | None = None
) -> AuditEntry:
    """Add an entry in the caller's transaction. Details must be JSON values without personal data in plain
    sight outside the encrypted store (the log itself lives inside it)."""
    entry = chained(head(connection), at=at, actor=actor, action=action, subject=subject, details=details or {})
    connection.execute(_T.insert().values(**entry_row(entry)))
    return entry


def chained(
    last: ChainHead, *, at: str, actor: str, action: str, subject: str, details: dict[str, object]
) -> AuditEntry:
    """The entry that follows ``last`` in the chain (not yet stored): ``append`` and bulk writers make it here."""
    seq = last.seq + 1
    digest = entry_hash(seq, at, actor, action, subject, details, last.hash)
    return AuditEntry(seq, at, actor, action, subject, details, last.hash, digest)


def entry_row(entry: AuditEntry) -> dict[str, object]:
    """The audit_log row of ``entry``."""
    return {
        "seq": entry.seq,
        "at": entry.at,
        "actor": entry.actor,
        "action": entry.action,
        "subject": entry.subject,
        "details": json.dumps(entry.details, ensure_ascii=False, sort_keys=True),
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


def append_many(connection: Connection, entries: list[AuditEntry]) -> None:
    """Store entries made with ``chained`` in one executemany; the first must follow the stored head."""
    if not entries:
        return
    last = head(connection)
    if (entries[0].seq, entries[0].prev_hash) != (last.seq + 1, last.hash):
        raise ValueError("the entries do not follow the audit log's head")
    connection.execute(_T.insert(), [entry_row(entry) for entry in entries])


def entries(connection: Connection, subject: str | None = None) -> list[AuditEntry]:
    query = select(_T).order_by(_T.c.seq)
    if subject is not None:
        query = query.where(_T.c.subject == subject)
    return [
        AuditEntry(
            r["seq"],
            r["at"],
            r["actor"],
            r["action"],
            r["subject"],
            json.loads(r["details"]),
            r["prev_hash"],
            r["hash"],
        )
        for r in connection.execute(query).mappings()
    ]


def verify_chain(connection: Connection, outside_head: ChainHead | None) -> ChainReport:
    """Walk the chain from the first entry; compare its end with the head kept outside the database."""
    previous_hash = GENESIS_HASH
    expected_seq = 1
    count = 0
    hashes: dict[int, str] = {}
    for entry in entries(connection):
        if entry.seq != expected_seq:
            return ChainReport(count, expected_seq, "seq_gap")
        if entry.prev_hash != previous_hash:
            return ChainReport(count, entry.seq, "link_broken")
        recomputed = entry_hash(
            entry.seq, entry.at, entry.actor, entry.action, entry.subject, entry.details, entry.prev_hash
        )
        if recomputed != entry.hash:
            return ChainReport(count, entry.seq, "hash_mismatch")
        hashes[entry.seq] = entry.hash
        previous_hash = entry.hash
        expected_seq += 1
        count += 1
    if outside_head is not None and outside_head.seq > 0:
        if outside_head.seq > count:
            return ChainReport(count, count + 1, "tail_missing")
        if hashes.get(outside_head.seq) != outside_head.hash:
            return ChainReport(count, outside_head.seq, "head_mismatch")
    return ChainReport(count)
