"""Schema version 3: the optional handwritten signature drawn on screen, kept with a declaration version."""

from __future__ import annotations

from sqlalchemy import Column, Connection, ForeignKey, LargeBinary, MetaData, String, Table


def upgrade(connection: Connection) -> None:
    frozen = MetaData()
    Table("declarations", frozen, Column("id", String(32), primary_key=True))
    Table(
        "handwritten_signatures",
        frozen,
        Column("declaration_id", String(32), ForeignKey("declarations.id"), primary_key=True),
        Column("image_png", LargeBinary, nullable=False),
        Column("image_sha256", String(64), nullable=False),
        Column("created_at", String(40), nullable=False),
    ).create(connection)
