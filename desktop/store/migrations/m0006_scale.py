"""Schema version 6: work that does not grow with the size of the store — indexes for looking up one account's keys,
the unit heads and one signer's key, and the findings of each review run kept with it, so that a listing with
nothing changed answers from the stored run instead of running every rule again."""

from __future__ import annotations

from sqlalchemy import Column, Connection, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Table


def findings_table(metadata: MetaData) -> Table:
    """The findings and scores of a review run (desktop.services.inspection.review_reuse), compressed JSON."""
    return Table(
        "review_findings",
        metadata,
        Column("run_id", Integer, ForeignKey("review_runs.id"), primary_key=True),
        Column("format", Integer, nullable=False),
        Column("content", LargeBinary, nullable=False),
    )


def indexes(account_keys: Table, account_roles: Table, signatures: Table) -> list[Index]:
    return [
        Index("ix_account_keys_account", account_keys.c.account_id),
        Index("ix_account_roles_role", account_roles.c.role),
        Index("ix_signatures_signer", signatures.c.signer_fingerprint),
    ]


def upgrade(connection: Connection) -> None:
    frozen = MetaData()
    Table("review_runs", frozen, Column("id", Integer, primary_key=True))
    findings_table(frozen).create(connection)
    account_keys = Table("account_keys", frozen, Column("account_id", Integer))
    account_roles = Table("account_roles", frozen, Column("role", String(16)))
    signatures = Table("signatures", frozen, Column("signer_fingerprint", String(79)))
    for index in indexes(account_keys, account_roles, signatures):
        index.create(connection)
