"""Schema version 1: units, officers, accounts, their roles and key history."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    ForeignKey,
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
    Table("meta", frozen, Column("key", String(64), primary_key=True), Column("value", Text, nullable=False))
    Table(
        "units",
        frozen,
        Column("code", String(32), primary_key=True),
        Column("name", Text, nullable=False),
        Column("parent_code", String(32), ForeignKey("units.code"), nullable=True),
        Column("jurisdiction", Text, nullable=False),
    )
    Table(
        "officers",
        frozen,
        Column("police_number", String(32), primary_key=True),
        Column("name", Text, nullable=False),
        Column("id_number", String(18), nullable=False),
        Column("unit_code", String(32), ForeignKey("units.code"), nullable=False),
        Column("position", Text, nullable=False),
        Column("rank_level", Text, nullable=False),
        Column("is_leadership_member", Boolean, nullable=False),
        Column("is_unit_head", Boolean, nullable=False),
        Column("is_division_level", Boolean, nullable=False),
        Column("on_roster", Boolean, nullable=False),
    )
    Table(
        "accounts",
        frozen,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("login", String(64), nullable=False, unique=True),
        Column("police_number", String(32), ForeignKey("officers.police_number"), nullable=True),
        Column("unit_code", String(32), ForeignKey("units.code"), nullable=True),
        Column("display_name", Text, nullable=False),
        Column("created_at", String(40), nullable=False),
        Column("disabled", Boolean, nullable=False),
        Column("must_change_password", Boolean, nullable=False),
    )
    Table(
        "account_roles",
        frozen,
        Column("account_id", Integer, ForeignKey("accounts.id"), primary_key=True),
        Column("role", String(16), primary_key=True),
    )
    Table(
        "account_keys",
        frozen,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
        Column("public_key", LargeBinary(32), nullable=False),
        Column("fingerprint", String(79), nullable=False),
        Column("created_at", String(40), nullable=False),
        Column("retired_at", String(40), nullable=True),
        UniqueConstraint("fingerprint", name="uq_account_keys_fingerprint"),
    )
    frozen.create_all(connection)
