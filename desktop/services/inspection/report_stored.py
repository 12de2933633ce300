"""The report's content from a stored run recorded as rows (run_rows), on a database server: the declarations'
statistics a range of officers at a time (review.report_ranges), the findings' and scores' counts by the database,
and the findings and scores streamed in the report's order. Nothing in it grows with the declarations but the
counts by unit and by trade (decision 132)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from sqlalchemy import Connection, func, select

from desktop.review.catalog import RULES, RULES_BY_ID
from desktop.review.report_content import ReportContent
from desktop.review.report_ranges import REPORT_CHUNK, range_totals
from desktop.services.inspection import run_rows
from desktop.store import schema

_F, _S = schema.review_run_findings, schema.review_scores


def stored_content(
    connection: Connection,
    run_id: int,
    campaign_id: str,
    threshold: int,
    leads_by_unit: Mapping[str, int],
    chunk: int = REPORT_CHUNK,
) -> ReportContent:
    """The content of the report of run ``run_id`` (recorded as rows) of the campaign ``campaign_id``. Its findings
    and scores are read from ``connection`` when the report is written, so it must stay open until then."""
    campaign, totals = range_totals(connection, campaign_id, chunk)
    by_rule: dict[str, Counter[str]] = {}
    counts: Counter[str] = Counter()
    grouped = select(_F.c.unit_code, _F.c.rule, func.count()).where(_F.c.run_id == run_id)
    for unit, rule, count in connection.execute(grouped.group_by(_F.c.unit_code, _F.c.rule)):
        by_rule.setdefault(unit, Counter())[rule] += count
        counts[rule] += count
    scored: dict[str, tuple[int, int]] = {}
    query = select(_S.c.unit_code, _S.c.cleared, func.count()).where(_S.c.run_id == run_id)
    for unit, cleared, count in connection.execute(query.group_by(_S.c.unit_code, _S.c.cleared)):
        flagged_before, cleared_before = scored.get(unit, (0, 0))
        scored[unit] = (flagged_before, cleared_before + count) if cleared else (flagged_before + count, cleared_before)
    flagged = sum(f for f, _c in scored.values())
    order = {rule: index for index, rule in enumerate(RULES_BY_ID)}
    return ReportContent(
        campaign,
        threshold,
        totals.workbooks,
        totals.declarations,
        dict(sorted(totals.form_versions.items())),
        flagged,
        sum(c for _f, c in scored.values()),
        {rule.id: counts.get(rule.id, 0) for rule in RULES},
        totals.unit_lines(by_rule, scored, leads_by_unit),
        totals.trade_lines(),
        totals.register_figures(by_rule),
        lambda: run_rows.shown_findings(connection, run_id),
        lambda: run_rows.shown_scores(connection, run_id, order),
    )
