"""The inspectors' list of trusted unit-head keys.

A workbook carries the public keys of the heads who countersigned it; trust comes only from the inspectors
confirming a fingerprint out of band (read aloud over the phone, on paper with the unit's seal). The first import
from a head leaves its key untrusted until an inspector confirms it ('keys trust'); a different key for a head who
already has a trusted one is refused unless the inspector says it is a confirmed new key (after a password reset, a
head gets a new key pair), and the rules flag every declaration countersigned with it until then.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from desktop.domain.roles import Role
from desktop.domain.text import clean_text
from desktop.errors import DeclareError
from desktop.i18n import N_
from desktop.review.batch_signer import SignerStanding, batch_signer_standing
from desktop.review.digest import store_digests
from desktop.services.auditing import audited_transaction
from desktop.services.clock import timestamp
from desktop.services.inspection.review_store import retrying
from desktop.services.session.session import Session
from desktop.store import schema

HEAD_ROLES = ("unit_head", "exporter")
_HEX = re.compile(r"^[0-9a-f]{64}$")


class UnknownKey(DeclareError):
    def __init__(self, fingerprint: str) -> None:
        super().__init__(
            N_(
                "No imported workbook carries the key {fingerprint}: import the unit's workbook first, "
                "and check the fingerprint (64 hexadecimal digits, colons optional)."
            ),
            fingerprint=fingerprint,
        )


class KeyChanged(DeclareError):
    """A different key for a head who already has a trusted one: the loud warning."""

    exit_code = 1

    def __init__(self, holder: str, fingerprint: str, known: list[str]) -> None:
        super().__init__(
            N_(
                "WARNING: {holder} already has the trusted key {known}, and {fingerprint} is a DIFFERENT key. "
                "It may be a "
                "new key after a password reset, or someone signing in the head's name. Confirm the new fingerprint "
                "with the head in person, then repeat with --new-key."
            ),
            holder=holder,
            fingerprint=fingerprint,
            known=", ".join(known),
        )


@dataclass(frozen=True)
class HeadKey:
    fingerprint: str
    role: str
    login: str
    police_number: str
    name: str
    unit_code: str
    countersigned: int  # declarations countersigned with it, in the imported data
    trusted: bool
    trusted_by: str = ""
    trusted_at: str = ""
    other_keys: tuple[str, ...] = ()  # the same head's other keys: a change to check

    @property
    def holder(self) -> str:
        return self.police_number or f"login:{self.login}"


def normalise_fingerprint(text: str) -> str:
    """'ABCD EF01…' or 'abcdef01…' or 'abcd:ef01:…' → 'abcd:ef01:…'; ValueError when it is not 64 hex digits."""
    digits = re.sub(r"[\s:]", "", text).lower()
    if not _HEX.match(digits):
        raise ValueError(text)
    return ":".join(digits[i : i + 4] for i in range(0, 64, 4))


def countersigned_counts(connection: Connection) -> dict[str, int]:
    """How many imported declarations each key countersigned (every campaign's)."""
    g = schema.review_digests
    # Counted in the digests (small rows): the declarations' own rows keep the fingerprint behind their content.
    query = select(g.c.countersigner_fingerprint, func.count()).group_by(g.c.countersigner_fingerprint)
    return {str(fingerprint): int(count) for fingerprint, count in connection.execute(query) if fingerprint}


def head_keys(connection: Connection, counts: Mapping[str, int] | None = None) -> list[HeadKey]:
    """Every head's (and exporter's) key in the imported workbooks, with its trust and the head's other keys.
    ``counts`` (as countersigned_counts gives them) when known: counting reads every digest."""
    k, t = schema.imported_keys, schema.trusted_keys
    if counts is None:
        counts = countersigned_counts(connection)
    trusted = {r.fingerprint: r for r in connection.execute(select(t))}
    rows = connection.execute(
        select(k).where(k.c.role.in_(HEAD_ROLES)).order_by(k.c.unit_code, k.c.police_number, k.c.fingerprint)
    ).all()
    by_holder: dict[str, set[str]] = {}
    for r in rows:
        by_holder.setdefault(r.police_number or f"login:{r.login}", set()).add(r.fingerprint)
    for r in trusted.values():
        by_holder.setdefault(r.police_number or f"login:{r.login}", set()).add(r.fingerprint)
    keys = []
    for r in rows:
        holder = r.police_number or f"login:{r.login}"
        sure = trusted.get(r.fingerprint)
        keys.append(
            HeadKey(
                r.fingerprint,
                r.role,
                r.login,
                r.police_number,
                r.name,
                r.unit_code,
                int(counts.get(r.fingerprint, 0)),
                sure is not None,
                sure.trusted_by if sure else "",
                sure.trusted_at if sure else "",
                tuple(sorted(by_holder[holder] - {r.fingerprint})),
            )
        )
    return keys


def untrusted_head_key_count(connection: Connection) -> int:
    """How many of ``head_keys`` are not trusted, without counting what each countersigned (a listing's footnote:
    the count over every digest cost more than the rest of a kept listing)."""
    k, t = schema.imported_keys, schema.trusted_keys
    query = select(func.count()).where(k.c.role.in_(HEAD_ROLES), k.c.fingerprint.not_in(select(t.c.fingerprint)))
    return int(connection.execute(query).scalar_one())


def list_head_keys(session: Session, counts: Mapping[str, int] | None = None) -> list[HeadKey]:
    """``head_keys``; ``counts`` when they are known to be current (kept with a review run whose data signature,
    which covers every imported workbook and the trusted keys, still holds), else counted now."""
    session.require(Role.INSPECTOR)
    if counts is None:

        def digest() -> None:
            with session.store.transaction() as connection:
                store_digests(connection)  # so that the counts include declarations imported since the last review

        retrying(session, digest)
    with session.store.transaction() as connection:
        return head_keys(connection, counts)


def trust_key(session: Session, fingerprint: str, *, note: str = "", new_key: bool = False) -> HeadKey:
    """Confirm a head's key as trusted. A different key for a head with a trusted key needs ``new_key``."""
    session.require(Role.INSPECTOR)
    try:
        fingerprint = normalise_fingerprint(fingerprint)
    except ValueError:
        raise UnknownKey(fingerprint) from None

    def work() -> HeadKey:
        with audited_transaction(session.store, session.account.login, session.clock) as audit:
            connection = audit.connection
            known = {key.fingerprint: key for key in head_keys(connection)}
            key = known.get(fingerprint)
            if key is None:
                raise UnknownKey(fingerprint)
            if key.trusted:
                return key
            others = [known[f].fingerprint for f in key.other_keys if f in known and known[f].trusted]
            others += [f for f in key.other_keys if f not in known and _is_trusted(connection, f)]
            if others and not new_key:
                raise KeyChanged(f"{key.name} ({key.holder})", fingerprint, others)
            connection.execute(
                schema.trusted_keys.insert().values(
                    fingerprint=fingerprint,
                    police_number=key.police_number,
                    login=key.login,
                    name=key.name,
                    unit_code=key.unit_code,
                    trusted_by=session.account.login,
                    trusted_at=timestamp(session.clock),
                    note=clean_text(note)[:2000],
                )
            )
            audit.record(
                "key_trusted",
                _subject(fingerprint),
                fingerprint=fingerprint,
                holder=key.holder,
                unit=key.unit_code,
                replaces=others,
                note=clean_text(note)[:2000],
            )
        return dataclasses.replace(
            key, trusted=True, trusted_by=session.account.login, trusted_at=timestamp(session.clock)
        )

    return retrying(session, work)


def _subject(fingerprint: str) -> str:
    """The audit log's subject holds 64 characters: the fingerprint's hex digits without the colons."""
    return fingerprint.replace(":", "")


def _is_trusted(connection: Connection, fingerprint: str) -> bool:
    t = schema.trusted_keys
    return connection.execute(select(t.c.fingerprint).where(t.c.fingerprint == fingerprint)).first() is not None


def distrust_key(session: Session, fingerprint: str) -> bool:
    """Withdraw trust from a key (it was confirmed by mistake, or the head says it is not theirs)."""
    session.require(Role.INSPECTOR)
    try:
        fingerprint = normalise_fingerprint(fingerprint)
    except ValueError:
        raise UnknownKey(fingerprint) from None

    def work() -> bool:
        t = schema.trusted_keys
        with audited_transaction(session.store, session.account.login, session.clock) as audit:
            removed = audit.connection.execute(t.delete().where(t.c.fingerprint == fingerprint)).rowcount
            if removed:
                audit.record("key_distrusted", _subject(fingerprint), fingerprint=fingerprint)
        return bool(removed)

    return retrying(session, work)


def untrusted_head_keys(session: Session) -> list[HeadKey]:
    """The keys waiting for an inspector's confirmation, for the prompt after an import."""
    return [k for k in list_head_keys(session) if not k.trusted]


def exporter_standing(connection: Connection, fingerprint: str, unit_code: str) -> SignerStanding:
    """Whether the key that signed a workbook's batch vouches for a workbook of ``unit_code``, from the store's
    trusted keys, what the key did in the imported workbooks and the unit tree (as the exporter_untrusted rule)."""
    k, u = schema.imported_keys, schema.units
    if not fingerprint or not _is_trusted(connection, fingerprint):
        return SignerStanding.UNTRUSTED
    key = connection.execute(select(k.c.role, k.c.unit_code).where(k.c.fingerprint == fingerprint)).first()
    parents: dict[str, str | None] = {
        code: parent for code, parent in connection.execute(select(u.c.code, u.c.parent_code))
    }

    def ancestors(code: str) -> list[str]:
        chain, seen = [], {code}
        parent = parents.get(code)
        while parent and parent not in seen:
            chain.append(parent)
            seen.add(parent)
            parent = parents.get(parent)
        return chain

    return batch_signer_standing(
        fingerprint,
        unit_code,
        trusted={fingerprint},
        acted_as_head=key is not None and key.role != "exporter",
        key_unit=key.unit_code if key is not None else "",
        ancestors=ancestors,
    )
