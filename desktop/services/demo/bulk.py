"""The demo's acts in bulk: the rows the workflow's services would write, made in memory and written a few
thousand officers at a time with executemany (issue 16, item 2: `demo --officers 50000` in minutes).

Every record stays real. What is signed is made by the workflow's own functions (declaring.snapshot_of,
declaring.officer_signature_row, countersigning.countersignature_row: the canonical payload, Ed25519 with the
account's key opened from its slot with the password); the content is validated, and carried-over sections
checked, as saving and signing do; the head's check of the officer signature is a real verification; the audit
entries are chained by desktop.store.audit.chained and stored after the head the log has. What is left out is only
what a person's act needs and a script does not: a transaction, a query and a commit per act, the password asked
again at each signature, and the head's key-continuity check, which in a new demo store always finds the key the
officer's account was created with (a known key). tests/services/demo/test_demo_bulk.py proves that the rows
equal the workflow's.

It needs every declaration of its officers in memory, so it plays only on a store without declarations yet (a new
demo store), and one officer's acts end before the next officer's begin (``officer_done``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from sqlalchemy import func, select

from desktop.crypto.signing import SigningKey
from desktop.crypto.verification import verify_declaration
from desktop.domain.accounts import Account
from desktop.domain.campaigns import Campaign
from desktop.domain.carry_over import carried_over_problems
from desktop.domain.declarations import Declaration, DeclarationStatus
from desktop.domain.officers import Officer
from desktop.domain.problems import Problem
from desktop.domain.roles import Role
from desktop.domain.text import clean_text
from desktop.domain.trades import default_catalog
from desktop.domain.validation import blocking
from desktop.form.validation import validate_declaration
from desktop.services.clock import FixedClock, campaign_today, timestamp
from desktop.services.demo.staging import confirming_warnings
from desktop.services.errors import (
    BrokenSignature,
    InvalidInput,
    NoDeclaration,
    NotCountersignable,
    NotEditable,
    NotSignable,
    NotYourOfficer,
    ReasonRequired,
    WrongSigningPassword,
    refuse_invisible_characters,
)
from desktop.services.session.session import Session
from desktop.services.workflow.countersigning import MAX_TEXT, countersignature_row
from desktop.services.workflow.declaring import (
    EDITABLE,
    SavedDraft,
    empty_declaration,
    new_draft,
    officer_signature_row,
    snapshot_of,
)
from desktop.services.workflow.responsibility import Responsibility
from desktop.store import audit, schema
from desktop.store.repositories import declarations as repo
from desktop.store.repositories.declarations import DeclarationRecord, ReturnRow, SignatureRow
from desktop.store.store import Store, open_slot

#: Officers whose rows are written in one transaction: large enough that commits do not count, small enough that
#: what is held stays a few tens of MB.
OFFICERS_PER_WRITE = 2000


@dataclass
class _Held:
    """What is made and not yet written."""

    #: police number → campaign id → the officer's versions there, oldest first
    versions: dict[str, dict[str, list[DeclarationRecord]]] = field(default_factory=dict)
    signatures: list[SignatureRow] = field(default_factory=list)
    #: declaration id → the indexes of its signatures in ``signatures``
    signatures_of: dict[str, list[int]] = field(default_factory=dict)
    returns: list[ReturnRow] = field(default_factory=list)
    entries: list[audit.AuditEntry] = field(default_factory=list)


class BulkActs:
    """The demo's acts on rows held in memory; see the module's docstring."""

    def __init__(
        self,
        store: Store,
        password: str,
        accounts: dict[str, Account],
        officers: list[Officer],
        unit_names: dict[str, str],
        responsibility: Responsibility,
    ) -> None:
        self.store, self.password, self.accounts = store, password, accounts
        self.officers = {o.police_number: o for o in officers}
        self.unit_names = unit_names
        self.responsibility = responsibility
        self._login_of = {a.id: a.login for a in accounts.values()}
        self._keys: dict[str, SigningKey] = {}
        self._catalog = default_catalog()
        self._held = _Held()
        self._done = 0
        self._last_validated: tuple[Declaration, dt.date, tuple[Problem, ...]] | None = None
        with store.transaction() as connection:
            if connection.execute(select(func.count()).select_from(schema.declarations)).scalar():
                raise RuntimeError("the demo's bulk path plays only on a store without declarations")
            self._head = audit.head(connection)

    # -- the acts ------------------------------------------------------------------------------------------------

    def start_draft(self, login: str, clock: FixedClock, campaign: Campaign) -> Declaration:
        """As declaring.start_draft: the current version, or a new draft pre-filled from the last campaign's."""
        now = timestamp(clock)
        officer = self._me(login, clock)
        existing = self._latest(officer.police_number, campaign.id)
        if existing is not None:
            return existing.declaration
        previous = self._previous(officer.police_number, campaign.id)
        base = (
            previous.declaration.with_changes(acknowledged_warnings=())
            if previous
            else empty_declaration(officer, campaign)
        )
        record = self._new_version(officer, campaign, self._snapshot(officer, campaign, base), now, None, 1)
        self._audit(clock, login, "draft_created", record.id, prefilled_from=previous.id if previous else None)
        return record.declaration

    def save(self, login: str, clock: FixedClock, content: Declaration, campaign: Campaign) -> SavedDraft:
        return confirming_warnings(lambda draft: self._save(login, clock, draft, campaign), content)

    def _save(self, login: str, clock: FixedClock, content: Declaration, campaign: Campaign) -> SavedDraft:
        """As declaring.save_draft."""
        now = timestamp(clock)
        officer = self._me(login, clock)
        declaration = self._snapshot(officer, campaign, content)
        current = self._latest(officer.police_number, campaign.id)
        amended = False
        if current is None:
            record = self._new_version(officer, campaign, declaration, now, None, 1)
            self._audit(clock, login, "draft_created", record.id)
        elif current.status in EDITABLE:
            record = self._put(replace(current, declaration=declaration, updated_at=now))
            self._audit(clock, login, "draft_saved", current.id)
        elif current.status is DeclarationStatus.COUNTERSIGNED:
            record = self._new_version(officer, campaign, declaration, now, current.id, current.version + 1)
            self._put(replace(current, status=DeclarationStatus.SUPERSEDED, updated_at=now))
            self._audit(clock, login, "amended", record.id, supersedes=current.id, version=record.version)
            amended = True
        else:
            raise NotEditable(current.status.value)
        carried = self._carried_over(record.declaration, campaign.id)
        problems = self._validated(record.declaration, campaign_today(clock))
        return SavedDraft(record, problems + carried, amended)

    def sign(self, login: str, clock: FixedClock, campaign: Campaign) -> None:
        """As declaring.sign, with the account's key opened once from its slot with the password."""
        account, signing_key = self.accounts[login], self._key(login)
        if signing_key.fingerprint != account.fingerprint:
            raise WrongSigningPassword
        now = timestamp(clock)
        officer = self._me(login, clock)
        current = self._latest(officer.police_number, campaign.id)
        if current is None or current.status not in EDITABLE:
            raise NotSignable(current.status.value if current else "not_started")
        declaration = self._snapshot(officer, campaign, current.declaration)
        today = campaign_today(clock)
        problems = blocking(
            self._validated(declaration, today) + self._carried_over(declaration, campaign.id),
            declaration.acknowledged_warnings,
        )
        if problems:
            raise InvalidInput(problems)
        late = campaign.is_late(today)
        current = replace(current, declaration=declaration, updated_at=now)
        self._void(current.id)
        self._add_signature(
            officer_signature_row(declaration, current, campaign, account.id, signing_key, now=now, is_late=late)
        )
        self._put(replace(current, status=DeclarationStatus.SIGNED))
        self._audit(
            clock, login, "signed", current.id, version=current.version, late=late, fingerprint=signing_key.fingerprint
        )

    def countersign(self, head: str, clock: FixedClock, police_number: str, opinion: str, campaign: Campaign) -> None:
        """As countersigning.countersign with the head's password: the officer signature verified, then signed over."""
        account = self._require(head, Role.UNIT_HEAD, clock)
        opinion = clean_text(opinion)[:MAX_TEXT]
        refuse_invisible_characters(opinion=opinion)
        signing_key = self._key(head)
        now = timestamp(clock)
        record = self._reviewable(account, police_number, campaign)
        officer_row = self._current_officer_signature(record.id)
        signed = repo.signed_from_rows(record, officer_row, None)
        assert officer_row is not None
        assert officer_row.signer_account_id is not None
        assert signed.officer_signature is not None
        officer_key = self._key(self._login_of[officer_row.signer_account_id]).public_key
        keys = {officer_row.signer_fingerprint: officer_key}
        result = verify_declaration(
            signed, keys.get, expected_commitment_sha256=campaign.commitment_sha256, require_countersignature=False
        )
        if not result.valid:
            raise BrokenSignature(result.failures[0].code)
        self._add_signature(
            countersignature_row(
                record,
                signed.officer_signature,
                officer_key,
                account.id,
                signing_key,
                opinion,
                now,
                is_late=campaign.is_late(campaign_today(clock)),
            )
        )
        self._put(replace(record, status=DeclarationStatus.COUNTERSIGNED, updated_at=now))
        self._audit(
            clock, head, "countersigned", record.id, version=record.version, fingerprint=signing_key.fingerprint
        )

    def return_declaration(
        self, head: str, clock: FixedClock, police_number: str, reason: str, campaign: Campaign
    ) -> None:
        """As countersigning.return_declaration."""
        account = self._require(head, Role.UNIT_HEAD, clock)
        reason = clean_text(reason)[:MAX_TEXT]
        if not reason:
            raise ReasonRequired
        refuse_invisible_characters(reason=reason)
        now = timestamp(clock)
        record = self._reviewable(account, police_number, campaign)
        self._held.returns.append(ReturnRow(record.id, reason, account.id, now))
        self._void(record.id)
        self._put(replace(record, status=DeclarationStatus.RETURNED, updated_at=now))
        self._audit(clock, head, "returned", record.id, version=record.version)

    def officer_done(self) -> None:
        self._done += 1
        if self._done % OFFICERS_PER_WRITE == 0:
            self._write()

    def finish(self) -> None:
        self._write()

    def close(self) -> None:
        self._keys.clear()

    # -- what the workflow reads from the store, read from what is held -----------------------------------------

    def _require(self, login: str, role: Role, clock: FixedClock) -> Account:
        account = self.accounts[login]
        Session(self.store, account, None, clock).require(role)
        return account

    def _me(self, login: str, clock: FixedClock) -> Officer:
        account = self._require(login, Role.OFFICER, clock)
        return self.officers[account.police_number or ""]

    def _validated(self, declaration: Declaration, today: dt.date) -> list[Problem]:
        """validate_declaration's problems, kept for the last content validated: saving with the warnings confirmed
        and then signing validate the same content again. Validation never reads the confirmed warnings (they only
        filter its result, in ``blocking``), so content that differs from the last only in them has its problems."""
        unconfirmed = declaration.with_changes(acknowledged_warnings=())
        if self._last_validated is not None and self._last_validated[:2] == (unconfirmed, today):
            return list(self._last_validated[2])
        problems = validate_declaration(declaration, self._catalog, today)
        self._last_validated = (unconfirmed, today, tuple(problems))
        return problems

    def _key(self, login: str) -> SigningKey:
        if login not in self._keys:
            slot = self.store.key_file.accounts[login]
            self._keys[login] = open_slot(self.store.store_id, login, slot, self.password)[1]
        return self._keys[login]

    def _snapshot(self, officer: Officer, campaign: Campaign, content: Declaration) -> Declaration:
        return snapshot_of(officer, self.unit_names.get(officer.unit_code, ""), campaign, content)

    def _versions(self, police_number: str, campaign_id: str) -> list[DeclarationRecord]:
        return self._held.versions.setdefault(police_number, {}).setdefault(campaign_id, [])

    def _latest(self, police_number: str, campaign_id: str) -> DeclarationRecord | None:
        versions = self._held.versions.get(police_number, {}).get(campaign_id)
        return versions[-1] if versions else None

    def _previous(self, police_number: str, campaign_id: str, before: str | None = None) -> DeclarationRecord | None:
        """As repo.previous_declaration: the newest version in another campaign (made no later than ``before``)."""
        candidates = [
            record
            for other, versions in self._held.versions.get(police_number, {}).items()
            if other != campaign_id
            for record in versions
            if before is None or record.created_at <= before
        ]
        return max(candidates, key=lambda r: (r.created_at, r.version), default=None)

    def _carried_over(self, declaration: Declaration, campaign_id: str) -> list[Problem]:
        """As carry_over.carried_over_in."""
        police_number = declaration.officer.police_number
        versions = self._versions(police_number, campaign_id)
        source = self._previous(police_number, campaign_id, before=versions[0].created_at if versions else None)
        return carried_over_problems(declaration, source.declaration if source else None)

    def _reviewable(self, head: Account, police_number: str, campaign: Campaign) -> DeclarationRecord:
        """As resolve_declaration (by police number) and countersigning's check of who may review what."""
        record = self._latest(police_number, campaign.id)
        if record is None:
            raise NoDeclaration(police_number)
        if not self.responsibility.may_countersign(head.unit_code, head.police_number, record.declaration.officer):
            raise NotYourOfficer
        if record.status is not DeclarationStatus.SIGNED:
            raise NotCountersignable(record.status.value)
        return record

    def _current_officer_signature(self, declaration_id: str) -> SignatureRow | None:
        """As repo.current_signatures: the last officer signature that is not void."""
        rows = [self._held.signatures[i] for i in self._held.signatures_of.get(declaration_id, [])]
        return next((s for s in reversed(rows) if s.kind == repo.OFFICER_KIND and not s.void), None)

    # -- what the workflow writes, held --------------------------------------------------------------------------

    def _new_version(
        self,
        officer: Officer,
        campaign: Campaign,
        declaration: Declaration,
        now: str,
        supersedes: str | None,
        version: int,
    ) -> DeclarationRecord:
        record = new_draft(
            officer.police_number, campaign.id, declaration, now, version=version, supersedes=supersedes
        )  # as the workflow's start_draft and save_draft make it
        self._versions(officer.police_number, campaign.id).append(record)
        return record

    def _put(self, record: DeclarationRecord) -> DeclarationRecord:
        versions = self._versions(record.police_number, record.campaign_id)
        index = next(i for i in range(len(versions) - 1, -1, -1) if versions[i].id == record.id)
        versions[index] = record
        return record

    def _add_signature(self, row: SignatureRow) -> None:
        self._held.signatures_of.setdefault(row.declaration_id, []).append(len(self._held.signatures))
        self._held.signatures.append(row)

    def _void(self, declaration_id: str) -> None:
        signatures = self._held.signatures
        for index in self._held.signatures_of.get(declaration_id, []):
            signatures[index] = replace(signatures[index], void=True)

    def _audit(self, clock: FixedClock, actor: str, action: str, subject: str, **details: object) -> None:
        entry = audit.chained(
            self._head, at=timestamp(clock), actor=actor, action=action, subject=subject, details=details
        )
        self._held.entries.append(entry)
        self._head = audit.ChainHead(entry.seq, entry.hash)

    def _write(self) -> None:
        """Store what is held in one transaction, then move the key file's audit head."""
        held, self._held = self._held, _Held()
        if not held.entries:
            return
        records = [r for campaigns in held.versions.values() for versions in campaigns.values() for r in versions]
        with self.store.transaction() as connection:
            repo.insert_versions(connection, records)
            repo.insert_signatures(connection, held.signatures)
            repo.insert_returns(connection, held.returns)
            audit.append_many(connection, held.entries)
        self.store.publish_audit_head(self._head.to_json())
