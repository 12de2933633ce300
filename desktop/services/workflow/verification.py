"""Verification against the keys this store knows: valid, or which signature fails and why."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, select

from desktop.crypto.verification import KeyLookup, VerificationResult, verify_declaration
from desktop.domain.campaigns import Campaign
from desktop.domain.declarations import DeclarationStatus
from desktop.domain.roles import Role
from desktop.i18n import N_
from desktop.services.administration.campaigns import resolve_campaign
from desktop.services.errors import NotAllowed
from desktop.services.session.session import Session
from desktop.services.workflow.references import own_campaign, resolve_declaration
from desktop.services.workflow.responsibility import Responsibility
from desktop.store import schema
from desktop.store.repositories import declarations as repo
from desktop.store.repositories.declarations import DeclarationRecord


def store_keys(connection: Connection) -> KeyLookup:
    """Every public key any account of this store has had, current or retired, by fingerprint."""
    table, signatures = schema.account_keys, schema.signatures
    keys = dict(connection.execute(select(table.c.fingerprint, table.c.public_key)).all())
    # Officers' keys received with a declaration from another computer ('receive') are kept on the signature row.
    received = select(signatures.c.signer_fingerprint, signatures.c.officer_public_key).where(
        signatures.c.kind == "officer", signatures.c.officer_public_key.is_not(None)
    )
    for found, key in connection.execute(received):
        keys.setdefault(found, key)
    return keys.get


def key_lookup(connection: Connection) -> KeyLookup:
    """The same keys as ``store_keys``, looked up one fingerprint at a time through the indexes: checking one
    declaration costs the same in a store of 50 accounts or 50,000."""
    table, signatures = schema.account_keys, schema.signatures
    own = select(table.c.public_key).where(table.c.fingerprint == bindparam("fingerprint"))
    received = (
        select(signatures.c.officer_public_key)
        .where(
            signatures.c.signer_fingerprint == bindparam("fingerprint"),
            signatures.c.kind == "officer",
            signatures.c.officer_public_key.is_not(None),
        )
        .order_by(signatures.c.id)
        .limit(1)
    )
    found: dict[str, bytes | None] = {}

    def lookup(fingerprint: str) -> bytes | None:
        if fingerprint not in found:
            key = connection.execute(own, {"fingerprint": fingerprint}).scalar()
            if key is None:
                key = connection.execute(received, {"fingerprint": fingerprint}).scalar()
            found[fingerprint] = key
        return found[fingerprint]

    return lookup


def verify_record(
    connection: Connection,
    record: DeclarationRecord,
    campaign: Campaign,
    *,
    require_countersignature: bool | None = None,
    keys: KeyLookup | None = None,
) -> VerificationResult:
    """Check a stored declaration. By default the countersignature is required once the status says it exists."""
    if require_countersignature is None:
        require_countersignature = record.status in {DeclarationStatus.COUNTERSIGNED, DeclarationStatus.SUPERSEDED}
    return verify_declaration(
        repo.signed_declaration(connection, record),
        keys or key_lookup(connection),
        expected_commitment_sha256=campaign.commitment_sha256,
        require_countersignature=require_countersignature,
    )


@dataclass(frozen=True)
class Verified:
    record: DeclarationRecord
    result: VerificationResult


def may_see(session: Session, connection: Connection, record: DeclarationRecord) -> bool:
    """Inspectors and administrators see every declaration; officers their own; heads those they countersign."""
    account = session.account
    if account.has(Role.INSPECTOR) or account.has(Role.ADMIN):
        return True
    if account.police_number == record.police_number:
        return True
    return account.has(Role.UNIT_HEAD) and Responsibility(connection).may_countersign(
        account.unit_code, account.police_number, record.declaration.officer
    )


def verify(session: Session, reference: str, campaign_id: str | None = None) -> Verified:
    with session.store.transaction() as connection:
        campaign = resolve_campaign(connection, campaign_id)
        record = resolve_declaration(connection, reference, campaign)
        if not may_see(session, connection, record):
            raise NotAllowed(N_("You may not see this declaration."))
        return Verified(record, verify_record(connection, record, own_campaign(connection, record, campaign)))
