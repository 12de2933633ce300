"""Schema version 2: campaigns, declarations and their versions, signatures, returns, and the audit log."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)


def upgrade(connection: Connection) -> None:
    frozen = MetaData()
    # Referenced tables, as they stood at version 1, so the foreign keys resolve.
    Table("officers", frozen, Column("police_number", String(32), primary_key=True))
    Table("accounts", frozen, Column("id", Integer, primary_key=True))
    new = [
        Table(
            "campaigns",
            frozen,
            Column("id", String(32), primary_key=True),
            Column("name", Text, nullable=False),
            Column("start_date", String(10), nullable=False),
            Column("deadline", String(10), nullable=False),
            Column("commitment_text", Text, nullable=False),
            Column("commitment_version", String(32), nullable=False),
            Column("commitment_sha256", String(64), nullable=False),
            Column("created_at", String(40), nullable=False),
            Column("created_by", String(64), nullable=False),
        ),
        Table(
            "declarations",
            frozen,
            Column("id", String(32), primary_key=True),
            Column("campaign_id", String(32), ForeignKey("campaigns.id"), nullable=False),
            Column("police_number", String(32), ForeignKey("officers.police_number"), nullable=False),
            Column("version", Integer, nullable=False),
            Column("status", String(16), nullable=False),
            Column("content", Text, nullable=False),
            Column("created_at", String(40), nullable=False),
            Column("updated_at", String(40), nullable=False),
            Column("supersedes", String(32), nullable=True),
            UniqueConstraint("campaign_id", "police_number", "version", name="uq_declaration_version"),
            Index("ix_declarations_campaign_officer", "campaign_id", "police_number"),
        ),
        Table(
            "signatures",
            frozen,
            Column("id", Integer, primary_key=True, autoincrement=True),
            Column("declaration_id", String(32), ForeignKey("declarations.id"), nullable=False, index=True),
            Column("kind", String(16), nullable=False),
            Column("signer_account_id", Integer, ForeignKey("accounts.id"), nullable=True),
            Column("signer_fingerprint", String(79), nullable=False),
            Column("signed_at", String(40), nullable=False),
            Column("commitment_sha256", String(64), nullable=True),
            Column("opinion", Text, nullable=True),
            Column("officer_public_key", LargeBinary(32), nullable=True),
            Column("signature", LargeBinary(64), nullable=False),
            Column("is_late", Boolean, nullable=False),
            Column("void", Boolean, nullable=False),
        ),
        Table(
            "returns",
            frozen,
            Column("id", Integer, primary_key=True, autoincrement=True),
            Column("declaration_id", String(32), ForeignKey("declarations.id"), nullable=False, index=True),
            Column("reason", Text, nullable=False),
            Column("returned_by", Integer, ForeignKey("accounts.id"), nullable=False),
            Column("returned_at", String(40), nullable=False),
        ),
        Table(
            "audit_log",
            frozen,
            Column("seq", Integer, primary_key=True, autoincrement=False),
            Column("at", String(40), nullable=False),
            Column("actor", String(64), nullable=False),
            Column("action", String(32), nullable=False),
            Column("subject", String(64), nullable=False),
            Column("details", Text, nullable=False),
            Column("prev_hash", String(64), nullable=False),
            Column("hash", String(64), nullable=False),
        ),
    ]
    for table in new:
        table.create(connection)
