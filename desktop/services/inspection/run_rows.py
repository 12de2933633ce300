"""A review run's outcome as rows (schema version 12, decision 131): each score in ``review_scores`` with its
subject's particulars, each finding in ``review_run_findings`` in the run's order, and a small header in
``review_findings`` (format 2). Recording writes a few thousand rows at a time, never one document of the whole run;
a report or a listing reads them back in the order it shows them, sorted by the database, a few at a time.

The order a report and a listing show (highest score first, then unit, police number, subject, and a subject's
findings in the run's order) is compared as Python compares texts, by code point: on PostgreSQL with the "C"
collation (a server's default collation may sort by language), on SQLite with its binary one.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Select, and_, select
from sqlalchemy.sql.elements import ColumnElement

from desktop.review.findings import Finding, Note, ShownFinding
from desktop.review.registers.loading import stream_tuples
from desktop.review.scoring import Score
from desktop.store import schema

if TYPE_CHECKING:  # the engine imports every rule: the listing's quick path needs none
    from desktop.review.engine import Review

#: ``review_findings.format`` of a run recorded as rows (1: one JSON document, review_reuse).
ROWS_FORMAT = 2
#: Rows inserted at once.
BATCH = 5000
#: Rows fetched at once when a run is read in order.
STREAMED = 5000

_F, _S = schema.review_run_findings, schema.review_scores


def finding_rows(run_id: int, findings: Iterable[Finding], start: int = 0) -> Iterator[list[dict[str, object]]]:
    """The ``review_run_findings`` rows of ``findings``, BATCH at a time, the first at place ``start`` in the run."""
    batch: list[dict[str, object]] = []
    for seq, f in enumerate(findings, start):
        _check_fields(f.params)
        for _template, fields in f.notes:
            _check_fields(fields)
        batch.append(
            {
                "run_id": run_id,
                "seq": seq,
                "rule": f.rule,
                "subject": f.subject,
                "declaration_row": f.declaration_row,
                "declaration_id": f.declaration_id,
                "police_number": f.police_number,
                "name": f.name,
                "unit_code": f.unit_code,
                "weight": f.weight,
                "message": f.message,
                "params": _json(f.params),
                "notes": _json([[template, fields] for template, fields in f.notes]),
            }
        )
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def save_rows(connection: Connection, run_id: int, review: Review) -> None:
    """Record the findings of ``review`` as rows of run ``run_id`` (its scores are recorded by the caller, with
    their names and rows) and the run's header."""
    for rows in finding_rows(run_id, review.findings):
        connection.execute(_F.insert(), rows)
    save_header(connection, run_id, review.declaration_count)


def save_header(connection: Connection, run_id: int, declarations: int) -> None:
    """The header of run ``run_id`` recorded as rows: its layout, and the number of declarations it reviewed."""
    from desktop.services.inspection.review_reuse import packed  # the same compression as the document's

    header = packed({"declarations": declarations})
    connection.execute(schema.review_findings.insert().values(run_id=run_id, format=ROWS_FORMAT, content=header))


def recorded_as_rows(connection: Connection, run_id: int) -> bool:
    """Whether run ``run_id`` was recorded as rows (not as one document, or without its findings)."""
    f = schema.review_findings
    found = connection.execute(select(f.c.format).where(f.c.run_id == run_id)).scalar()
    return found == ROWS_FORMAT


def recorded_declarations(connection: Connection, run_id: int) -> int:
    """The number of declarations run ``run_id`` (recorded as rows) reviewed, from its header."""
    f = schema.review_findings
    content = connection.execute(select(f.c.content).where(f.c.run_id == run_id)).scalar_one()
    return int(json.loads(zlib.decompress(content))["declarations"])


def _check_fields(fields: dict[str, object]) -> None:
    """The rules put text and numbers only in a finding's fields (a tuple would come back as a list and render
    differently): checked, as the document's layout checks them."""
    for name, value in fields.items():
        if not isinstance(value, str | int | float | bool | None):
            raise TypeError(f"a finding's field {name} holds a {type(value).__name__}, which JSON does not keep")


def load_rows(connection: Connection, run_id: int) -> tuple[list[Finding], dict[str, Score]]:
    """The findings (in the run's order) and the scores (weights, score and cleared left for the caller) of run
    ``run_id`` recorded as rows."""
    query = select(*_FINDING_COLUMNS).where(_F.c.run_id == run_id).order_by(_F.c.seq)
    findings = [finding_of(row) for row in connection.execute(query)]
    scores = {
        row[0]: Score(*row, {})
        for row in connection.execute(
            select(
                _S.c.subject, _S.c.declaration_row, _S.c.declaration_id, _S.c.police_number, _S.c.name, _S.c.unit_code
            )
            .where(_S.c.run_id == run_id)
            .order_by(_S.c.declaration_row.is_(None), _S.c.declaration_row, _S.c.subject)
        )
    }
    return findings, scores


_FINDING_COLUMNS = (
    _F.c.rule,
    _F.c.subject,
    _F.c.declaration_row,
    _F.c.declaration_id,
    _F.c.police_number,
    _F.c.name,
    _F.c.unit_code,
    _F.c.weight,
    _F.c.message,
    _F.c.params,
    _F.c.notes,
)


_SCORE_COLUMNS = (
    _S.c.subject,
    _S.c.declaration_row,
    _S.c.declaration_id,
    _S.c.police_number,
    _S.c.name,
    _S.c.unit_code,
    _S.c.reason,
    _S.c.score,
    _S.c.cleared,
)


def finding_of(row: Any) -> Finding:
    """The Finding of a ``review_run_findings`` row (its columns as _FINDING_COLUMNS names them)."""
    notes: tuple[Note, ...] = tuple((template, fields) for template, fields in json.loads(row[10]))
    rule, subject, declaration_row, declaration_id, police_number, name, unit_code, weight = row[:8]
    return Finding(
        rule,
        subject,
        declaration_row,
        declaration_id,
        police_number,
        name,
        unit_code,
        weight,
        row[8],
        json.loads(row[9]),
        notes,
    )


def text_order(connection: Connection, column: Any) -> ColumnElement[Any]:
    """``column`` compared by code point, as Python compares texts."""
    ordered: ColumnElement[Any] = column.collate("C") if connection.dialect.name == "postgresql" else column
    return ordered


def shown_findings(
    connection: Connection,
    run_id: int,
    *,
    rules: Iterable[str] | None = None,
    units: Iterable[str] | None = None,
    min_score: int | None = None,
) -> Iterator[ShownFinding]:
    """The findings of run ``run_id``, highest score first, then by unit, police number, subject and the run's
    order (the order ``select_findings`` and the report give), streamed; filtered by rule, unit and least score."""
    where: list[ColumnElement[bool]] = [_F.c.run_id == run_id]
    if rules is not None:
        where.append(_F.c.rule.in_(list(rules)))
    if units is not None:
        where.append(_F.c.unit_code.in_(list(units)))
    if min_score is not None:
        where.append(_S.c.score >= min_score)
    query: Select[Any] = (
        select(*_FINDING_COLUMNS, _S.c.score, _S.c.cleared)
        .select_from(_F.join(_S, and_(_S.c.run_id == _F.c.run_id, _S.c.subject == _F.c.subject)))
        .where(*where)
        .order_by(
            _S.c.score.desc(),
            text_order(connection, _F.c.unit_code),
            text_order(connection, _F.c.police_number),
            text_order(connection, _F.c.subject),
            _F.c.seq,
        )
    )
    for row in stream_tuples(connection, query, STREAMED):
        yield ShownFinding(finding_of(row), int(row[11]), bool(row[12]))


def shown_scores(connection: Connection, run_id: int, rule_order: dict[str, int]) -> Iterator[Score]:
    """The scores of run ``run_id``, highest first, then by unit, police number and subject, streamed; each with
    its rules' weights in the run's order (``rule_order``: a rule's place in the rule set)."""
    query = (
        select(*_SCORE_COLUMNS)
        .where(_S.c.run_id == run_id)
        .order_by(
            _S.c.score.desc(),
            text_order(connection, _S.c.unit_code),
            text_order(connection, _S.c.police_number),
            text_order(connection, _S.c.subject),
        )
    )
    for row in stream_tuples(connection, query, STREAMED):
        yield _score_of(row, rule_order)


def _score_of(row: Any, rule_order: dict[str, int]) -> Score:
    last = len(rule_order)
    fired: dict[str, int] = json.loads(row[6])["rules"]
    weights = {rule: fired[rule] for rule in sorted(fired, key=lambda r: rule_order.get(r, last))}
    subject, declaration_row, declaration_id, police_number, name, unit_code = row[:6]
    return Score(
        subject, declaration_row, declaration_id, police_number, name, unit_code, weights, int(row[7]), bool(row[8])
    )


def subject_outcome(
    connection: Connection, run_id: int, subject: str, rule_order: dict[str, int]
) -> tuple[Score, list[Finding]] | None:
    """One subject's score in run ``run_id`` (as ``shown_scores`` gives it) and its findings in the run's order, or
    None if the run scored no such subject: what a view shows of one declaration, without the rest of the run."""
    row = connection.execute(select(*_SCORE_COLUMNS).where(_S.c.run_id == run_id, _S.c.subject == subject)).first()
    if row is None:
        return None
    query = select(*_FINDING_COLUMNS).where(_F.c.run_id == run_id, _F.c.subject == subject).order_by(_F.c.seq)
    return _score_of(row, rule_order), [finding_of(found) for found in connection.execute(query)]
