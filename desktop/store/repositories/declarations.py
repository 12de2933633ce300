"""Declarations (one row per version), their signatures and returns."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Connection, and_, func, select

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


@dataclass(frozen=True, slots=True)
class ReturnRow:
    declaration_id: str
    reason: str
    returned_by: int
    returned_at: str


def _record(row: dict) -> DeclarationRecord:  # type: ignore[type-arg]
    return DeclarationRecord(
        id=row["id"],
        campaign_id=row["campaign_id"],
        police_number=row["police_number"],
        version=row["version"],
        status=DeclarationStatus(row["status"]),
        declaration=Declaration.from_dict(json.loads(row["content"])),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        supersedes=row["supersedes"],
    )


def content_json(declaration: Declaration) -> str:
    return json.dumps(declaration.to_dict(), ensure_ascii=False, sort_keys=True)


def insert_version(connection: Connection, record: DeclarationRecord) -> None:
    connection.execute(
        _D.insert().values(
            id=record.id,
            campaign_id=record.campaign_id,
            police_number=record.police_number,
            version=record.version,
            status=record.status.value,
            content=content_json(record.declaration),
            created_at=record.created_at,
            updated_at=record.updated_at,
            supersedes=record.supersedes,
        )
    )


def update_content(connection: Connection, declaration_id: str, declaration: Declaration, now: str) -> None:
    connection.execute(
        _D.update().where(_D.c.id == declaration_id).values(content=content_json(declaration), updated_at=now)
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
        select(_D)
        .where(_D.c.campaign_id == campaign_id, _D.c.police_number == police_number)
        .order_by(_D.c.version)
    )
    return [_record(dict(r)) for r in connection.execute(query).mappings()]


def latest(connection: Connection, campaign_id: str, police_number: str) -> DeclarationRecord | None:
    found = versions(connection, campaign_id, police_number)
    return found[-1] if found else None


def latest_in_campaign(connection: Connection, campaign_id: str) -> dict[str, DeclarationRecord]:
    """The newest version of every officer's declaration in the campaign, by police number."""
    newest = (
        select(_D.c.police_number, func.max(_D.c.version).label("version"))
        .where(_D.c.campaign_id == campaign_id)
        .group_by(_D.c.police_number)
        .subquery()
    )
    query = select(_D).join(
        newest,
        and_(_D.c.police_number == newest.c.police_number, _D.c.version == newest.c.version),
    ).where(_D.c.campaign_id == campaign_id)
    return {r["police_number"]: _record(dict(r)) for r in connection.execute(query).mappings()}


def previous_declaration(connection: Connection, police_number: str, campaign_id: str) -> DeclarationRecord | None:
    """The officer's newest declaration in another campaign, to pre-fill a new draft."""
    query = (
        select(_D)
        .where(_D.c.police_number == police_number, _D.c.campaign_id != campaign_id)
        .order_by(_D.c.created_at.desc(), _D.c.version.desc())
        .limit(1)
    )
    row = connection.execute(query).mappings().first()
    return _record(dict(row)) if row else None


# -- signatures -----------------------------------------------------------------------------------------------


def insert_signature(connection: Connection, row: SignatureRow) -> None:
    values = {k: getattr(row, k) for k in SignatureRow.__slots__ if k != "id"}
    connection.execute(_S.insert().values(**values))


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


def signed_declaration(connection: Connection, record: DeclarationRecord) -> SignedDeclaration:
    officer_row, counter_row = current_signatures(connection, record.id)
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
        )
    return SignedDeclaration(record.declaration, officer, counter)


# -- returns --------------------------------------------------------------------------------------------------


def insert_return(connection: Connection, row: ReturnRow) -> None:
    connection.execute(_R.insert().values(declaration_id=row.declaration_id, reason=row.reason,
                                          returned_by=row.returned_by, returned_at=row.returned_at))


def returns_of(connection: Connection, declaration_id: str) -> list[ReturnRow]:
    query = select(_R).where(_R.c.declaration_id == declaration_id).order_by(_R.c.id)
    return [ReturnRow(r["declaration_id"], r["reason"], r["returned_by"], r["returned_at"])
            for r in connection.execute(query).mappings()]


# -- handwritten signature ------------------------------------------------------------------------------------


def save_handwritten(connection: Connection, declaration_id: str, image_png: bytes, now: str) -> None:
    """Keep (or replace) the drawn signature of a declaration version."""
    import hashlib

    table = schema.handwritten_signatures
    connection.execute(table.delete().where(table.c.declaration_id == declaration_id))
    connection.execute(table.insert().values(declaration_id=declaration_id, image_png=image_png,
                                             image_sha256=hashlib.sha256(image_png).hexdigest(), created_at=now))


def handwritten(connection: Connection, declaration_id: str) -> bytes | None:
    table = schema.handwritten_signatures
    return connection.execute(select(table.c.image_png).where(table.c.declaration_id == declaration_id)).scalar()
