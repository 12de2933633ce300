"""A unit head takes in an officer's own signed declaration exported on another computer ('receive'), to
countersign it here. The signature is checked against the key in the file; the officer's identity must match this
store's roster exactly; the head's countersignature will vouch for the officer's key."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.crypto.signing import fingerprint
from desktop.crypto.verification import verify_declaration
from desktop.domain.declarations import DeclarationStatus
from desktop.domain.roles import Role
from desktop.errors import DeclareError
from desktop.exchange.columns import KIND_SINGLE
from desktop.exchange.reader import read_workbook
from desktop.i18n import N_
from desktop.services.auditing import audited_transaction
from desktop.services.clock import timestamp
from desktop.services.responsibility import Responsibility
from desktop.services.session import Session
from desktop.services.workbook_import import InvalidWorkbook
from desktop.services.workflow_errors import NotYourOfficer
from desktop.store.repositories import declarations as repo
from desktop.store.repositories.campaigns import get_campaign
from desktop.store.repositories.declarations import DeclarationRecord, SignatureRow
from desktop.store.repositories.officers import get_officer


class CannotReceive(DeclareError):
    """The file is readable, but its declaration cannot be taken into this store; the message says why."""


@dataclass(frozen=True)
class Received:
    record: DeclarationRecord
    officer_fingerprint: str


def receive(session: Session, path: Path, password: str | None = None) -> Received:
    session.require(Role.UNIT_HEAD)
    read = read_workbook(path, password)
    if read.problems:
        raise InvalidWorkbook(path.name, read.problems)
    content = read.content
    if content.cover.get("kind") != KIND_SINGLE or len(content.declarations) != 1 or len(content.keys) != 1:
        raise CannotReceive(N_("{file} is not one officer's own declaration (export --own)."), file=path.name)
    signed = content.declarations[0].signed
    key = content.keys[0].public_key
    officer_sig = signed.officer_signature
    if officer_sig is None or fingerprint(key) != officer_sig.signer_fingerprint:
        raise CannotReceive(N_("The declaration in {file} is not signed with the key it carries."), file=path.name)
    with audited_transaction(session.store, session.account.login, session.clock) as audit:
        connection = audit.connection
        campaign = get_campaign(connection, signed.declaration.campaign_id)
        if campaign is None:
            raise CannotReceive(N_("The declaration belongs to the campaign {name}, which this store does not have; "
                                   "the administrator must set up the same campaign first."),
                                name=content.cover.get("campaign_name", ""))
        result = verify_declaration(signed, {officer_sig.signer_fingerprint: key}.get,
                                    expected_commitment_sha256=campaign.commitment_sha256,
                                    require_countersignature=False)
        if not result.valid:
            raise CannotReceive(N_("The officer's signature in {file} does not verify; ask the officer to export "
                                   "it again."), file=path.name)
        declared = signed.declaration.officer
        on_roster = get_officer(connection, declared.police_number)
        if on_roster is None or on_roster != declared:
            raise CannotReceive(N_("The officer's data in the declaration (police number, name, ID number, unit, "
                                   "flags) differs from this store's roster; it was not received."))
        if not Responsibility(connection).may_countersign(session.account.unit_code, session.account.police_number,
                                                          on_roster):
            raise NotYourOfficer
        if repo.get(connection, officer_sig.declaration_id) is not None:
            raise CannotReceive(N_("This declaration has been received already."))
        current = repo.latest(connection, campaign.id, declared.police_number)
        if current is not None and current.version >= officer_sig.version:
            raise CannotReceive(N_("This store has a declaration of this officer that is as new or newer."))
        now = timestamp(session.clock)
        record = DeclarationRecord(officer_sig.declaration_id, campaign.id, declared.police_number,
                                   officer_sig.version, DeclarationStatus.SIGNED, signed.declaration, now, now,
                                   current.id if current else None)
        repo.insert_version(connection, record)
        if current is not None and current.status is not DeclarationStatus.SUPERSEDED:
            repo.set_status(connection, current.id, DeclarationStatus.SUPERSEDED, now)
        repo.insert_signature(connection, SignatureRow(
            id=0, declaration_id=record.id, kind=repo.OFFICER_KIND, signer_account_id=None,
            signer_fingerprint=officer_sig.signer_fingerprint, signed_at=officer_sig.signed_at,
            commitment_sha256=officer_sig.commitment_sha256, opinion=None, officer_public_key=key,
            signature=officer_sig.signature, is_late=campaign.is_late(_date(officer_sig.signed_at)), void=False))
        audit.record("received", record.id, file=path.name, fingerprint=officer_sig.signer_fingerprint)
    return Received(record, officer_sig.signer_fingerprint)


def _date(iso: str) -> object:
    import datetime as dt

    from desktop.services.clock import CAMPAIGN_TIMEZONE

    return dt.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC).astimezone(CAMPAIGN_TIMEZONE).date()
