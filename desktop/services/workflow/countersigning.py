"""The unit head's side: the review queue, countersigning with an opinion, returning with a reason."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import Connection

from desktop.crypto.payloads import countersign_payload, officer_payload_for
from desktop.crypto.signing import SigningKey
from desktop.domain.campaigns import Campaign
from desktop.domain.declarations import DeclarationStatus
from desktop.domain.officers import Officer
from desktop.domain.roles import Role
from desktop.domain.signed import OfficerSignature
from desktop.domain.text import clean_text
from desktop.domain.trades import default_catalog
from desktop.form.registry import form_for
from desktop.services.administration.campaigns import resolve_campaign
from desktop.services.auditing import Auditor, audited_transaction
from desktop.services.clock import campaign_today, timestamp
from desktop.services.errors import (
    BrokenSignature,
    ChangedSinceOpened,
    NotCountersignable,
    NotOpened,
    NotYourOfficer,
    OfficerKeyNotConfirmed,
    ReasonRequired,
    SigningLocked,
    WrongSigningPassword,
    refuse_invisible_characters,
)
from desktop.services.session.session import Session
from desktop.services.session.signing_unlock import signing_unlocked
from desktop.services.workflow.export_limits import past_the_limits, refuse_past
from desktop.services.workflow.key_continuity import KeyContinuity, OfficerKey, continuity, continuity_of
from desktop.services.workflow.read_mark import ReadDeclaration
from desktop.services.workflow.references import own_campaign, resolve_declaration
from desktop.services.workflow.responsibility import Responsibility
from desktop.services.workflow.verification import store_keys, verify_record
from desktop.store.errors import WrongPassword
from desktop.store.repositories import declarations as repo
from desktop.store.repositories.accounts import key_history
from desktop.store.repositories.declarations import DeclarationRecord, ReturnRow, SignatureRow
from desktop.store.repositories.officers import list_officers
from desktop.store.store import open_slot

MAX_TEXT = 2000

#: The payload format of a new countersignature (desktop/crypto/payloads.py). Format 2 also covers the declaration's
#: version number and the id of the version it supersedes; a workbook carries it from workbook format 2 on (its
#: countersignature_format and supersedes cells), which is what this program writes (docs/decisions.md, decision 46).
#: Old ones always keep theirs.
NEW_COUNTERSIGN_FORMAT = 2


@dataclass(frozen=True)
class QueueItem:
    officer: Officer
    record: DeclarationRecord | None  # None: not started
    regulated_trade: bool
    own_jurisdiction: bool
    key_person: bool
    late: bool
    #: The standing of the officer's signing key, for a signed declaration (None: nothing signed).
    officer_key: KeyContinuity | None = None

    @property
    def key_unconfirmed(self) -> bool:
        """Signed with a new or changed officer key that countersigning would have to confirm."""
        return self.officer_key is not None and self.officer_key.needs_confirmation

    @property
    def status(self) -> str:
        return self.record.status.value if self.record else "not_started"


def queue(session: Session, campaign_id: str | None = None) -> list[QueueItem]:
    """Every officer this head countersigns for, with the newest declaration's state; waiting ones first."""
    session.require(Role.UNIT_HEAD)
    catalog = default_catalog()
    with session.store.transaction() as connection:
        campaign = resolve_campaign(connection, campaign_id)
        responsibility = Responsibility(connection)
        latest = repo.latest_in_campaign(connection, campaign.id)
        items = []
        signed: dict[str, str] = {}  # police number → the fingerprint of the key of the signature to countersign
        for officer in list_officers(connection):
            if not responsibility.may_countersign(session.account.unit_code, session.account.police_number, officer):
                continue
            record = latest.get(officer.police_number)
            interests = record.declaration.interests if record else ()
            late = False
            if record is not None:
                officer_row, _ = repo.current_signatures(connection, record.id)
                late = bool(officer_row and officer_row.is_late)
                if officer_row is not None and record.status is DeclarationStatus.SIGNED:
                    signed[officer.police_number] = officer_row.signer_fingerprint
            items.append(
                QueueItem(
                    officer=officer,
                    record=record,
                    regulated_trade=any(catalog.is_regulated(i.trade_code) for i in interests),
                    own_jurisdiction=any(i.within_jurisdiction for i in interests),
                    key_person=officer.is_key_person,
                    late=late,
                )
            )
        keys = continuity_of(connection, signed)
    items = [replace(i, officer_key=keys.get(i.officer.police_number)) if signed else i for i in items]
    order = {"signed": 0, "returned": 1, "draft": 2, "not_started": 3, "countersigned": 4}
    items.sort(key=lambda i: (order.get(i.status, 5), i.officer.unit_code, i.officer.police_number))
    return items


def _confirm_password(session: Session, password: str) -> None:
    store, login = session.store, session.account.login
    try:
        _key, signing_key = open_slot(store.store_id, login, store.current_slot(login), password)
    except WrongPassword:
        raise WrongSigningPassword from None
    if signing_key.fingerprint != session.account.fingerprint:
        raise WrongSigningPassword
    session.signing_key = signing_key


def _check_read(connection: Connection, record: DeclarationRecord, read: ReadDeclaration) -> None:
    officer_row, _ = repo.current_signatures(connection, record.id)
    shown = (read.declaration_id, read.version, read.officer_signature_id)
    if shown != (record.id, record.version, officer_row.id if officer_row else None):
        raise ChangedSinceOpened


def _check_reviewable(session: Session, connection: Connection, record: DeclarationRecord) -> None:
    responsibility = Responsibility(connection)
    if not responsibility.may_countersign(
        session.account.unit_code, session.account.police_number, record.declaration.officer
    ):
        raise NotYourOfficer
    if record.status is not DeclarationStatus.SIGNED:
        raise NotCountersignable(record.status.value)


def countersign(
    session: Session,
    reference: str,
    opinion: str,
    password: str | None,
    campaign_id: str | None = None,
    *,
    read: ReadDeclaration | None = None,
    confirm_new_key: bool = False,
) -> DeclarationRecord:
    """Countersign (签字背书) a signed declaration with an opinion; needs the head's password, or (``password``
    None) signing unlocked (head_signing.unlock_signing) and the mark of the declaration as the head opened it
    (``read``). With ``read``, a declaration that is no longer the version read is refused. A declaration signed
    with a new or changed officer key (key_continuity) is refused unless ``confirm_new_key``: the head compared the
    fingerprint with the officer; the confirmation is recorded in the audit log."""
    session.require(Role.UNIT_HEAD)
    opinion = clean_text(opinion)[:MAX_TEXT]
    refuse_invisible_characters(opinion=opinion)  # the opinion is signed: what is signed is what was typed
    if password is not None:
        _confirm_password(session, password)
    else:
        if read is None:
            raise NotOpened
        if not signing_unlocked(session):
            raise SigningLocked
    signing_key = session.signing_key
    assert signing_key is not None
    now = timestamp(session.clock)
    with audited_transaction(session.store, session.account.login, session.clock) as audit:
        connection = audit.connection
        campaign = resolve_campaign(connection, campaign_id)
        record = resolve_declaration(connection, reference, campaign)
        campaign = own_campaign(connection, record, campaign)
        _check_reviewable(session, connection, record)
        if read is not None:
            _check_read(connection, record, read)
        result = verify_record(connection, record, campaign, require_countersignature=False)
        if not result.valid:
            raise BrokenSignature(result.failures[0].code)
        _refuse_past_the_limits(connection, record, campaign)
        _confirm_officer_key(audit, record, confirm_new_key)
        write_countersignature(
            connection,
            record,
            session.account.id,
            signing_key,
            opinion,
            now,
            is_late=campaign.is_late(campaign_today(session.clock)),
        )
        repo.set_status(connection, record.id, DeclarationStatus.COUNTERSIGNED, now)
        audit.record("countersigned", record.id, version=record.version, fingerprint=signing_key.fingerprint)
        updated = repo.get(connection, record.id)
    assert updated is not None
    if password is None and session.signing_unlock is not None:
        session.signing_unlock.used(session.clock.now())
    return updated


def _refuse_past_the_limits(connection: Connection, record: DeclarationRecord, campaign: Campaign) -> None:
    """Decision 252: not a declaration, signed before the form limited its rows, that the export would refuse."""
    form = form_for(campaign.form_version)
    declaration = record.declaration
    listed = (record.id, len(declaration.interests), len(declaration.family_members))
    refuse_past(connection, form, past_the_limits(form, [listed]), own=False, to_countersign=True)


def _confirm_officer_key(audit: Auditor, record: DeclarationRecord, confirmed: bool) -> None:
    officer_row, _ = repo.current_signatures(audit.connection, record.id)
    assert officer_row is not None
    police_number = record.declaration.officer.police_number
    key = continuity(audit.connection, police_number, officer_row.signer_fingerprint)
    if not key.needs_confirmation:
        return
    if not confirmed:
        raise OfficerKeyNotConfirmed(police_number, key.fingerprint, key.standing is OfficerKey.CHANGED)
    audit.record(
        "officer_key_confirmed",
        record.id,
        officer=police_number,
        fingerprint=key.fingerprint,
        standing=key.standing.value,
        others=list(key.others),
    )


def write_countersignature(
    connection: Connection,
    record: DeclarationRecord,
    account_id: int,
    signing_key: SigningKey,
    opinion: str,
    now: str,
    *,
    is_late: bool,
    payload_format: int | None = None,
) -> None:
    """Sign and store the countersignature of ``record``'s current officer signature: the officer's key as the
    store knows it (received with the file, or from the signer's key history), the opinion and the time. The
    callers decide who may countersign; this only writes."""
    officer_row, _ = repo.current_signatures(connection, record.id)
    assert officer_row is not None
    signed = repo.signed_declaration(connection, record)
    assert signed.officer_signature is not None
    if officer_row.officer_public_key is not None:  # received from another computer with its key
        officer_key = officer_row.officer_public_key
    else:
        assert officer_row.signer_account_id is not None
        officer_key = next(
            k
            for k, fp, *_ in key_history(connection, officer_row.signer_account_id)
            if fp == officer_row.signer_fingerprint
        )
    repo.insert_signature(
        connection,
        countersignature_row(
            record,
            signed.officer_signature,
            officer_key,
            account_id,
            signing_key,
            opinion,
            now,
            is_late=is_late,
            payload_format=NEW_COUNTERSIGN_FORMAT if payload_format is None else payload_format,
        ),
    )


def countersignature_row(
    record: DeclarationRecord,
    officer_signature: OfficerSignature,
    officer_key: bytes,
    account_id: int,
    signing_key: SigningKey,
    opinion: str,
    now: str,
    *,
    is_late: bool,
    payload_format: int = NEW_COUNTERSIGN_FORMAT,
) -> SignatureRow:
    """The countersignature of ``record`` over its officer signature as the row to store: Ed25519 over the
    canonical countersign payload. Countersigning and the demo's bulk path both make it here."""
    payload = countersign_payload(
        officer_payload_for(record.declaration, officer_signature),
        officer_signature.signature,
        officer_public_key=officer_key,
        opinion=opinion,
        countersigner_fingerprint=signing_key.fingerprint,
        countersigned_at=now,
        payload_format=payload_format,
        declaration_version=record.version,
        supersedes=record.supersedes,
    )
    return SignatureRow(
        id=0,
        declaration_id=record.id,
        kind=repo.COUNTERSIGN_KIND,
        signer_account_id=account_id,
        signer_fingerprint=signing_key.fingerprint,
        signed_at=now,
        commitment_sha256=None,
        opinion=opinion,
        officer_public_key=officer_key,
        signature=signing_key.sign(payload),
        is_late=is_late,
        void=False,
        payload_format=payload_format,
    )


def return_declaration(
    session: Session, reference: str, reason: str, campaign_id: str | None = None
) -> DeclarationRecord:
    """Send a signed declaration back (退回) with a reason; the officer edits and signs again."""
    session.require(Role.UNIT_HEAD)
    reason = clean_text(reason)[:MAX_TEXT]
    if not reason:
        raise ReasonRequired
    refuse_invisible_characters(reason=reason)
    now = timestamp(session.clock)
    with audited_transaction(session.store, session.account.login, session.clock) as audit:
        connection = audit.connection
        campaign = resolve_campaign(connection, campaign_id)
        record = resolve_declaration(connection, reference, campaign)
        _check_reviewable(session, connection, record)
        repo.insert_return(connection, ReturnRow(record.id, reason, session.account.id, now))
        repo.void_signatures(connection, record.id)
        repo.set_status(connection, record.id, DeclarationStatus.RETURNED, now)
        audit.record("returned", record.id, version=record.version)
        updated = repo.get(connection, record.id)
    assert updated is not None
    return updated


__all__ = ["QueueItem", "countersign", "queue", "return_declaration", "store_keys"]
