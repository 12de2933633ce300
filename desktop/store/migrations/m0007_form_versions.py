"""Schema version 7: every record knows its form version (issue 11), and a countersignature its payload format.

- ``campaigns.form_version``, ``declarations.form_version``, ``imported_declarations.form_version``: the version of
  the registration form (desktop/form/) a campaign uses and a declaration was made and signed on. Every row made
  before this version is version 1: that is the only form there was.
- ``signatures.payload_format``: the format of the countersignature payload a head signed (1: as before; 2: it also
  covers the declaration's version number and the id of the version it supersedes). Officer signatures keep 1.
- ``imported_declarations.countersign_format`` and ``imported_declarations.supersedes``: the same, as imported.

Columns are added (ALTER TABLE … ADD COLUMN, portable to PostgreSQL) with a server default, so existing rows get
the value of the old code's records and nothing is copied.
"""

from __future__ import annotations

from sqlalchemy import Column, Connection, Integer, String, text
from sqlalchemy.schema import CreateColumn

_ONE = text("1")


def columns() -> dict[str, list[Column[object]]]:
    """The columns this version adds, by table (schema.py appends the same ones)."""
    return {
        "campaigns": [Column("form_version", Integer, nullable=False, server_default=_ONE)],
        "declarations": [Column("form_version", Integer, nullable=False, server_default=_ONE)],
        "signatures": [Column("payload_format", Integer, nullable=False, server_default=_ONE)],
        "imported_declarations": [
            Column("form_version", Integer, nullable=False, server_default=_ONE),
            Column("countersign_format", Integer, nullable=False, server_default=_ONE),
            Column("supersedes", String(32), nullable=True),
        ],
    }


def upgrade(connection: Connection) -> None:
    dialect = connection.dialect
    for table, added in columns().items():
        for column in added:
            definition = CreateColumn(column).compile(dialect=dialect)
            connection.execute(text(f"ALTER TABLE {table} ADD COLUMN {definition}"))
    # Said once more in plain words: whatever a default may do on some database, every earlier record is version 1.
    for table in ("campaigns", "declarations", "imported_declarations"):
        connection.execute(text(f"UPDATE {table} SET form_version = 1"))
