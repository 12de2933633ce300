"""Key continuity of officers in the head's store (issue 12, finding 5): is the key that signed a declaration one
this store already knows for the officer, or a new or changed one that the head must confirm before endorsing it?

A key is *established* for an officer when it is the key an account of the officer was created with here, or when a
head of this store countersigned a declaration of the officer signed with it (that countersignature, and the
confirmation before it, is the record that the key was checked). Any other key is *new* (the store knows no key of
the officer: a first own-declaration file received) or *changed* (it knows others: a password reset by an
administrator or the recovery key, or a file signed elsewhere with another key). Countersigning over a new or changed
key needs ``confirm_new_key`` and leaves an ``officer_key_confirmed`` entry in the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Connection, select

from desktop.crypto.signing import fingerprint
from desktop.store import schema
from desktop.store.repositories.declarations import COUNTERSIGN_KIND, OFFICER_KIND

_A, _K, _S, _D = schema.accounts, schema.account_keys, schema.signatures, schema.declarations
#: Police numbers per query (SQLite's limit on bound parameters is far above; a queue of a unit is smaller).
_CHUNK = 500


class OfficerKey(StrEnum):
    KNOWN = "known"
    NEW = "new"  # no key of the officer known here before
    CHANGED = "changed"  # other keys of the officer known here


@dataclass(frozen=True)
class KeyContinuity:
    standing: OfficerKey
    fingerprint: str
    others: tuple[str, ...]  # the other keys known for the officer, if any

    @property
    def needs_confirmation(self) -> bool:
        return self.standing is not OfficerKey.KNOWN


@dataclass
class _Keys:
    established: set[str]
    seen: set[str]


def _officer_keys(connection: Connection, police_numbers: Iterable[str]) -> dict[str, _Keys]:
    numbers = sorted(set(police_numbers))
    found = {number: _Keys(set(), set()) for number in numbers}
    for start in range(0, len(numbers), _CHUNK):
        chunk = numbers[start : start + _CHUNK]
        first: dict[int, tuple[str, str, int, str]] = {}
        query = (
            select(_A.c.police_number, _K.c.account_id, _K.c.created_at, _K.c.id, _K.c.fingerprint)
            .join(_A, _A.c.id == _K.c.account_id)
            .where(_A.c.police_number.in_(chunk))
        )
        for number, account_id, created_at, key_id, key_fingerprint in connection.execute(query):
            found[number].seen.add(key_fingerprint)
            known = first.get(account_id)
            if known is None or (created_at, key_id) < (known[1], known[2]):
                first[account_id] = (number, created_at, key_id, key_fingerprint)
        for number, _created, _id, key_fingerprint in first.values():
            found[number].established.add(key_fingerprint)  # the key the account was created with here
        query = (
            select(_D.c.police_number, _S.c.kind, _S.c.signer_fingerprint, _S.c.officer_public_key)
            .join(_D, _D.c.id == _S.c.declaration_id)
            .where(_D.c.police_number.in_(chunk), _S.c.kind.in_((OFFICER_KIND, COUNTERSIGN_KIND)))
        )
        rows: list[tuple[str, str, str, bytes | None]] = [tuple(r) for r in connection.execute(query)]  # type: ignore[misc]
        for number, kind, signer, officer_key in rows:
            if kind == OFFICER_KIND:
                found[number].seen.add(str(signer))
            elif officer_key is not None:  # a head of this store endorsed this officer key
                found[number].established.add(fingerprint(bytes(officer_key)))
    return found


def continuity_of(connection: Connection, signed: dict[str, str]) -> dict[str, KeyContinuity]:
    """For officers by police number and the fingerprint of the key of their current signature: its standing."""
    keys = _officer_keys(connection, signed)
    result = {}
    for number, key in signed.items():
        known = keys[number]
        others = tuple(sorted((known.seen | known.established) - {key}))
        standing = OfficerKey.CHANGED if others else OfficerKey.NEW
        if key in known.established:
            standing = OfficerKey.KNOWN
        result[number] = KeyContinuity(standing, key, others)
    return result


def continuity(connection: Connection, police_number: str, key_fingerprint: str) -> KeyContinuity:
    return continuity_of(connection, {police_number: key_fingerprint})[police_number]
