"""Schema version 11: the review digests of declarations made on form version 2 or later are dropped, to be made
again. Until decision 95 a digest packed only form version 1's single "role" of each interest, so a version 2
declaration's digest held no roles and a nominee among them went unseen; digests are made once and kept, so a store
that imported version 2 workbooks before the fix would have gone on missing them. A digest is derived data, made
again from the signed content at the next review (desktop.review.digest.store_digests); nothing else is lost."""

from __future__ import annotations

from sqlalchemy import Column, Connection, Integer, MetaData, Table, delete


def upgrade(connection: Connection) -> None:
    frozen = Table(
        "review_digests",
        MetaData(),
        Column("declaration_row", Integer, primary_key=True),
        Column("form_version", Integer),
    )
    connection.execute(delete(frozen).where(frozen.c.form_version >= 2))
