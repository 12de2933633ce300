"""Schema version 8: registers (比对核查) — extracts of other departments' registers imported by the inspectors (the
market-regulation register of enterprises and their people, the police's special-trade licences, any other list
through a column mapping the store remembers), and the people each imported declaration names (the officer, the
listed family members, the holders of its interests), made once per declaration for matching against them.

Depends on version 6 only (version 7 adds the form versions)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    ForeignKey,
    ForeignKeyConstraint,
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
            "register_extracts",
            metadata,
            Column("id", String(32), primary_key=True),
            Column("kind", String(16), nullable=False),  # enterprise, licence, other
            Column("source", Text, nullable=False),  # the file's name
            Column("label", Text, nullable=False),  # what the inspector calls it (department, date of the extract)
            Column("file_sha256", String(64), nullable=False),
            Column("encoding", String(16), nullable=False),  # xlsx, UTF-8, UTF-8 (BOM), GBK, GB18030
            Column("imported_at", String(40), nullable=False),
            Column("imported_by", String(64), nullable=False),
            Column("rows", Integer, nullable=False),
            Column("enterprises", Integer, nullable=False),
            Column("people", Integer, nullable=False),
            Column("skipped", Integer, nullable=False),  # bad rows left out on request
            Column("mapping", Text, nullable=False),  # JSON: heading → field, as used for this file
        ),
        Table(
            "register_enterprises",
            metadata,
            Column("extract_id", String(32), ForeignKey("register_extracts.id"), primary_key=True),
            Column("number", Integer, primary_key=True, autoincrement=False),
            Column("row_no", Integer, nullable=False),  # the first row that names it
            Column("name", Text, nullable=False),
            Column("uscc", String(18), nullable=False),
            Column("enterprise_type", Text, nullable=False),
            Column("status", Text, nullable=False),
            Column("active", Boolean, nullable=False),
            Column("established", String(10), nullable=True),
            Column("address", Text, nullable=False),
            Column("scope", Text, nullable=False),
            Column("capital", Text, nullable=False),
            Column("licence_number", Text, nullable=False),
            Column("trade", Text, nullable=False),
            Column("trade_code", String(32), nullable=False),
            Column("police_unit", Text, nullable=False),
        ),
        Table(
            "register_people",
            metadata,
            Column("extract_id", String(32), primary_key=True),
            Column("number", Integer, primary_key=True, autoincrement=False),
            Column("enterprise", Integer, nullable=False),
            Column("row_no", Integer, nullable=False),
            Column("name", Text, nullable=False),
            # No index on the ID number or the name: matching reads every person once, in one pass (an index would
            # only slow the import of a million rows down).
            Column("name_key", Text, nullable=False),  # the name in normal form, for matching
            Column("id_number", String(18), nullable=False),  # full, masked ('*' where hidden) or ""
            Column("id_kind", String(8), nullable=False),  # full, masked or ""
            Column("birth_date", String(10), nullable=True),
            Column("role", String(24), nullable=False),
            Column("role_text", Text, nullable=False),
            Column("position", Text, nullable=False),
            Column("share_percent", String(24), nullable=True),
            Column("subscribed_capital", Text, nullable=False),
            ForeignKeyConstraint(
                ["extract_id", "enterprise"], ["register_enterprises.extract_id", "register_enterprises.number"]
            ),
        ),
        Table(
            "register_mappings",
            metadata,
            Column("name", String(100), primary_key=True),
            Column("kind", String(16), nullable=False),
            Column("columns", Text, nullable=False),  # JSON: heading → field
            Column("updated_at", String(40), nullable=False),
            Column("updated_by", String(64), nullable=False),
        ),
        Table(
            "declared_people",
            metadata,
            Column("declaration_row", Integer, ForeignKey("imported_declarations.id"), primary_key=True),
            Column("seq", Integer, primary_key=True, autoincrement=False),  # 0 is the officer
            Column("relation", String(32), nullable=False),  # "self" for the officer
            Column("member_id", String(8), nullable=False),
            Column("name", Text, nullable=False),
            Column("id_number", String(18), nullable=False),
        ),
    ]


def upgrade(connection: Connection) -> None:
    frozen = MetaData()
    Table("imported_declarations", frozen, Column("id", Integer, primary_key=True))
    for table in tables(frozen):
        table.create(connection)
