"""Schema version 12: a review run's outcome recorded row by row, and the kept views' keys as long as they are.

- ``review_run_findings``: one row per finding of a run (decision 131), in the run's order (``seq``), each with
  the particulars of its subject, so that a report or a listing on a database server reads the run in the order it
  shows, a few rows at a time, instead of one compressed JSON document holding the whole run (about 260 MB to make
  at 500,000 declarations). A run recorded before keeps its document (``review_findings.format`` 1) and is read as
  before; a run recorded now has a small header there (format 2) and its findings here.
- ``review_scores.name`` and ``review_scores.declaration_row``: what a score shows that the table did not hold (the
  row was in the subject's text only). Nullable: scores recorded before have neither, and their run is read from
  its document.
- ``review_listings.language`` widened from 16 to 64 characters: it holds the key of any view kept with a run, and
  the Findings tab's (``findings-tab.2:zh_CN``) has 20, which PostgreSQL refused (SQLite does not check a length).
"""

from __future__ import annotations

from sqlalchemy import Column, Connection, ForeignKey, Integer, MetaData, String, Table, Text, inspect, text
from sqlalchemy.schema import CreateColumn

#: The length of ``review_listings.language`` from this version on.
LISTING_KEY_LENGTH = 64


def findings_rows_table(metadata: MetaData) -> Table:
    """The findings of a review run, one row each (desktop.services.inspection.run_rows)."""
    return Table(
        "review_run_findings",
        metadata,
        Column("run_id", Integer, ForeignKey("review_runs.id"), primary_key=True),
        Column("seq", Integer, primary_key=True, autoincrement=False),  # the finding's place in the run
        Column("rule", String(48), nullable=False),
        Column("subject", String(48), nullable=False),
        Column("declaration_row", Integer, nullable=True),
        Column("declaration_id", String(32), nullable=True),
        Column("police_number", String(32), nullable=False),
        Column("name", Text, nullable=False),
        Column("unit_code", String(32), nullable=False),
        Column("weight", Integer, nullable=False),
        Column("message", Text, nullable=False),  # the English template
        Column("params", Text, nullable=False),  # JSON object: the template's fields
        Column("notes", Text, nullable=False),  # JSON list of [template, fields]
    )


def score_columns() -> list[Column[object]]:
    """The columns this version adds to ``review_scores`` (schema.py appends the same ones)."""
    return [Column("name", Text, nullable=True), Column("declaration_row", Integer, nullable=True)]


def upgrade(connection: Connection) -> None:
    """Idempotent: a store whose recorded version was set back (tests do, to replay version 11) upgrades again."""
    frozen = MetaData()
    Table("review_runs", frozen, Column("id", Integer, primary_key=True))
    findings_rows_table(frozen).create(connection, checkfirst=True)
    dialect = connection.dialect
    present = {column["name"] for column in inspect(connection).get_columns("review_scores")}
    for column in score_columns():
        if column.name in present:
            continue
        definition = CreateColumn(column).compile(dialect=dialect)
        connection.execute(text(f"ALTER TABLE review_scores ADD COLUMN {definition}"))
    if dialect.name != "sqlite":  # SQLite keeps any length in a VARCHAR column (and cannot alter one)
        connection.execute(
            text(f"ALTER TABLE review_listings ALTER COLUMN language TYPE VARCHAR({LISTING_KEY_LENGTH})")
        )
