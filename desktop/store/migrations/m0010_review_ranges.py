"""Schema version 10: the review's digests indexed by campaign and police number, so that the chunked review (a
province on the team server, desktop.review.chunked) reads each range of officers through the index instead of
scanning the campaign's digests once per range."""

from __future__ import annotations

from sqlalchemy import Column, Connection, Index, Integer, MetaData, String, Table


def digest_range_index(review_digests: Table) -> Index:
    return Index("ix_review_digests_campaign_officer", review_digests.c.campaign_id, review_digests.c.police_number)


def upgrade(connection: Connection) -> None:
    frozen = Table(
        "review_digests",
        MetaData(),
        Column("declaration_row", Integer, primary_key=True),
        Column("campaign_id", String(32)),
        Column("police_number", String(32)),
    )
    digest_range_index(frozen).create(connection)
