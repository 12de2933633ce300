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

_A, _K, _S, _D, _C = schema.accounts, schema.account_keys, schema.signatures, schema.declarations, schema.campaigns
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
    """Every query goes through an index, so that a countersignature costs the same in a store of 50,000 accounts
    (accounts by login, then only for officers whose login is not their police number by police number; keys by
    account; declarations by campaign and officer; signatures by declaration)."""
    numbers = sorted(set(police_numbers))
    found = {number: _Keys(set(), set()) for number in numbers}
    campaigns = list(connection.execute(select(_C.c.id)).scalars())
    for start in range(0, len(numbers), _CHUNK):
        chunk = numbers[start : start + _CHUNK]
        owners = _accounts_of(connection, chunk)
        _account_keys(connection, owners, found)
        query = select(_D.c.id, _D.c.police_number).where(
            _D.c.campaign_id.in_(campaigns), _D.c.police_number.in_(chunk)
        )
        declarations = {declaration_id: number for declaration_id, number in connection.execute(query)}
        ids = list(declarations)
        for offset in range(0, len(ids), _CHUNK):
            signed = select(_S.c.declaration_id, _S.c.kind, _S.c.signer_fingerprint, _S.c.officer_public_key).where(
                _S.c.declaration_id.in_(ids[offset : offset + _CHUNK])
            )
            for declaration_id, kind, signer, officer_key in connection.execute(signed):
                keys = found[declarations[declaration_id]]
                if kind == OFFICER_KIND:
                    keys.seen.add(str(signer))
                elif kind == COUNTERSIGN_KIND and officer_key is not None:  # a head here endorsed this officer key
                    keys.established.add(fingerprint(bytes(officer_key)))
    return found


def _accounts_of(connection: Connection, numbers: list[str]) -> dict[int, str]:
    """The accounts of these officers, by id: their police number (usually their login: looked up by the login's
    index first)."""
    wanted = set(numbers)
    owners = {
        account_id: number
        for account_id, number in connection.execute(select(_A.c.id, _A.c.police_number).where(_A.c.login.in_(numbers)))
        if number in wanted
    }
    rest = sorted(wanted - set(owners.values()))
    if rest:
        query = select(_A.c.id, _A.c.police_number).where(_A.c.police_number.in_(rest))
        owners.update({account_id: number for account_id, number in connection.execute(query)})
    return owners


def _account_keys(connection: Connection, owners: dict[int, str], found: dict[str, _Keys]) -> None:
    """Every key of these accounts is seen; the one each account was created with is established."""
    first: dict[int, tuple[str, int, str]] = {}
    query = select(_K.c.account_id, _K.c.created_at, _K.c.id, _K.c.fingerprint).where(_K.c.account_id.in_(list(owners)))
    for account_id, created_at, key_id, key_fingerprint in connection.execute(query):
        found[owners[account_id]].seen.add(key_fingerprint)
        known = first.get(account_id)
        if known is None or (created_at, key_id) < (known[0], known[1]):
            first[account_id] = (created_at, key_id, key_fingerprint)
    for account_id, (_created, _id, key_fingerprint) in first.items():
        found[owners[account_id]].established.add(key_fingerprint)


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
