"""Schema version 5: central verification — the inspectors' trusted head keys, review runs with each declaration's
risk score (and the reason it was cleared automatically), a digest of each imported declaration for the rules,
conclusions, and leads with their follow-up state."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)


def tables(metadata: MetaData) -> list[Table]:
    """The tables of this version, on ``metadata`` (also used by schema.py: the shape is the same)."""
    return [
        Table(
            "trusted_keys",
            metadata,
            Column("fingerprint", String(79), primary_key=True),
            Column("police_number", String(32), nullable=False),
            Column("login", String(64), nullable=False),
            Column("name", Text, nullable=False),
            Column("unit_code", String(32), nullable=False),
            Column("trusted_by", String(64), nullable=False),
            Column("trusted_at", String(40), nullable=False),
            Column("note", Text, nullable=False),
        ),
        Table(
            "review_runs",
            metadata,
            Column("id", Integer, primary_key=True, autoincrement=True),
            Column("campaign_id", String(32), nullable=False),
            Column("run_at", String(40), nullable=False),
            Column("run_by", String(64), nullable=False),
            Column("threshold", Integer, nullable=False),
            Column("rules_version", String(16), nullable=False),
            Column("data_signature", String(64), nullable=False),  # what was reviewed: data, trust, threshold
            Column("subjects", Integer, nullable=False),
            Column("flagged", Integer, nullable=False),
            Column("cleared", Integer, nullable=False),
            Column("findings", Integer, nullable=False),
            Index("ix_review_runs_campaign", "campaign_id"),
        ),
        Table(
            "review_scores",
            metadata,
            Column("run_id", Integer, ForeignKey("review_runs.id"), primary_key=True),
            Column("subject", String(48), primary_key=True),  # "row:<imported_declarations.id>" or "officer:<no>"
            Column("declaration_id", String(32), nullable=True),
            Column("police_number", String(32), nullable=False),
            Column("unit_code", String(32), nullable=False),
            Column("score", Integer, nullable=False),
            Column("cleared", Boolean, nullable=False),
            Column("reason", Text, nullable=False),  # JSON: rules fired with weights, threshold
        ),
        Table(
            # Derived from imported_declarations and imported_interests, once per row (desktop.review.digest):
            # everything the rules read of a declaration, in one small row.
            "review_digests",
            metadata,
            Column("declaration_row", Integer, primary_key=True, autoincrement=False),
            Column("campaign_id", String(32), nullable=False, index=True),
            Column("workbook_id", String(64), nullable=False),
            Column("declaration_id", String(32), nullable=False),
            Column("version", Integer, nullable=False),
            Column("police_number", String(32), nullable=False),
            Column("name", Text, nullable=False),
            Column("id_number", String(18), nullable=False),
            Column("unit_code", String(32), nullable=False),
            Column("unit_name", Text, nullable=False),
            Column("is_leadership_member", Boolean, nullable=False),
            Column("is_unit_head", Boolean, nullable=False),
            Column("is_division_level", Boolean, nullable=False),
            Column("answers", String(8), nullable=False),
            Column("signed_at", String(40), nullable=True),
            Column("signer_fingerprint", String(79), nullable=True),
            Column("countersigned_at", String(40), nullable=True),
            Column("countersigner_fingerprint", String(79), nullable=True),
            Column("valid", Boolean, nullable=False),
            Column("failures", Text, nullable=False),
            Column("interests", Text, nullable=False),
        ),
        Table(
            "conclusions",
            metadata,
            Column("id", Integer, primary_key=True, autoincrement=True),
            Column("campaign_id", String(32), nullable=False),
            Column("declaration_id", String(32), nullable=True),  # None: an officer without a declaration
            Column("police_number", String(32), nullable=False),
            Column("unit_code", String(32), nullable=False),
            Column("kind", String(16), nullable=False),
            Column("note", Text, nullable=False),
            Column("inspector", String(64), nullable=False),
            Column("concluded_at", String(40), nullable=False),
            Index("ix_conclusions_officer", "campaign_id", "police_number"),
        ),
        Table(
            "leads",
            metadata,
            Column("id", Integer, primary_key=True, autoincrement=True),
            Column("conclusion_id", Integer, ForeignKey("conclusions.id"), nullable=False, unique=True),
            Column("campaign_id", String(32), nullable=False),
            Column("declaration_id", String(32), nullable=True),
            Column("police_number", String(32), nullable=False),
            Column("unit_code", String(32), nullable=False),
            Column("state", String(16), nullable=False),
            Column("updated_at", String(40), nullable=False),
            Column("updated_by", String(64), nullable=False),
            Column("note", Text, nullable=False),
        ),
    ]


def campaign_index(imported_declarations: Table) -> Index:
    """Reviewing one campaign reads its declarations' leading columns often: this index covers them, so that the
    earlier campaigns' rows are found without reading their content (SQLite and PostgreSQL alike)."""
    c = imported_declarations.c
    return Index("ix_imported_declarations_campaign", c.campaign_id, c.police_number, c.unit_code, c.is_unit_head)


def upgrade(connection: Connection) -> None:
    frozen = MetaData()
    for table in tables(frozen):
        table.create(connection)
    imported = Table(
        "imported_declarations",
        frozen,
        Column("id", Integer, primary_key=True),
        Column("campaign_id", String(32)),
        Column("police_number", String(32)),
        Column("unit_code", String(32)),
        Column("is_unit_head", Boolean),
    )
    campaign_index(imported).create(connection)
