"""What a view of a stored run (recorded as rows) reads beside the run's rows, on a database server (decision 170):
the names of the units, and one subject's outcome with its declaration's verification, read when it is shown."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from desktop.review.catalog import RULES_BY_ID
from desktop.review.findings import Finding
from desktop.review.model import UnitInfo
from desktop.review.scoring import Score
from desktop.services.inspection import run_rows
from desktop.store import schema

_D, _M, _W = schema.review_digests, schema.imported_missing, schema.imported_workbooks
_ORDER = {rule: index for index, rule in enumerate(RULES_BY_ID)}


@dataclass(frozen=True)
class SubjectOutcome:
    """One subject of a run: its score, its findings in the run's order, and its declaration's verification."""

    score: Score
    findings: list[Finding]
    verification: str  # "valid", "invalid", or "" for an officer without a declaration
    failures: tuple[str, ...]


def unit_names(connection: Connection, units: Mapping[str, UnitInfo], campaign_id: str) -> dict[str, str]:
    """Unit code → name: the store's units, then the name the campaign's first imported declaration of a unit
    gives, then its first missing officer's (as a view names units from the loaded data)."""
    names = {code: unit.name for code, unit in units.items()}
    first = select(func.min(_D.c.declaration_row)).where(_D.c.campaign_id == campaign_id).group_by(_D.c.unit_code)
    for code, name in connection.execute(
        select(_D.c.unit_code, _D.c.unit_name).where(_D.c.declaration_row.in_(first.scalar_subquery()))
    ):
        names.setdefault(code, name)
    workbooks = select(_W.c.id).where(_W.c.campaign_id == campaign_id).scalar_subquery()
    first_missing = select(func.min(_M.c.id)).where(_M.c.workbook_id.in_(workbooks)).group_by(_M.c.unit_code)
    for code, name in connection.execute(
        select(_M.c.unit_code, _M.c.unit_name).where(_M.c.id.in_(first_missing.scalar_subquery()))
    ):
        names.setdefault(code, name)
    return names


def subject_outcome(connection: Connection, run_id: int, subject: str) -> SubjectOutcome | None:
    """The outcome of ``subject`` in run ``run_id``, or None if the run scored no such subject."""
    found = run_rows.subject_outcome(connection, run_id, subject, _ORDER)
    if found is None:
        return None
    score, findings = found
    digest = None
    if score.declaration_row is not None:
        digest = connection.execute(
            select(_D.c.valid, _D.c.failures).where(_D.c.declaration_row == score.declaration_row)
        ).first()
    if digest is None:
        return SubjectOutcome(score, findings, "", ())
    return SubjectOutcome(score, findings, "valid" if digest.valid else "invalid", tuple(json.loads(digest.failures)))
