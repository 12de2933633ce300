"""Exporting declarations as a signed workbook: a unit's countersigned declarations (unit head, or an administrator
or inspector naming the unit), or an officer's own signed declaration for a head on another computer."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, select

from desktop.domain.campaigns import Campaign
from desktop.domain.declarations import DeclarationStatus
from desktop.domain.officers import Officer
from desktop.domain.roles import Role
from desktop.domain.signed import Countersignature, OfficerSignature, SignedDeclaration
from desktop.domain.units import descendants
from desktop.errors import DeclareError
from desktop.exchange.columns import FORMAT_NAME, FORMAT_VERSION, KIND_SINGLE, KIND_UNIT
from desktop.exchange.encryption import encrypt_workbook
from desktop.exchange.model import DeclarationEntry, KeyEntry, MissingEntry, WorkbookContent, batch_payload
from desktop.exchange.writer import write_workbook
from desktop.i18n import N_
from desktop.services.auditing import audited_transaction
from desktop.services.campaigns import resolve_campaign
from desktop.services.clock import timestamp
from desktop.services.errors import NotAllowed
from desktop.services.responsibility import Responsibility
from desktop.services.session import Session
from desktop.store import audit, schema
from desktop.store.atomic import write_atomic
from desktop.store.repositories import declarations as repo
from desktop.store.repositories.officers import list_officers
from desktop.store.repositories.units import get_unit, list_units


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
    query = select(k.c.fingerprint, k.c.public_key, a.c.login, a.c.police_number, a.c.display_name,
                   a.c.unit_code).join(a, a.c.id == k.c.account_id).where(k.c.fingerprint.in_(fingerprints))
    entries = []
    for fp, key, login, police_number, name, unit in connection.execute(query):
        role = "exporter" if fp == exporter_fp else "unit_head"
        entries.append(KeyEntry(fp, key, role, login, police_number or "", name, unit or ""))
    return entries


def _cover(session: Session, connection: Connection, campaign: Campaign, kind: str, unit_code: str,
           counts: tuple[int, int, int]) -> dict[str, str]:
    unit = get_unit(connection, unit_code)
    head = audit.head(connection)
    assert session.signing_key is not None
    return {
        "format": FORMAT_NAME, "format_version": str(FORMAT_VERSION), "kind": kind,
        "unit_code": unit_code, "unit_name": unit.name if unit else "",
        "campaign_id": campaign.id, "campaign_name": campaign.name,
        "campaign_start": campaign.start_date.isoformat(), "campaign_deadline": campaign.deadline.isoformat(),
        "commitment_version": campaign.commitment_version, "commitment_sha256": campaign.commitment_sha256,
        "commitment_text": campaign.commitment_text,
        "declarations": str(counts[0]), "interests": str(counts[1]), "missing": str(counts[2]),
        "exported_at": timestamp(session.clock), "exporter_login": session.account.login,
        "exporter_name": session.account.display_name, "exporter_fingerprint": session.signing_key.fingerprint,
        "audit_head": f"{head.seq}:{head.hash}",
    }


def export_unit(session: Session, out: Path, *, unit_code: str | None = None, campaign_id: str | None = None,
                password: str | None = None) -> ExportSummary:
    """The unit's countersigned declarations and the roster officers without one, signed as a batch."""
    if session.signing_key is None:
        raise NotAllowed(N_("Log in again: the session is locked."))
    with session.store.transaction() as connection:
        campaign = resolve_campaign(connection, campaign_id)
        unit, officers = _scope(session, connection, unit_code)
        latest = repo.latest_in_campaign(connection, campaign.id)
        # Read in a few queries for the whole unit rather than three per declaration (1,000 declarations ≤ 1 s).
        unit_names = {u.code: u.name for u in list_units(connection)}
        exported = [latest[o.police_number] for o in officers if o.police_number in latest
                    and latest[o.police_number].status is DeclarationStatus.COUNTERSIGNED]
        signatures = _current_signatures(connection, [record.id for record in exported])
        account_names = _account_names(connection)
        entries, missing, heads = [], [], set()
        for officer in officers:
            record = latest.get(officer.police_number)
            if record is None or record.status is not DeclarationStatus.COUNTERSIGNED:
                missing.append(MissingEntry(officer.police_number, officer.name, officer.unit_code,
                                            unit_names.get(officer.unit_code, ""),
                                            record.status.value if record else "not_started"))
                continue
            officer_row, counter_row = signatures.get(record.id, (None, None))
            signed = _signed(record, officer_row, counter_row)
            assert signed.countersignature is not None
            heads.add(signed.countersignature.countersigner_fingerprint)
            head_name = account_names.get(counter_row.signer_account_id, "") if counter_row else ""
            late = bool(officer_row and officer_row.is_late)
            entries.append(DeclarationEntry(signed, record.status.value, late, head_name))
        keys = _key_entries(connection, heads | {session.signing_key.fingerprint}, session.signing_key.fingerprint)
        counts = (len(entries), sum(len(e.signed.declaration.interests) for e in entries), len(missing))
        cover = _cover(session, connection, campaign, KIND_UNIT, unit, counts)
    return _write(session, out, WorkbookContent(cover, entries, keys, missing), password, counts)


def export_own(session: Session, out: Path, *, campaign_id: str | None = None, password: str | None = None
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
        me = KeyEntry(session.signing_key.fingerprint, session.signing_key.public_key, "exporter",
                      session.account.login, session.account.police_number, session.account.display_name,
                      session.account.unit_code or "")
        # A countersigned declaration carries the head's countersignature: the head's key must travel with it, or
        # the file does not verify on its own.
        heads = ({signed.countersignature.countersigner_fingerprint} - {me.fingerprint}
                 if signed.countersignature is not None else set())
        keys = [me, *(_key_entries(connection, heads, me.fingerprint) if heads else [])]
        officer_row, counter_row = repo.current_signatures(connection, record.id)
        entry = DeclarationEntry(signed, record.status.value, bool(officer_row and officer_row.is_late),
                                 _name_of(connection, counter_row.signer_account_id if counter_row else None))
        counts = (1, len(signed.declaration.interests), 0)
        cover = _cover(session, connection, campaign, KIND_SINGLE, record.declaration.officer.unit_code, counts)
    return _write(session, out, WorkbookContent(cover, [entry], keys),
                  password, counts)


def _current_signatures(connection: Connection, declaration_ids: list[str]
                        ) -> dict[str, tuple[repo.SignatureRow | None, repo.SignatureRow | None]]:
    """repo.current_signatures of many declarations at once: the officer signature and countersignature that apply
    now (not void; of several, the last written)."""
    table = schema.signatures
    current: dict[str, list[repo.SignatureRow | None]] = {}
    for start in range(0, len(declaration_ids), 500):
        query = select(table).where(table.c.declaration_id.in_(declaration_ids[start:start + 500])).order_by(
            table.c.id)
        for mapping in connection.execute(query).mappings():
            row = repo.SignatureRow(**dict(mapping))
            if row.void:
                continue
            pair = current.setdefault(row.declaration_id, [None, None])
            if row.kind == repo.OFFICER_KIND:
                pair[0] = row
            elif row.kind == repo.COUNTERSIGN_KIND:
                pair[1] = row
    return {key: (pair[0], pair[1]) for key, pair in current.items()}


def _signed(record: repo.DeclarationRecord, officer_row: repo.SignatureRow | None,
            counter_row: repo.SignatureRow | None) -> SignedDeclaration:
    """repo.signed_declaration from rows already read."""
    officer = None
    if officer_row is not None:
        officer = OfficerSignature(declaration_id=record.id, version=record.version,
                                   commitment_sha256=officer_row.commitment_sha256 or "",
                                   signer_fingerprint=officer_row.signer_fingerprint, signed_at=officer_row.signed_at,
                                   signature=officer_row.signature)
    counter = None
    if counter_row is not None:
        counter = Countersignature(officer_public_key=counter_row.officer_public_key or b"",
                                   opinion=counter_row.opinion or "",
                                   countersigner_fingerprint=counter_row.signer_fingerprint,
                                   countersigned_at=counter_row.signed_at, signature=counter_row.signature)
    return SignedDeclaration(record.declaration, officer, counter)


def _account_names(connection: Connection) -> dict[int, str]:
    a = schema.accounts
    return {account_id: str(name or "") for account_id, name in connection.execute(select(a.c.id, a.c.display_name))}


def _name_of(connection: Connection, account_id: int | None) -> str:
    if account_id is None:
        return ""
    a = schema.accounts
    return str(connection.execute(select(a.c.display_name).where(a.c.id == account_id)).scalar() or "")


def _write(session: Session, out: Path, content: WorkbookContent, password: str | None,
           counts: tuple[int, int, int]) -> ExportSummary:
    assert session.signing_key is not None
    signed = WorkbookContent(content.cover, content.declarations, content.keys, content.missing,
                             session.signing_key.sign(batch_payload(content)))
    buffer = io.BytesIO()
    write_workbook(buffer, signed)
    data = buffer.getvalue()
    if password:
        # Encrypted in memory: no unencrypted copy ever reaches the disk, not even a temporary one.
        data = encrypt_workbook(data, password)
    write_atomic(Path(out), data, mode=0o644)
    digest = hashlib.sha256(data).hexdigest()
    with audited_transaction(session.store, session.account.login, session.clock) as auditor:
        auditor.record("exported", content.cover["campaign_id"], kind=content.cover["kind"],
                       unit=content.cover["unit_code"], declarations=counts[0], missing=counts[2],
                       encrypted=bool(password), sha256=digest)
    return ExportSummary(out, counts[0], counts[1], counts[2], bool(password), digest)
