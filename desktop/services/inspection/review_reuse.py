"""A review run's findings and scores kept with it, so that a listing with nothing changed since answers from the
stored run: no declaration loaded, no rule run.

Whether anything changed is the run's *data signature*, checked by ``current.check_run``. Conclusions and leads are
not part of a run: they are read afresh at every listing.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, select

from desktop.review.engine import DetachedReview, Review
from desktop.review.findings import Finding
from desktop.review.model import Campaign, ReviewData
from desktop.review.scoring import MAX_SCORE, Score
from desktop.services.inspection import run_rows
from desktop.services.inspection.current import load_units
from desktop.store import schema

#: The layout of ``review_findings.content`` as one JSON document of the whole run (recorded before schema version
#: 12, and still for a run recorded before its findings were kept); a run stored in an unknown layout is reviewed
#: again.
FORMAT = 1


class StoredReview(DetachedReview):
    """A review answered from a stored run (no rule ran). ``data`` (the declarations, for what a listing does not
    need) is loaded only when something asks for it."""


_IDENTITY = ("subject", "declaration_row", "declaration_id", "police_number", "name", "unit_code")


def save_findings(connection: Connection, run_id: int, review: Review) -> None:
    """Keep the findings of ``review`` with its run as rows (run_rows: a few thousand at a time, decision 131); the
    run's scores must have been recorded with their names and rows."""
    run_rows.save_rows(connection, run_id, review)


def save_document(connection: Connection, run_id: int, review: Review) -> None:
    """Keep the findings and scores of ``review`` with its run, as compressed JSON laid out to be read back fast: a
    list per field, each subject's particulars once (a finding points at its score), repeated texts (rule ids,
    messages, the names of a message's fields) once in a table. The weights and scores follow from the findings."""
    findings, scores = review.findings, list(review.scores.values())
    texts: dict[str, int] = {}

    def text(value: str) -> int:
        return texts.setdefault(value, len(texts))

    position = {score.subject: index for index, score in enumerate(scores)}
    of, own = [], {}
    for index, finding in enumerate(findings):
        at = position[finding.subject]
        if all(getattr(finding, name) == getattr(scores[at], name) for name in _IDENTITY):
            of.append(at)
        else:  # particulars other than its subject's score's (never seen; kept exactly all the same)
            of.append(-1)
            own[str(index)] = [getattr(finding, name) for name in _IDENTITY]
    content: dict[str, object] = {
        "declarations": review.declaration_count,
        "scores": {name: [getattr(s, name) for s in scores] for name in _IDENTITY},
        "of": of,
        "own": own,
        "rule": [text(f.rule) for f in findings],
        "weight": [f.weight for f in findings],
        "message": [text(f.message) for f in findings],
        "params": [_fields(f.params, text) for f in findings],
        "notes": [[[text(template), _fields(fields, text)] for template, fields in f.notes] for f in findings],
    }
    content["texts"] = list(texts)
    connection.execute(schema.review_findings.insert().values(run_id=run_id, format=FORMAT, content=packed(content)))


def packed(content: dict[str, object]) -> bytes:
    """``json.dumps(content)`` (compact, UTF-8) compressed, made a field at a time: the JSON text of a province's
    run (half a million scores) is never all in memory at once, only the largest field's."""
    compressor = zlib.compressobj(1)
    parts = [compressor.compress(b"{")]
    for index, (name, value) in enumerate(content.items()):
        text = (
            ("," if index else "")
            + json.dumps(name)
            + ":"
            + json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        )
        parts.append(compressor.compress(text.encode("utf-8")))
    parts += [compressor.compress(b"}"), compressor.flush()]
    return b"".join(parts)


def load_findings(
    connection: Connection, run_id: int, campaign: Campaign, threshold: int, load_data: Callable[[], ReviewData]
) -> StoredReview | None:
    """The review stored with run ``run_id``, or None when the run has none (recorded by an older version)."""
    f = schema.review_findings
    row = connection.execute(select(f.c.format, f.c.content).where(f.c.run_id == run_id)).first()
    if row is None or row.format not in (FORMAT, run_rows.ROWS_FORMAT):
        return None
    content = json.loads(zlib.decompress(row.content))
    if row.format == run_rows.ROWS_FORMAT:
        findings, scores = run_rows.load_rows(connection, run_id)
        return _stored(connection, campaign, threshold, findings, scores, content["declarations"], load_data)
    texts, of = content["texts"], content["of"]
    columns = content["scores"]
    identity = [[column[i] for i in of] if of else [] for column in (columns[name] for name in _IDENTITY)]
    for index, particulars in content["own"].items():
        for column, value in zip(identity, particulars, strict=True):
            column[int(index)] = value
    keys: dict[int, list[str]] = {}

    def fields(packed: list[Any] | int) -> dict[str, object]:
        if not isinstance(packed, list):
            return {}
        names = keys.get(packed[0])
        if names is None:
            names = keys[packed[0]] = texts[packed[0]].split("\x1f")
        return dict(zip(names, packed[1:], strict=True))

    findings = list(
        map(
            Finding,
            [texts[i] for i in content["rule"]],
            *identity,
            content["weight"],
            [texts[i] for i in content["message"]],
            map(fields, content["params"]),
            (tuple((texts[t], fields(p)) for t, p in notes) if notes else () for notes in content["notes"]),
        )
    )
    scores = {
        s.subject: s for s in map(Score, *(columns[name] for name in _IDENTITY), ({} for _ in columns["subject"]))
    }
    return _stored(connection, campaign, threshold, findings, scores, content["declarations"], load_data)


def _stored(
    connection: Connection,
    campaign: Campaign,
    threshold: int,
    findings: list[Finding],
    scores: dict[str, Score],
    declarations: int,
    load_data: Callable[[], ReviewData],
) -> StoredReview:
    """The stored review of ``findings`` and ``scores`` (their weights, scores and cleared made here)."""
    for finding in findings:
        scores[finding.subject].weights.setdefault(finding.rule, finding.weight)
    for entry in scores.values():
        entry.score = min(MAX_SCORE, sum(entry.weights.values()))
        entry.cleared = entry.score < threshold
    return StoredReview(campaign, threshold, findings, scores, declarations, load_units(connection), load_data)


def has_findings(connection: Connection, run_id: int) -> bool:
    f = schema.review_findings
    return connection.execute(select(f.c.run_id).where(f.c.run_id == run_id)).first() is not None


def _fields(fields: dict[str, object], text: Callable[[str], int]) -> list[object] | int:
    """A finding's fields: 0 for none, else the index of their names in the text table, then the values. The rules
    put in text and numbers only (a tuple would come back as a list and render differently): checked here."""
    if not fields:
        return 0
    for name, value in fields.items():
        if not isinstance(value, str | int | float | bool | None):
            raise TypeError(f"a finding's field {name} holds a {type(value).__name__}, which JSON does not keep")
    return [text("\x1f".join(fields)), *fields.values()]
