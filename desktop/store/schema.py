"""The current schema, as SQLAlchemy Core tables. Portable types only: the inspectors' store also runs on PostgreSQL.

Migrations in desktop/store/migrations/ build this shape step by step; a test checks that they agree.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
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

campaigns = Table(
    "campaigns",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("start_date", String(10), nullable=False),
    Column("deadline", String(10), nullable=False),
    Column("commitment_text", Text, nullable=False),
    Column("commitment_version", String(32), nullable=False),
    Column("commitment_sha256", String(64), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("created_by", String(64), nullable=False),
)

#: One row per version of an officer's declaration in a campaign; ``content`` is Declaration.to_dict() as JSON.
declarations = Table(
    "declarations",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("campaign_id", String(32), ForeignKey("campaigns.id"), nullable=False),
    Column("police_number", String(32), ForeignKey("officers.police_number"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("content", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
    Column("supersedes", String(32), nullable=True),
    UniqueConstraint("campaign_id", "police_number", "version", name="uq_declaration_version"),
    Index("ix_declarations_campaign_officer", "campaign_id", "police_number"),
)

#: Officer signatures and countersignatures. ``void`` marks one that no longer applies (returned, re-signed).
signatures = Table(
    "signatures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("declaration_id", String(32), ForeignKey("declarations.id"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("signer_account_id", Integer, ForeignKey("accounts.id"), nullable=True),
    Column("signer_fingerprint", String(79), nullable=False),
    Column("signed_at", String(40), nullable=False),
    Column("commitment_sha256", String(64), nullable=True),
    Column("opinion", Text, nullable=True),
    Column("officer_public_key", LargeBinary(32), nullable=True),
    Column("signature", LargeBinary(64), nullable=False),
    Column("is_late", Boolean, nullable=False),
    Column("void", Boolean, nullable=False),
)

returns = Table(
    "returns",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("declaration_id", String(32), ForeignKey("declarations.id"), nullable=False, index=True),
    Column("reason", Text, nullable=False),
    Column("returned_by", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("returned_at", String(40), nullable=False),
)

#: Append-only, hash-chained. ``hash`` = SHA-256 of the canonical entry including ``prev_hash``.
audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", String(40), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("action", String(32), nullable=False),
    Column("subject", String(64), nullable=False),
    Column("details", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

#: The optional handwritten signature (a PNG drawn on screen). Shown and printed with the declaration; the Ed25519
#: signature is what proves it, so the image is kept beside the signed content, not inside it.
handwritten_signatures = Table(
    "handwritten_signatures",
    metadata,
    Column("declaration_id", String(32), ForeignKey("declarations.id"), primary_key=True),
    Column("image_png", LargeBinary, nullable=False),
    Column("image_sha256", String(64), nullable=False),
    Column("created_at", String(40), nullable=False),
)

# The inspectors' side (schema version 4): the same definitions as the migration, which is still the newest shape.
from desktop.store.migrations.m0004_inspection import tables as _inspection_tables  # noqa: E402

(imported_workbooks, imported_declarations, imported_interests, imported_keys, imported_missing) = _inspection_tables(
    metadata
)

# Central verification (schema version 5): trusted keys, review runs and scores, conclusions, leads.
from desktop.store.migrations.m0005_review import campaign_index as _campaign_index  # noqa: E402
from desktop.store.migrations.m0005_review import tables as _review_tables  # noqa: E402

trusted_keys, review_runs, review_scores, review_digests, conclusions, leads = _review_tables(metadata)
_campaign_index(imported_declarations)

# Schema version 6: indexes so that signing and countersigning do not grow with the accounts; stored review findings.
from desktop.store.migrations.m0006_scale import findings_table as _findings_table  # noqa: E402
from desktop.store.migrations.m0006_scale import indexes as _scale_indexes  # noqa: E402

review_findings = _findings_table(metadata)
_scale_indexes(account_keys, account_roles, signatures)

# Schema version 7: the form version of campaigns and declarations, the countersignature payload format.
from desktop.store.migrations.m0007_form_versions import columns as _form_version_columns  # noqa: E402

for _table_name, _added in _form_version_columns().items():
    for _column in _added:
        metadata.tables[_table_name].append_column(_column)

# Schema version 8: registers (比对核查) and the people each imported declaration names.
from desktop.store.migrations.m0008_registers import tables as _register_tables  # noqa: E402

register_extracts, register_enterprises, register_people, register_mappings, declared_people = _register_tables(
    metadata
)

# Schema version 9: each review run's findings listing, rendered per language.
from desktop.store.migrations.m0009_listings import listings_table as _listings_table  # noqa: E402

review_listings = _listings_table(metadata)

# Schema version 10: the digests by campaign and police number (the chunked review's ranges of officers).
from desktop.store.migrations.m0010_review_ranges import digest_range_index as _digest_range_index  # noqa: E402

_digest_range_index(review_digests)

# Schema version 12: a run's findings row by row, the scores' names and rows, the kept views' longer keys.
from desktop.store.migrations.m0012_run_rows import LISTING_KEY_LENGTH as _LISTING_KEY_LENGTH  # noqa: E402
from desktop.store.migrations.m0012_run_rows import findings_rows_table as _findings_rows_table  # noqa: E402
from desktop.store.migrations.m0012_run_rows import score_columns as _score_columns  # noqa: E402

review_run_findings = _findings_rows_table(metadata)
for _column in _score_columns():
    review_scores.append_column(_column)
review_listings.c.language.type = String(_LISTING_KEY_LENGTH)
