"""The officer's side: draft (pre-filled from the last declaration), save, and sign with the password."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass

from sqlalchemy import Connection

from desktop.crypto.payloads import officer_payload
from desktop.crypto.signing import SigningKey
from desktop.domain.campaigns import Campaign
from desktop.domain.declarations import Declaration, DeclarationStatus
from desktop.domain.officers import Officer
from desktop.domain.problems import Problem
from desktop.domain.roles import Role
from desktop.domain.trades import default_catalog
from desktop.domain.validation import blocking
from desktop.form.validation import validate_declaration, with_members_copied
from desktop.services.administration.campaigns import resolve_campaign
from desktop.services.auditing import audited_transaction
from desktop.services.clock import campaign_today, timestamp
from desktop.services.errors import InvalidInput, NoOfficerRecord, NotEditable, NotSignable, WrongSigningPassword
from desktop.services.session.session import Session
from desktop.services.workflow.carry_over import carried_over_in
from desktop.store.errors import WrongPassword
from desktop.store.repositories import declarations as repo
from desktop.store.repositories.declarations import DeclarationRecord, SignatureRow
from desktop.store.repositories.officers import get_officer
from desktop.store.repositories.units import get_unit
from desktop.store.store import open_slot

EDITABLE = frozenset({DeclarationStatus.DRAFT, DeclarationStatus.RETURNED})


@dataclass(frozen=True)
class SavedDraft:
    record: DeclarationRecord
    problems: list[Problem]  # what validation says now; a draft may be saved with problems
    amended: bool = False  # True when saving made a new version of a countersigned declaration


def _me(session: Session, connection: Connection) -> Officer:
    session.require(Role.OFFICER)
    number = session.account.police_number
    officer = get_officer(connection, number) if number else None
    if officer is None:
        raise NoOfficerRecord(session.account.login)
    return officer


def _snapshot(connection: Connection, officer: Officer, campaign: Campaign, content: Declaration) -> Declaration:
    """The content with the officer's data and unit taken from the roster, never from what was typed."""
    unit = get_unit(connection, officer.unit_code)
    return snapshot_of(officer, unit.name if unit else "", campaign, content)


def snapshot_of(officer: Officer, unit_name: str, campaign: Campaign, content: Declaration) -> Declaration:
    """``content`` with the roster's ``officer`` and ``unit_name`` (the demo's bulk path gives them from memory).

    It is given the form the store reads back (Declaration.from_dict: NFC, trimmed), so that what is signed is what
    verification later rebuilds, even when the roster or the unit name was saved in another form.
    """
    # What the roster does not hold (form version 2: political status, mobile phone) is the officer's own entry.
    typed = content.officer
    snapshot = content.with_changes(
        campaign_id=campaign.id,
        officer=dataclasses.replace(officer, political_status=typed.political_status, mobile=typed.mobile),
        unit_name=unit_name,
        form_version=campaign.form_version,  # the campaign's form, whatever the content was made on
    )
    return Declaration.from_dict(with_members_copied(snapshot).to_dict())


def empty_declaration(officer: Officer, campaign: Campaign) -> Declaration:
    return Declaration(campaign_id=campaign.id, officer=officer, unit_name="", form_version=campaign.form_version)


def new_draft(
    police_number: str,
    campaign_id: str,
    declaration: Declaration,
    now: str,
    *,
    version: int = 1,
    supersedes: str | None = None,
) -> DeclarationRecord:
    """A new version of an officer's declaration in a campaign, as a draft made at ``now``: what start_draft and
    save_draft insert, and what the demo's bulk path holds for them (desktop.services.demo.bulk)."""
    return DeclarationRecord(
        id=uuid.uuid4().hex,
        campaign_id=campaign_id,
        police_number=police_number,
        version=version,
        status=DeclarationStatus.DRAFT,
        declaration=declaration,
        created_at=now,
        updated_at=now,
        supersedes=supersedes,
    )


def start_draft(session: Session, campaign_id: str | None = None) -> DeclarationRecord:
    """The officer's current declaration in the campaign; a new draft pre-filled from the last campaign's if none."""
    now = timestamp(session.clock)
    with audited_transaction(session.store, session.account.login, session.clock) as audit:
        connection = audit.connection
        officer = _me(session, connection)
        campaign = resolve_campaign(connection, campaign_id)
        existing = repo.latest(connection, campaign.id, officer.police_number)
        if existing is not None:
            return existing
        previous = repo.previous_declaration(connection, officer.police_number, campaign.id)
        base = (
            previous.declaration.with_changes(acknowledged_warnings=())
            if previous
            else empty_declaration(officer, campaign)
        )
        record = new_draft(officer.police_number, campaign.id, _snapshot(connection, officer, campaign, base), now)
        repo.insert_version(connection, record)
        audit.record("draft_created", record.id, prefilled_from=previous.id if previous else None)
    return record


def save_draft(session: Session, content: Declaration, campaign_id: str | None = None) -> SavedDraft:
    """Save the officer's declaration. A countersigned one becomes a new version (an amendment)."""
    now = timestamp(session.clock)
    amended = False
    with audited_transaction(session.store, session.account.login, session.clock) as audit:
        connection = audit.connection
        officer = _me(session, connection)
        campaign = resolve_campaign(connection, campaign_id)
        declaration = _snapshot(connection, officer, campaign, content)
        current = repo.latest(connection, campaign.id, officer.police_number)
        if current is None:
            record = new_draft(officer.police_number, campaign.id, declaration, now)
            repo.insert_version(connection, record)
            audit.record("draft_created", record.id)
        elif current.status in EDITABLE:
            repo.update_content(connection, current.id, declaration, now)
            record = repo.get(connection, current.id)  # type: ignore[assignment]  # just updated: it exists
            audit.record("draft_saved", current.id)
        elif current.status is DeclarationStatus.COUNTERSIGNED:
            record = new_draft(
                officer.police_number, campaign.id, declaration, now, version=current.version + 1, supersedes=current.id
            )
            repo.insert_version(connection, record)
            repo.set_status(connection, current.id, DeclarationStatus.SUPERSEDED, now)
            audit.record("amended", record.id, supersedes=current.id, version=record.version)
            amended = True
        else:
            raise NotEditable(current.status.value)
        carried = carried_over_in(connection, record.declaration, campaign.id)
    problems = validate_declaration(record.declaration, default_catalog(), campaign_today(session.clock))
    return SavedDraft(record, problems + carried, amended)


def sign(session: Session, password: str, campaign_id: str | None = None) -> DeclarationRecord:
    """Sign the officer's draft or returned declaration: validation first, then the password, then Ed25519."""
    store, login = session.store, session.account.login
    # Signing needs the password now, not only at login: the signature is the officer's act.
    try:
        _data_key, signing_key = open_slot(store.store_id, login, store.current_slot(login), password)
    except WrongPassword:
        raise WrongSigningPassword from None
    if signing_key.fingerprint != session.account.fingerprint:
        raise WrongSigningPassword
    now = timestamp(session.clock)
    with audited_transaction(store, login, session.clock) as audit:
        connection = audit.connection
        officer = _me(session, connection)
        campaign = resolve_campaign(connection, campaign_id)
        current = repo.latest(connection, campaign.id, officer.police_number)
        if current is None or current.status not in EDITABLE:
            raise NotSignable(current.status.value if current else "not_started")
        declaration = _snapshot(connection, officer, campaign, current.declaration)
        # Every section still carried over from the previous declaration must have been confirmed ("still so").
        problems = blocking(
            validate_declaration(declaration, default_catalog(), campaign_today(session.clock))
            + carried_over_in(connection, declaration, campaign.id),
            declaration.acknowledged_warnings,
        )
        if problems:
            raise InvalidInput(problems)
        late = campaign.is_late(campaign_today(session.clock))
        repo.update_content(connection, current.id, declaration, now)
        repo.void_signatures(connection, current.id)
        repo.insert_signature(
            connection,
            officer_signature_row(
                declaration, current, campaign, session.account.id, signing_key, now=now, is_late=late
            ),
        )
        repo.set_status(connection, current.id, DeclarationStatus.SIGNED, now)
        audit.record("signed", current.id, version=current.version, late=late, fingerprint=signing_key.fingerprint)
        signed = repo.get(connection, current.id)
    assert signed is not None
    return signed


def officer_signature_row(
    declaration: Declaration,
    record: DeclarationRecord,
    campaign: Campaign,
    account_id: int,
    signing_key: SigningKey,
    *,
    now: str,
    is_late: bool,
) -> SignatureRow:
    """The officer's signature of ``declaration`` as version ``record`` in ``campaign``: Ed25519 over the canonical
    payload (desktop.crypto.payloads), as the row to store. Signing and the demo's bulk path both make it here."""
    payload = officer_payload(
        declaration,
        declaration_id=record.id,
        version=record.version,
        commitment_sha256=campaign.commitment_sha256,
        signer_fingerprint=signing_key.fingerprint,
        signed_at=now,
    )
    return SignatureRow(
        id=0,
        declaration_id=record.id,
        kind=repo.OFFICER_KIND,
        signer_account_id=account_id,
        signer_fingerprint=signing_key.fingerprint,
        signed_at=now,
        commitment_sha256=campaign.commitment_sha256,
        opinion=None,
        officer_public_key=None,
        signature=signing_key.sign(payload),
        is_late=is_late,
        void=False,
    )


MAX_HANDWRITTEN_BYTES = 512 * 1024


def save_handwritten_signature(session: Session, image_png: bytes, campaign_id: str | None = None) -> None:
    """Keep the officer's drawn signature with their current declaration version (optional, not part of the
    Ed25519-signed content: the image illustrates, the key proves)."""
    from desktop.errors import DeclareError
    from desktop.i18n import N_

    if not image_png.startswith(b"\x89PNG\r\n\x1a\n") or len(image_png) > MAX_HANDWRITTEN_BYTES:
        raise DeclareError(N_("The handwritten signature must be a PNG image of at most 512 KB."))
    with audited_transaction(session.store, session.account.login, session.clock) as audit:
        connection = audit.connection
        officer = _me(session, connection)
        campaign = resolve_campaign(connection, campaign_id)
        current = repo.latest(connection, campaign.id, officer.police_number)
        if current is None:
            raise NotSignable("not_started")
        repo.save_handwritten(connection, current.id, image_png, timestamp(session.clock))
        audit.record("handwritten_signature_saved", current.id)
