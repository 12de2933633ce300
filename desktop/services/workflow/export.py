"""Exporting declarations as a signed workbook: a unit's countersigned declarations (unit head, or an administrator
or inspector naming the unit), or an officer's own signed declaration for a head on another computer.

A unit's export is streamed (docs/decisions.md): the declarations are read from the store a batch at a time, once
for what the cover and the batch signature need (signatures and the number of interests), then once per sheet while
the file is written, all in one read snapshot of the store; the file goes straight to disk unless it is encrypted."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, select

from desktop.domain.campaigns import Campaign
from desktop.domain.declarations import DeclarationStatus
from desktop.domain.officers import Officer
from desktop.domain.roles import Role
from desktop.domain.units import descendants
from desktop.errors import DeclareError
from desktop.exchange.workbook.batch_rows import BatchRows
from desktop.exchange.workbook.columns import FORMAT_NAME, FORMAT_VERSION, KIND_SINGLE, KIND_UNIT
from desktop.exchange.workbook.model import (
    DeclarationEntry,
    KeyEntry,
    MissingEntry,
    WorkbookContent,
    batch_payload,
)
from desktop.exchange.workbook.writer import StreamedContent, write_workbook
from desktop.exchange.xlsx.encryption import encrypt_workbook
from desktop.form.model import FormVersion
from desktop.form.registry import form_for
from desktop.i18n import N_
from desktop.services.administration.campaigns import resolve_campaign
from desktop.services.auditing import audited_transaction
from desktop.services.clock import timestamp
from desktop.services.errors import NotAllowed
from desktop.services.session.session import Session
from desktop.services.workflow.export_limits import past_the_limits, refuse_past
from desktop.services.workflow.responsibility import Responsibility
from desktop.store import audit, schema
from desktop.store.atomic import write_atomic, write_atomic_stream
from desktop.store.repositories import declarations as repo
from desktop.store.repositories.officers import list_officers
from desktop.store.repositories.units import get_unit, list_units

#: Declarations read from the store at a time: a batch of records is a few MB; far fewer queries than rows.
BATCH_SIZE = 2000


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    declarations: int
    interests: int
    missing: int
    encrypted: bool
    sha256: str


class NothingToExport(DeclareError):
    def __init__(self) -> None:
        super().__init__(N_("There is no signed declaration of yours to export in this campaign; sign it first."))


def _scope(session: Session, connection: Connection, unit_code: str | None) -> tuple[str, list[Officer]]:
    """The unit the export speaks for and the officers it covers."""
    account = session.account
    officers = list_officers(connection)
    if account.has(Role.ADMIN) or account.has(Role.INSPECTOR):
        if unit_code is None:
            raise NotAllowed(N_("Name the unit to export with --unit."))
        units = list_units(connection)
        codes = {unit_code} | descendants(unit_code, units)
        return unit_code, [o for o in officers if o.unit_code in codes]
    session.require(Role.UNIT_HEAD)
    if unit_code is not None and unit_code != account.unit_code:
        raise NotAllowed(N_("A unit head exports the declarations of their own unit only."))
    responsibility = Responsibility(connection)
    mine = [o for o in officers if responsibility.may_countersign(account.unit_code, account.police_number, o)]
    return str(account.unit_code), mine


def _key_entries(connection: Connection, fingerprints: set[str], exporter_fp: str) -> list[KeyEntry]:
    k, a = schema.account_keys, schema.accounts
    query = (
        select(k.c.fingerprint, k.c.public_key, a.c.login, a.c.police_number, a.c.display_name, a.c.unit_code)
        .join(a, a.c.id == k.c.account_id)
        .where(k.c.fingerprint.in_(fingerprints))
    )
    entries = []
    for fp, key, login, police_number, name, unit in connection.execute(query):
        role = "exporter" if fp == exporter_fp else "unit_head"
        entries.append(KeyEntry(fp, key, role, login, police_number or "", name, unit or ""))
    return entries


def _cover(
    session: Session,
    connection: Connection,
    campaign: Campaign,
    kind: str,
    unit_code: str,
    counts: tuple[int, int, int],
) -> dict[str, str]:
    unit = get_unit(connection, unit_code)
    head = audit.head(connection)
    assert session.signing_key is not None
    return {
        "format": FORMAT_NAME,
        "format_version": str(FORMAT_VERSION),
        # The form version the campaign names (every declaration of it is made on it); 1 before campaigns named one.
        "form_version": str(campaign.form_version),
        "kind": kind,
        "unit_code": unit_code,
        "unit_name": unit.name if unit else "",
        "campaign_id": campaign.id,
        "campaign_name": campaign.name,
        "campaign_start": campaign.start_date.isoformat(),
        "campaign_deadline": campaign.deadline.isoformat(),
        "commitment_version": campaign.commitment_version,
        "commitment_sha256": campaign.commitment_sha256,
        "commitment_text": campaign.commitment_text,
        "declarations": str(counts[0]),
        "interests": str(counts[1]),
        "missing": str(counts[2]),
        "exported_at": timestamp(session.clock),
        "exporter_login": session.account.login,
        "exporter_name": session.account.display_name,
        "exporter_fingerprint": session.signing_key.fingerprint,
        "audit_head": f"{head.seq}:{head.hash}",
    }


def export_unit(
    session: Session,
    out: Path,
    *,
    unit_code: str | None = None,
    campaign_id: str | None = None,
    password: str | None = None,
    check: Callable[[], None] | None = None,
) -> ExportSummary:
    """The unit's countersigned declarations and the roster officers without one, signed as a batch. ``check`` is
    called before each batch of records is read; it may raise to stop the export (the window's cancellation when it
    locks), which then leaves no file and changes nothing."""
    signing_key = session.signing_key
    if signing_key is None:
        raise NotAllowed(N_("Log in again: the session is locked."))
    with session.store.transaction() as connection:
        _read_snapshot(connection)
        campaign = resolve_campaign(connection, campaign_id)
        unit, officers = _scope(session, connection, unit_code)
        exported, missing = _exported_and_missing(connection, campaign.id, officers)
        del officers
        declarations = _StoredDeclarations(connection, exported, _account_names(connection), check)
        form = _form_of(campaign)
        rows, heads, interests, past = declarations.summary(form)
        refuse_past(connection, form, past, own=False)
        keys = _key_entries(connection, heads | {signing_key.fingerprint}, signing_key.fingerprint)
        counts = (len(exported), interests, len(missing))
        cover = _cover(session, connection, campaign, KIND_UNIT, unit, counts)
        batch_signature = signing_key.sign(rows.payload(cover, keys, missing))
        del rows
        # Written inside the transaction: the sheets read the same snapshot as the batch signature.
        digest = _save(Path(out), StreamedContent(cover, declarations, keys, missing, batch_signature), password)
    return _audited(session, out, cover, counts, password, digest)


def _read_snapshot(connection: Connection) -> None:
    """Make every read of this transaction see one snapshot of the store.

    The export reads the store several times over several seconds (what the batch signature needs, then each sheet);
    another window or the CLI may countersign or amend meanwhile, and the batch signature must cover exactly the rows
    written. pysqlite begins a transaction only before a write, so each SELECT would see the newest data: an explicit
    BEGIN holds one WAL snapshot until the transaction ends (writers are not blocked). Other servers: the
    transaction's isolation level decides."""
    if connection.dialect.name != "sqlite":
        return
    driver = connection.connection.driver_connection
    if driver is not None and not driver.in_transaction:
        connection.exec_driver_sql("BEGIN")


def _exported_and_missing(
    connection: Connection, campaign_id: str, officers: list[Officer]
) -> tuple[list[str], list[MissingEntry]]:
    """The ids of the officers' countersigned declarations (newest versions, in roster order), and the officers
    without one."""
    states = repo.latest_states_in_campaign(connection, campaign_id)
    unit_names = {u.code: u.name for u in list_units(connection)}
    exported, missing = [], []
    for officer in officers:
        declaration_id, status = states.get(officer.police_number, ("", None))
        if status is DeclarationStatus.COUNTERSIGNED:
            exported.append(declaration_id)
        else:
            missing.append(
                MissingEntry(
                    officer.police_number,
                    officer.name,
                    officer.unit_code,
                    unit_names.get(officer.unit_code, ""),
                    status.value if status else "not_started",
                )
            )
    return exported, missing


class _StoredDeclarations:
    """The exported declarations, in export order, read from the store a batch at a time (SQLAlchemy Core, BATCH_SIZE
    records per query) each time they are gone over; only their ids are held. The writer goes over them once per
    sheet, so at most one batch of records is alive at any time."""

    def __init__(
        self,
        connection: Connection,
        ids: list[str],
        account_names: dict[int, str],
        check: Callable[[], None] | None = None,
    ) -> None:
        self.connection = connection
        self.ids = ids
        self.account_names = account_names
        self.check = check

    def _batches(self) -> Iterator[list[str]]:
        for start in range(0, len(self.ids), BATCH_SIZE):
            if self.check is not None:
                self.check()
            yield self.ids[start : start + BATCH_SIZE]

    def __iter__(self) -> Iterator[DeclarationEntry]:
        for batch in self._batches():
            records = repo.records_by_id(self.connection, batch)
            signatures = repo.current_signatures_of(self.connection, batch)
            for declaration_id in batch:
                record = records[declaration_id]
                officer_row, counter_row = signatures.get(declaration_id, (None, None))
                head_id = counter_row.signer_account_id if counter_row else None
                head_name = self.account_names.get(head_id, "") if head_id is not None else ""
                yield DeclarationEntry(
                    repo.signed_from_rows(record, officer_row, counter_row),
                    record.status.value,
                    bool(officer_row and officer_row.is_late),
                    head_name,
                )
            del records, signatures  # before the next batch is read

    def summary(self, form: FormVersion) -> tuple[BatchRows, set[str], int, list[tuple[str, int, int]]]:
        """What the cover and the batch signature need, without building the declarations: each one's signature
        triple (as a compact row of the batch payload), the fingerprints of the heads who countersigned, the number
        of interests, and the declarations past ``form``'s limits (signed before it had them, decision 252)."""
        rows = BatchRows()
        heads: set[str] = set()
        interests = 0
        past: list[tuple[str, int, int]] = []
        for batch in self._batches():
            signatures = repo.current_signature_values(self.connection, batch)
            for declaration_id in batch:
                officer, counter = signatures.get(declaration_id, (None, None))
                if counter is None:
                    raise AssertionError(f"countersigned declaration {declaration_id} has no countersignature")
                heads.add(counter[0])
                rows.add(declaration_id if officer is not None else "", officer, counter[1])
            listed = repo.rows_listed(self.connection, batch)
            interests += sum(count for _id, count, _members in listed)
            past += sorted(past_the_limits(form, listed), key=lambda row: batch.index(row[0]))  # in export order
        return rows, heads, interests, past


def export_own(
    session: Session, out: Path, *, campaign_id: str | None = None, password: str | None = None
) -> ExportSummary:
    """An officer's own signed declaration, for a unit head on another computer ('receive')."""
    session.require(Role.OFFICER)
    if session.signing_key is None or session.account.police_number is None:
        raise NotAllowed(N_("Log in again: the session is locked."))
    with session.store.transaction() as connection:
        campaign = resolve_campaign(connection, campaign_id)
        record = repo.latest(connection, campaign.id, session.account.police_number)
        if record is None or record.status not in {DeclarationStatus.SIGNED, DeclarationStatus.COUNTERSIGNED}:
            raise NothingToExport
        signed = repo.signed_declaration(connection, record)
        listed = (record.id, len(signed.declaration.interests), len(signed.declaration.family_members))
        form = _form_of(campaign)
        refuse_past(connection, form, past_the_limits(form, [listed]), own=True)
        me = KeyEntry(
            session.signing_key.fingerprint,
            session.signing_key.public_key,
            "exporter",
            session.account.login,
            session.account.police_number,
            session.account.display_name,
            session.account.unit_code or "",
        )
        # A countersigned declaration carries the head's countersignature: the head's key must travel with it, or
        # the file does not verify on its own.
        heads = (
            {signed.countersignature.countersigner_fingerprint} - {me.fingerprint}
            if signed.countersignature is not None
            else set()
        )
        keys = [me, *(_key_entries(connection, heads, me.fingerprint) if heads else [])]
        officer_row, counter_row = repo.current_signatures(connection, record.id)
        entry = DeclarationEntry(
            signed,
            record.status.value,
            bool(officer_row and officer_row.is_late),
            _name_of(connection, counter_row.signer_account_id if counter_row else None),
        )
        counts = (1, len(signed.declaration.interests), 0)
        cover = _cover(session, connection, campaign, KIND_SINGLE, record.declaration.officer.unit_code, counts)
    content = WorkbookContent(cover, [entry], keys)
    content = WorkbookContent(cover, [entry], keys, [], session.signing_key.sign(batch_payload(content)))
    return _audited(session, out, cover, counts, password, _save(Path(out), content, password))


def _form_of(campaign: Campaign) -> FormVersion:
    """The form the campaign's declarations are made on, as the cover names it."""
    return form_for(campaign.form_version)


def _account_names(connection: Connection) -> dict[int, str]:
    a = schema.accounts
    return {account_id: str(name or "") for account_id, name in connection.execute(select(a.c.id, a.c.display_name))}


def _name_of(connection: Connection, account_id: int | None) -> str:
    if account_id is None:
        return ""
    a = schema.accounts
    return str(connection.execute(select(a.c.display_name).where(a.c.id == account_id)).scalar() or "")


def _save(out: Path, content: WorkbookContent | StreamedContent, password: str | None) -> str:
    """Write the workbook to ``out`` (mode 0600), replacing it atomically; returns the file's SHA-256 (hex)."""
    if password:
        # Encrypted in memory: no unencrypted copy ever reaches the disk, not even a temporary one.
        buffer = io.BytesIO()
        write_workbook(buffer, content)
        data = encrypt_workbook(buffer.getvalue(), password)
        del buffer
        write_atomic(out, data)
        return hashlib.sha256(data).hexdigest()
    return write_atomic_stream(out, lambda stream: write_workbook(stream, content))


def _audited(
    session: Session, out: Path, cover: dict[str, str], counts: tuple[int, int, int], password: str | None, digest: str
) -> ExportSummary:
    with audited_transaction(session.store, session.account.login, session.clock) as auditor:
        auditor.record(
            "exported",
            cover["campaign_id"],
            kind=cover["kind"],
            unit=cover["unit_code"],
            declarations=counts[0],
            missing=counts[2],
            encrypted=bool(password),
            sha256=digest,
        )
    return ExportSummary(out, counts[0], counts[1], counts[2], bool(password), digest)
