"""Declarations (one row per version), their signatures and returns."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, func, select

from desktop.domain.declarations import Declaration, DeclarationStatus
from desktop.domain.signed import Countersignature, OfficerSignature, SignedDeclaration
from desktop.store import schema

_D, _S, _R = schema.declarations, schema.signatures, schema.returns
OFFICER_KIND = "officer"
COUNTERSIGN_KIND = "countersignature"


@dataclass(frozen=True, slots=True)
class DeclarationRecord:
    id: str
    campaign_id: str
    police_number: str
    version: int
    status: DeclarationStatus
    declaration: Declaration
    created_at: str
    updated_at: str
    supersedes: str | None


@dataclass(frozen=True, slots=True)
class SignatureRow:
    id: int
    declaration_id: str
    kind: str
    signer_account_id: int | None
    signer_fingerprint: str
    signed_at: str
    commitment_sha256: str | None
    opinion: str | None
    officer_public_key: bytes | None
    signature: bytes
    is_late: bool
    void: bool
    #: The countersignature payload's format (desktop/crypto/payloads.py); officer signatures keep 1.
    payload_format: int = 1


@dataclass(frozen=True, slots=True)
class ReturnRow:
    declaration_id: str
    reason: str
    returned_by: int
    returned_at: str


#: The columns of a declaration row in DeclarationRecord's order (bulk reads take plain tuples: no mapping per row).
_RECORD_COLUMNS = (
    _D.c.id,
    _D.c.campaign_id,
    _D.c.police_number,
    _D.c.version,
    _D.c.status,
    _D.c.content,
    _D.c.created_at,
    _D.c.updated_at,
    _D.c.supersedes,
)


def _record_of(row: Sequence[Any]) -> DeclarationRecord:
    declaration_id, campaign_id, police_number, version, status, content, created_at, updated_at, supersedes = row
    return DeclarationRecord(
        id=declaration_id,
        campaign_id=campaign_id,
        police_number=police_number,
        version=version,
        status=DeclarationStatus(status),
        declaration=Declaration.from_dict(json.loads(content)),
        created_at=created_at,
        updated_at=updated_at,
        supersedes=supersedes,
    )


def _record(row: dict[str, Any]) -> DeclarationRecord:
    return _record_of(tuple(row[column.name] for column in _RECORD_COLUMNS))


def content_json(declaration: Declaration) -> str:
    return json.dumps(declaration.to_dict(), ensure_ascii=False, sort_keys=True)


def version_row(record: DeclarationRecord) -> dict[str, object]:
    """The declarations row of ``record``."""
    return {
        "id": record.id,
        "campaign_id": record.campaign_id,
        "police_number": record.police_number,
        "version": record.version,
        "status": record.status.value,
        "content": content_json(record.declaration),
        "form_version": record.declaration.form_version,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "supersedes": record.supersedes,
    }


def insert_version(connection: Connection, record: DeclarationRecord) -> None:
    connection.execute(_D.insert().values(**version_row(record)))


def insert_versions(connection: Connection, records: Sequence[DeclarationRecord]) -> None:
    """Many versions in one executemany (the demo's bulk path)."""
    if records:
        connection.execute(_D.insert(), [version_row(record) for record in records])


def update_content(connection: Connection, declaration_id: str, declaration: Declaration, now: str) -> None:
    connection.execute(
        _D.update()
        .where(_D.c.id == declaration_id)
        .values(content=content_json(declaration), form_version=declaration.form_version, updated_at=now)
    )


def set_status(connection: Connection, declaration_id: str, status: DeclarationStatus, now: str) -> None:
    connection.execute(_D.update().where(_D.c.id == declaration_id).values(status=status.value, updated_at=now))


def get(connection: Connection, declaration_id: str) -> DeclarationRecord | None:
    row = connection.execute(select(_D).where(_D.c.id == declaration_id)).mappings().first()
    return _record(dict(row)) if row else None


def find_by_prefix(connection: Connection, prefix: str) -> list[DeclarationRecord]:
    query = select(_D).where(_D.c.id.startswith(prefix, autoescape=True)).limit(2)
    return [_record(dict(r)) for r in connection.execute(query).mappings()]


def versions(connection: Connection, campaign_id: str, police_number: str) -> list[DeclarationRecord]:
    query = (
        select(_D).where(_D.c.campaign_id == campaign_id, _D.c.police_number == police_number).order_by(_D.c.version)
    )
    return [_record(dict(r)) for r in connection.execute(query).mappings()]


def latest(connection: Connection, campaign_id: str, police_number: str) -> DeclarationRecord | None:
    """The newest version (only it is read and decoded: this runs at every draft, save and signature)."""
    query = (
        select(_D)
        .where(_D.c.campaign_id == campaign_id, _D.c.police_number == police_number)
        .order_by(_D.c.version.desc())
        .limit(1)
    )
    row = connection.execute(query).mappings().first()
    return _record(dict(row)) if row else None


def first_created_at(connection: Connection, campaign_id: str, police_number: str) -> str | None:
    """When the officer's first version in the campaign was made (versions(...)[0].created_at, without reading
    and decoding every version)."""
    query = (
        select(_D.c.created_at)
        .where(_D.c.campaign_id == campaign_id, _D.c.police_number == police_number)
        .order_by(_D.c.version)
        .limit(1)
    )
    return connection.execute(query).scalar_one_or_none()


def _newest_versions(campaign_id: str, *columns: ColumnElement[Any]) -> Select[*tuple[Any, ...]]:
    """A query of ``columns`` (default: whole rows) of the newest version of every declaration in the campaign."""
    newest = (
        select(_D.c.police_number, func.max(_D.c.version).label("version"))
        .where(_D.c.campaign_id == campaign_id)
        .group_by(_D.c.police_number)
        .subquery()
    )
    return (
        select(*(columns or (_D,)))
        .join(
            newest,
            and_(_D.c.police_number == newest.c.police_number, _D.c.version == newest.c.version),
        )
        .where(_D.c.campaign_id == campaign_id)
    )


def latest_in_campaign(connection: Connection, campaign_id: str) -> dict[str, DeclarationRecord]:
    """The newest version of every officer's declaration in the campaign, by police number."""
    query = _newest_versions(campaign_id)
    return {r["police_number"]: _record(dict(r)) for r in connection.execute(query).mappings()}


def latest_states_in_campaign(connection: Connection, campaign_id: str) -> dict[str, tuple[str, DeclarationStatus]]:
    """latest_in_campaign without the content: police number → (id, status) of the newest version (for a unit of
    50,000 officers, a few MB instead of every declaration)."""
    query = _newest_versions(campaign_id, _D.c.police_number, _D.c.id, _D.c.status)
    return {
        police_number: (declaration_id, DeclarationStatus(status))
        for police_number, declaration_id, status in connection.execute(query)
    }


def records_by_id(connection: Connection, declaration_ids: Sequence[str]) -> dict[str, DeclarationRecord]:
    """The declarations with these ids (one query: give a batch of at most a few thousand), by id."""
    query = select(*_RECORD_COLUMNS).where(_D.c.id.in_(declaration_ids))
    return {row[0]: _record_of(row) for row in connection.execute(query)}


def rows_listed(connection: Connection, declaration_ids: Sequence[str]) -> list[tuple[str, int, int]]:
    """Each of these declarations' id and how many business interests and family members it lists (one query: a
    batch at a time). SQLite counts them itself (its JSON functions, ≈ 10× faster than decoding each declaration
    here; both counts in one query); other servers return the content."""
    if connection.dialect.name == "sqlite":
        query = select(
            _D.c.id,
            func.coalesce(func.json_array_length(_D.c.content, "$.interests"), 0),
            func.coalesce(func.json_array_length(_D.c.content, "$.family_members"), 0),
        ).where(_D.c.id.in_(declaration_ids))
        return [
            (declaration_id, int(interests), int(members))
            for declaration_id, interests, members in connection.execute(query)
        ]
    query = select(_D.c.id, _D.c.content).where(_D.c.id.in_(declaration_ids))
    return [(str(row[0]), *rows_of(str(row[1]))) for row in connection.execute(query)]


def rows_of(content: str) -> tuple[int, int]:
    """How many business interests and family members a stored content (content_json) lists."""
    data = json.loads(content)
    return len(data.get("interests") or ()), len(data.get("family_members") or ())


def signers_named(connection: Connection, declaration_ids: Sequence[str]) -> dict[str, tuple[str, str]]:
    """The police number and name each of these declarations was signed with, by id (a few: decoded here)."""
    query = select(_D.c.id, _D.c.content).where(_D.c.id.in_(declaration_ids))
    named: dict[str, tuple[str, str]] = {}
    for declaration_id, content in connection.execute(query):
        officer = json.loads(content).get("officer") or {}
        named[declaration_id] = (str(officer.get("police_number", "")), str(officer.get("name", "")))
    return named


def previous_declaration(
    connection: Connection, police_number: str, campaign_id: str, *, before: str | None = None
) -> DeclarationRecord | None:
    """The officer's newest declaration in another campaign, to pre-fill a new draft; with ``before`` (an ISO time),
    the newest made no later than that time (what a draft made then was pre-filled from)."""
    # The other campaigns as a list, not `campaign_id != …`: so the (campaign, officer) index finds the officer's
    # rows in each, where the inequality scanned the whole table at every draft, save and signature (quadratic in a
    # store of many officers: decision 111).
    others = select(schema.campaigns.c.id).where(schema.campaigns.c.id != campaign_id)
    conditions = [_D.c.campaign_id.in_(others), _D.c.police_number == police_number]
    if before is not None:
        conditions.append(_D.c.created_at <= before)
    query = select(_D).where(*conditions).order_by(_D.c.created_at.desc(), _D.c.version.desc()).limit(1)
    row = connection.execute(query).mappings().first()
    return _record(dict(row)) if row else None


# -- signatures -----------------------------------------------------------------------------------------------


def signature_values(row: SignatureRow) -> dict[str, object]:
    """The signatures row of ``row`` without its id (the database numbers it)."""
    return {k: getattr(row, k) for k in SignatureRow.__slots__ if k != "id"}


def insert_signature(connection: Connection, row: SignatureRow) -> None:
    connection.execute(_S.insert().values(**signature_values(row)))


def insert_signatures(connection: Connection, rows: Sequence[SignatureRow]) -> None:
    """Many signatures in one executemany, numbered in the order given."""
    if rows:
        connection.execute(_S.insert(), [signature_values(row) for row in rows])


def void_signatures(connection: Connection, declaration_id: str) -> None:
    connection.execute(_S.update().where(_S.c.declaration_id == declaration_id).values(void=True))


def signature_rows(connection: Connection, declaration_id: str) -> list[SignatureRow]:
    query = select(_S).where(_S.c.declaration_id == declaration_id).order_by(_S.c.id)
    return [SignatureRow(**dict(r)) for r in connection.execute(query).mappings()]


def current_signatures(connection: Connection, declaration_id: str) -> tuple[SignatureRow | None, SignatureRow | None]:
    """The officer signature and countersignature that apply now (not void), if any."""
    officer = counter = None
    for row in signature_rows(connection, declaration_id):
        if row.void:
            continue
        if row.kind == OFFICER_KIND:
            officer = row
        elif row.kind == COUNTERSIGN_KIND:
            counter = row
    return officer, counter


#: The columns of a signature row in SignatureRow's order.
_SIGNATURE_COLUMNS = tuple(_S.c[name] for name in SignatureRow.__slots__)


def current_signatures_of(
    connection: Connection, declaration_ids: Sequence[str]
) -> dict[str, tuple[SignatureRow | None, SignatureRow | None]]:
    """current_signatures of many declarations in one query (give a batch of at most a few thousand ids): the
    officer signature and countersignature that apply now (not void; of several, the last written), by id."""
    query = (
        select(*_SIGNATURE_COLUMNS)
        .where(_S.c.declaration_id.in_(declaration_ids), _S.c.void.is_(False))
        .order_by(_S.c.id)
    )
    current: dict[str, list[SignatureRow | None]] = {}
    for values in connection.execute(query):
        row = SignatureRow(*values)
        pair = current.setdefault(row.declaration_id, [None, None])
        if row.kind == OFFICER_KIND:
            pair[0] = row
        elif row.kind == COUNTERSIGN_KIND:
            pair[1] = row
    return {key: (pair[0], pair[1]) for key, pair in current.items()}


def current_signature_values(
    connection: Connection, declaration_ids: Sequence[str]
) -> dict[str, tuple[bytes | None, tuple[str, bytes] | None]]:
    """Of the current signatures of these declarations (as current_signatures_of), only the officer's signature and
    the countersigner's fingerprint and signature, by id: what a batch signature needs, read lightly."""
    query = (
        select(_S.c.declaration_id, _S.c.kind, _S.c.signer_fingerprint, _S.c.signature)
        .where(_S.c.declaration_id.in_(declaration_ids), _S.c.void.is_(False))
        .order_by(_S.c.id)
    )
    current: dict[str, list[object]] = {}
    for declaration_id, kind, fingerprint, signature in connection.execute(query):
        pair = current.setdefault(declaration_id, [None, None])
        if kind == OFFICER_KIND:
            pair[0] = signature
        elif kind == COUNTERSIGN_KIND:
            pair[1] = (fingerprint, signature)
    # The ignore below: pair holds what its kind put there
    return {key: (pair[0], pair[1]) for key, pair in current.items()}  # type: ignore[misc]


def signed_declaration(connection: Connection, record: DeclarationRecord) -> SignedDeclaration:
    return signed_from_rows(record, *current_signatures(connection, record.id))


def signed_from_rows(
    record: DeclarationRecord, officer_row: SignatureRow | None, counter_row: SignatureRow | None
) -> SignedDeclaration:
    """The signed declaration of ``record`` with its current signature rows, already read."""
    officer = None
    if officer_row is not None:
        officer = OfficerSignature(
            declaration_id=record.id,
            version=record.version,
            commitment_sha256=officer_row.commitment_sha256 or "",
            signer_fingerprint=officer_row.signer_fingerprint,
            signed_at=officer_row.signed_at,
            signature=officer_row.signature,
        )
    counter = None
    if counter_row is not None:
        counter = Countersignature(
            officer_public_key=counter_row.officer_public_key or b"",
            opinion=counter_row.opinion or "",
            countersigner_fingerprint=counter_row.signer_fingerprint,
            countersigned_at=counter_row.signed_at,
            signature=counter_row.signature,
            payload_format=counter_row.payload_format,
            # Format 2 covers the id of the version this one supersedes: the store's record of it.
            supersedes=record.supersedes if counter_row.payload_format >= 2 else None,
        )
    return SignedDeclaration(record.declaration, officer, counter)


# -- returns --------------------------------------------------------------------------------------------------


def insert_return(connection: Connection, row: ReturnRow) -> None:
    insert_returns(connection, [row])


def insert_returns(connection: Connection, rows: Sequence[ReturnRow]) -> None:
    if rows:
        connection.execute(
            _R.insert(),
            [
                {
                    "declaration_id": row.declaration_id,
                    "reason": row.reason,
                    "returned_by": row.returned_by,
                    "returned_at": row.returned_at,
                }
                for row in rows
            ],
        )


def returns_of(connection: Connection, declaration_id: str) -> list[ReturnRow]:
    query = select(_R).where(_R.c.declaration_id == declaration_id).order_by(_R.c.id)
    return [
        ReturnRow(r["declaration_id"], r["reason"], r["returned_by"], r["returned_at"])
        for r in connection.execute(query).mappings()
    ]


# -- handwritten signature ------------------------------------------------------------------------------------


def save_handwritten(connection: Connection, declaration_id: str, image_png: bytes, now: str) -> None:
    """Keep (or replace) the drawn signature of a declaration version."""
    import hashlib

    table = schema.handwritten_signatures
    connection.execute(table.delete().where(table.c.declaration_id == declaration_id))
    connection.execute(
        table.insert().values(
            declaration_id=declaration_id,
            image_png=image_png,
            image_sha256=hashlib.sha256(image_png).hexdigest(),
            created_at=now,
        )
    )


def handwritten(connection: Connection, declaration_id: str) -> bytes | None:
    table = schema.handwritten_signatures
    return connection.execute(select(table.c.image_png).where(table.c.declaration_id == declaration_id)).scalar()
