"""Schema version 9: a review run's findings listing kept rendered, per language, so that listing the findings with
nothing changed since the run reads one compressed row instead of rebuilding and translating every finding."""

from __future__ import annotations

from sqlalchemy import Column, Connection, ForeignKey, Integer, LargeBinary, MetaData, String, Table


def listings_table(metadata: MetaData) -> Table:
    """The rendered listing of a review run in one language (desktop.services.inspection.listing), compressed JSON."""
    return Table(
        "review_listings",
        metadata,
        Column("run_id", Integer, ForeignKey("review_runs.id"), primary_key=True),
        Column("language", String(16), primary_key=True),
        Column("format", Integer, nullable=False),
        Column("content", LargeBinary, nullable=False),
    )


def upgrade(connection: Connection) -> None:
    frozen = MetaData()
    Table("review_runs", frozen, Column("id", Integer, primary_key=True))
    listings_table(frozen).create(connection)
