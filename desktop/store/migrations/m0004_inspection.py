"""Schema version 4: the inspectors' side — imported workbooks, their declarations, interests, keys and missing
officers, each declaration with the result of verifying it."""

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


def tables(metadata: MetaData) -> list[Table]:
    """The tables of this version, on ``metadata`` (also used by schema.py: the shape is the same)."""
    return [
        Table(
            "imported_workbooks",
            metadata,
            Column("id", String(64), primary_key=True),  # SHA-256 of the batch payload: the content's identity
            Column("file_name", Text, nullable=False),
            Column("file_sha256", String(64), nullable=False),
            Column("imported_at", String(40), nullable=False),
            Column("imported_by", String(64), nullable=False),
            Column("kind", String(16), nullable=False),
            Column("unit_code", String(32), nullable=False),
            Column("unit_name", Text, nullable=False),
            Column("campaign_id", String(32), nullable=False),
            Column("campaign_name", Text, nullable=False),
            Column("campaign_deadline", String(10), nullable=False),
            Column("commitment_sha256", String(64), nullable=False),
            Column("exporter_fingerprint", String(79), nullable=False),
            Column("exporter_name", Text, nullable=False),
            Column("exported_at", String(40), nullable=False),
            Column("declarations", Integer, nullable=False),
            Column("missing", Integer, nullable=False),
            Column("valid", Boolean, nullable=False),
            Column("problems", Text, nullable=False),  # JSON: workbook-level verification problems
        ),
        Table(
            "imported_declarations",
            metadata,
            Column("id", Integer, primary_key=True, autoincrement=True),
            Column("workbook_id", String(64), ForeignKey("imported_workbooks.id"), nullable=False),
            Column("declaration_id", String(32), nullable=False),
            Column("version", Integer, nullable=False),
            Column("campaign_id", String(32), nullable=False),
            Column("police_number", String(32), nullable=False),
            Column("name", Text, nullable=False),
            Column("id_number", String(18), nullable=False),
            Column("unit_code", String(32), nullable=False),
            Column("unit_name", Text, nullable=False),
            Column("is_leadership_member", Boolean, nullable=False),
            Column("is_unit_head", Boolean, nullable=False),
            Column("is_division_level", Boolean, nullable=False),
            Column("content", Text, nullable=False),
            Column("signed_at", String(40), nullable=True),
            Column("signer_fingerprint", String(79), nullable=True),
            Column("officer_signature", LargeBinary(64), nullable=True),
            Column("commitment_sha256", String(64), nullable=True),
            Column("countersigned_at", String(40), nullable=True),
            Column("countersigner_fingerprint", String(79), nullable=True),
            Column("opinion", Text, nullable=True),
            Column("officer_public_key", LargeBinary(32), nullable=True),
            Column("countersignature", LargeBinary(64), nullable=True),
            Column("late", Boolean, nullable=False),
            Column("valid", Boolean, nullable=False),
            Column("failures", Text, nullable=False),  # JSON list of failure codes
            Column("sheet_row", Integer, nullable=False),
            UniqueConstraint("workbook_id", "declaration_id", name="uq_imported_declaration"),
            Index("ix_imported_declarations_officer", "police_number"),
            Index("ix_imported_declarations_declaration", "declaration_id"),
        ),
        Table(
            "imported_interests",
            metadata,
            Column("id", Integer, primary_key=True, autoincrement=True),
            Column("declaration_row", Integer, ForeignKey("imported_declarations.id"), nullable=False, index=True),
            Column("row_no", Integer, nullable=False),
            Column("question", String(32), nullable=False),
            Column("relation", String(32), nullable=False),
            Column("holder_name", Text, nullable=False),
            Column("holder_id_number", String(18), nullable=False),
            Column("enterprise_name", Text, nullable=False),
            Column("uscc", String(18), nullable=False),
            Column("trade_code", String(32), nullable=False),
            Column("share_percent", String(24), nullable=True),
            Column("capital_wan", String(24), nullable=True),
            Column("start_date", String(10), nullable=True),
            Column("end_date", String(10), nullable=True),
            Column("status", String(16), nullable=False),
            Column("within_jurisdiction", Boolean, nullable=False),
            Column("related_to_duties", Boolean, nullable=False),
        ),
        Table(
            "imported_keys",
            metadata,
            Column("fingerprint", String(79), primary_key=True),
            Column("public_key", LargeBinary(32), nullable=False),
            Column("role", String(16), nullable=False),
            Column("login", String(64), nullable=False),
            Column("police_number", String(32), nullable=False),
            Column("name", Text, nullable=False),
            Column("unit_code", String(32), nullable=False),
            Column("first_workbook_id", String(64), nullable=False),
        ),
        Table(
            "imported_missing",
            metadata,
            Column("id", Integer, primary_key=True, autoincrement=True),
            Column("workbook_id", String(64), ForeignKey("imported_workbooks.id"), nullable=False, index=True),
            Column("police_number", String(32), nullable=False),
            Column("name", Text, nullable=False),
            Column("unit_code", String(32), nullable=False),
            Column("unit_name", Text, nullable=False),
            Column("status", String(16), nullable=False),
        ),
    ]


def upgrade(connection: Connection) -> None:
    frozen = MetaData()
    for table in tables(frozen):
        table.create(connection)
