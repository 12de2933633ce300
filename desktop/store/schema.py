"""The current schema, as SQLAlchemy Core tables. Portable types only: the inspectors' store also runs on PostgreSQL.

Migrations in desktop/store/migrations/ build this shape step by step; a test checks that they agree.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

units = Table(
    "units",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("parent_code", String(32), ForeignKey("units.code"), nullable=True),
    Column("jurisdiction", Text, nullable=False, default=""),
)

officers = Table(
    "officers",
    metadata,
    Column("police_number", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("id_number", String(18), nullable=False),
    Column("unit_code", String(32), ForeignKey("units.code"), nullable=False),
    Column("position", Text, nullable=False, default=""),
    Column("rank_level", Text, nullable=False, default=""),
    Column("is_leadership_member", Boolean, nullable=False, default=False),
    Column("is_unit_head", Boolean, nullable=False, default=False),
    Column("is_division_level", Boolean, nullable=False, default=False),
    Column("on_roster", Boolean, nullable=False, default=True),
)

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("login", String(64), nullable=False, unique=True),
    Column("police_number", String(32), ForeignKey("officers.police_number"), nullable=True),
    Column("unit_code", String(32), ForeignKey("units.code"), nullable=True),
    Column("display_name", Text, nullable=False, default=""),
    Column("created_at", String(40), nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("must_change_password", Boolean, nullable=False, default=False),
)

account_roles = Table(
    "account_roles",
    metadata,
    Column("account_id", Integer, ForeignKey("accounts.id"), primary_key=True),
    Column("role", String(16), primary_key=True),
)

account_keys = Table(
    "account_keys",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("public_key", LargeBinary(32), nullable=False),
    Column("fingerprint", String(79), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("retired_at", String(40), nullable=True),
    UniqueConstraint("fingerprint", name="uq_account_keys_fingerprint"),
)
