"""A unit head takes in an officer's own signed declaration exported on another computer ('receive'), to
countersign it here. The signature is checked against the key in the file; the officer's identity must match this
store's roster exactly; the head's countersignature will vouch for the officer's key.

The key in the file is compared with the keys this store already has for the officer: the officer's own accounts'
keys (current and retired) and the keys of the officer's signatures already here (earlier declarations received or
signed in this store). One of them: *known*. None at all: *new*, the first key this store sees for the officer, taken
in so that the head compares its fingerprint with the officer before countersigning. Others but not this one: refused
(``OfficerKeyChanged``) unless the head, having confirmed the new fingerprint with the officer in person, passes
``accept_new_key``; the audit entry then records both the new key and the ones it differs from.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Connection, select

from desktop.crypto.signing import fingerprint
from desktop.crypto.verification import verify_declaration
from desktop.domain.campaigns import Campaign
from desktop.domain.declarations import DeclarationStatus
from desktop.domain.officers import Officer
from desktop.domain.roles import Role
from desktop.domain.signed import OfficerSignature, SignedDeclaration
from desktop.errors import DeclareError
from desktop.exchange.workbook.columns import KIND_SINGLE
from desktop.exchange.workbook.model import WorkbookContent
from desktop.exchange.workbook.reader import read_workbook
from desktop.i18n import N_
from desktop.services.auditing import audited_transaction
from desktop.services.clock import CAMPAIGN_TIMEZONE, timestamp
from desktop.services.errors import InvalidWorkbook, NotYourOfficer
from desktop.services.session.session import Session
from desktop.services.workflow.responsibility import Responsibility
from desktop.store import schema
from desktop.store.repositories import declarations as repo
from desktop.store.repositories.campaigns import get_campaign
from desktop.store.repositories.declarations import DeclarationRecord, SignatureRow
from desktop.store.repositories.officers import get_officer


class CannotReceive(DeclareError):
    """The file is readable, but its declaration cannot be taken into this store; the message says why."""


class OfficerKeyChanged(CannotReceive):
    """The store knows other keys for the officer, and the file's key is none of them: the loud refusal."""

    exit_code = 1

    def __init__(self, officer: str, name: str, fingerprint: str, known: list[str]) -> None:
        super().__init__(
            N_(
                "WARNING: the declaration of {name} ({officer}) is signed with the key {fingerprint}, which is "
                "NOT a key "
                "this store knows for the officer ({known}). It may be a new key after a password reset, or someone "
                "signing in the officer's name; nothing was received. Compare the new fingerprint with the officer in "
                "person (or by phone), and only then repeat with --new-key."
            ),
            officer=officer,
            name=name,
            fingerprint=fingerprint,
            known=", ".join(known),
        )
        self.officer, self.fingerprint, self.known = officer, fingerprint, tuple(known)


class KeyStanding(StrEnum):
    """How the key in the file stands against the keys this store already has for the officer."""

    KNOWN = "known"  # one of the officer's keys this store has
    NEW = "new"  # the store had no key for the officer: the first one, to be compared with the officer
    CHANGED = "changed"  # the store had other keys; the head accepted this one with accept_new_key


@dataclass(frozen=True)
class Received:
    record: DeclarationRecord
    officer_fingerprint: str
    key_standing: KeyStanding
    #: the fingerprints of the officer's keys this store had before this file (for a changed key: the ones it differs
    #: from; empty for a new one)
    known_fingerprints: tuple[str, ...] = ()


def known_officer_keys(connection: Connection, police_number: str) -> set[str]:
    """The fingerprints of every key this store has for the officer: their accounts' keys, current or retired, and
    the keys of their signatures here (signed in this store, or received from another computer)."""
    a, k, s, d = schema.accounts, schema.account_keys, schema.signatures, schema.declarations
    own = select(k.c.fingerprint).join(a, a.c.id == k.c.account_id).where(a.c.police_number == police_number)
    signed = (
        select(s.c.signer_fingerprint)
        .join(d, d.c.id == s.c.declaration_id)
        .where(d.c.police_number == police_number, s.c.kind == repo.OFFICER_KIND)
    )
    return set(connection.execute(own).scalars()) | set(connection.execute(signed).scalars())


def receive(
    session: Session,
    path: Path,
    password: str | None = None,
    *,
    accept_new_key: bool = False,
    confirmed_fingerprint: str | None = None,
) -> Received:
    """Take in the officer's own signed declaration. A key other than the one(s) this store knows for the officer
    is refused (``OfficerKeyChanged``) unless ``accept_new_key``: the head confirmed the new fingerprint in person.
    ``confirmed_fingerprint``, when given, is the fingerprint the head confirmed (the window shows it, then reads the
    file again): a file signed with any other new key is refused as before, so a file replaced in between is not
    taken on the strength of another key's confirmation."""
    session.require(Role.UNIT_HEAD)
    read = read_workbook(path, password)
    if read.problems:
        raise InvalidWorkbook(path.name, read.problems)
    signed, officer_sig, key = _own_declaration(read.content, path.name)
    with audited_transaction(session.store, session.account.login, session.clock) as audit:
        connection = audit.connection
        campaign = _campaign_of(connection, signed, read.content.cover)
        result = verify_declaration(
            signed,
            {officer_sig.signer_fingerprint: key}.get,
            expected_commitment_sha256=campaign.commitment_sha256,
            require_countersignature=False,
        )
        if not result.valid:
            raise CannotReceive(
                N_("The officer's signature in {file} does not verify; ask the officer to export it again."),
                file=path.name,
            )
        declared = signed.declaration.officer
        _check_officer(connection, session, declared)
        current = _current_version(connection, campaign.id, declared, officer_sig)
        signer = officer_sig.signer_fingerprint
        known = sorted(known_officer_keys(connection, declared.police_number))
        standing = _key_standing(declared, signer, known, accept_new_key, confirmed_fingerprint)
        now = timestamp(session.clock)
        record = DeclarationRecord(
            officer_sig.declaration_id,
            campaign.id,
            declared.police_number,
            officer_sig.version,
            DeclarationStatus.SIGNED,
            signed.declaration,
            now,
            now,
            current.id if current else None,
        )
        repo.insert_version(connection, record)
        if current is not None and current.status is not DeclarationStatus.SUPERSEDED:
            repo.set_status(connection, current.id, DeclarationStatus.SUPERSEDED, now)
        repo.insert_signature(
            connection,
            SignatureRow(
                id=0,
                declaration_id=record.id,
                kind=repo.OFFICER_KIND,
                signer_account_id=None,
                signer_fingerprint=officer_sig.signer_fingerprint,
                signed_at=officer_sig.signed_at,
                commitment_sha256=officer_sig.commitment_sha256,
                opinion=None,
                officer_public_key=key,
                signature=officer_sig.signature,
                is_late=campaign.is_late(_date(officer_sig.signed_at)),
                void=False,
            ),
        )
        details: dict[str, object] = {"file": path.name, "fingerprint": signer, "key": standing.value}
        if standing is KeyStanding.CHANGED:
            details["known_keys"] = known  # a different key than the store knew, accepted by the head knowingly
        audit.record("received", record.id, **details)
    return Received(record, signer, standing, tuple(known))


def _own_declaration(content: WorkbookContent, file: str) -> tuple[SignedDeclaration, OfficerSignature, bytes]:
    """The one declaration of an officer's own export, its officer signature and the key it carries, which must be
    the signer's."""
    if content.cover.get("kind") != KIND_SINGLE or len(content.declarations) != 1 or len(content.keys) != 1:
        raise CannotReceive(N_("{file} is not one officer's own declaration (export --own)."), file=file)
    signed = content.declarations[0].signed
    key = content.keys[0].public_key
    officer_sig = signed.officer_signature
    if officer_sig is None or fingerprint(key) != officer_sig.signer_fingerprint:
        raise CannotReceive(N_("The declaration in {file} is not signed with the key it carries."), file=file)
    return signed, officer_sig, key


def _campaign_of(connection: Connection, signed: SignedDeclaration, cover: dict[str, str]) -> Campaign:
    campaign = get_campaign(connection, signed.declaration.campaign_id)
    if campaign is None:
        raise CannotReceive(
            N_(
                "The declaration belongs to the campaign {name}, which this store does not have; "
                "the administrator must set up the same campaign first."
            ),
            name=cover.get("campaign_name", ""),
        )
    if signed.declaration.form_version != campaign.form_version:
        raise CannotReceive(
            N_(
                "The declaration was made on form version {found}, but the campaign uses form version {expected}; "
                "it was not received."
            ),
            found=signed.declaration.form_version,
            expected=campaign.form_version,
        )
    return campaign


def _check_officer(connection: Connection, session: Session, declared: Officer) -> None:
    """The officer in the declaration is on this store's roster exactly as declared, and the head may countersign
    for them."""
    on_roster = get_officer(connection, declared.police_number)
    # What the officer types on form version 2 (political status, mobile) is not the roster's to compare.
    as_on_roster = dataclasses.replace(declared, political_status=None, mobile="")
    if on_roster is None or on_roster != as_on_roster:
        raise CannotReceive(
            N_(
                "The officer's data in the declaration (police number, name, ID number, unit, "
                "flags) differs from this store's roster; it was not received."
            )
        )
    if not Responsibility(connection).may_countersign(
        session.account.unit_code, session.account.police_number, on_roster
    ):
        raise NotYourOfficer


def _current_version(
    connection: Connection, campaign_id: str, declared: Officer, officer_sig: OfficerSignature
) -> DeclarationRecord | None:
    """The officer's latest declaration here, which the received one will supersede; it must be older."""
    if repo.get(connection, officer_sig.declaration_id) is not None:
        raise CannotReceive(N_("This declaration has been received already."))
    current = repo.latest(connection, campaign_id, declared.police_number)
    if current is not None and current.version >= officer_sig.version:
        raise CannotReceive(N_("This store has a declaration of this officer that is as new or newer."))
    return current


def _key_standing(
    declared: Officer, signer: str, known: list[str], accept_new_key: bool, confirmed_fingerprint: str | None
) -> KeyStanding:
    if signer in known:
        return KeyStanding.KNOWN
    if not known:
        return KeyStanding.NEW
    if accept_new_key and confirmed_fingerprint in (None, signer):
        return KeyStanding.CHANGED
    raise OfficerKeyChanged(declared.police_number, declared.name, signer, known)


def _date(iso: str) -> dt.date:
    return dt.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC).astimezone(CAMPAIGN_TIMEZONE).date()
