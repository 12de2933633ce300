"""The review in bounded chunks, for a province on the team server: the same rules and the same findings as the
in-memory review (engine.review_campaign), with only one range of officers' declarations in memory at a time.

The campaign's officers are cut into ranges of police numbers of about ``chunk`` declarations (review.chunk_loading);
each range is loaded and reviewed by ``engine.evaluate``, with the enterprises behind several officers indexed once
over the whole campaign. What stays in memory is the outcome (a score per declaration and the findings), the small
tables, and that index, not the declarations. The findings are those of the in-memory review, field by field; their
order within a rule follows the declaration rows (the in-memory review's order, except among the declarations of an
officer declared twice and among officers without a declaration; nothing reads that order, every listing sorts).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence

from sqlalchemy import Connection

from desktop.review.catalog import RULES
from desktop.review.chunk_loading import chunk_data, load_common, officer_ranges
from desktop.review.digest import undigested
from desktop.review.engine import DetachedReview, evaluate
from desktop.review.findings import Finding, Rule
from desktop.review.loading import load_review_data
from desktop.review.model import ReviewData
from desktop.review.pausing import gc_paused
from desktop.review.scoring import DEFAULT_THRESHOLD, Score

#: Declarations reviewed at once: about 13 KB each in memory while their range is reviewed.
DEFAULT_CHUNK = 20_000


class NotDigested(RuntimeError):
    """A declaration has no digest yet: the chunked review reads stored digests only (the service digests first)."""


def review_in_chunks(
    connection: Connection,
    campaign_id: str | None = None,
    *,
    threshold: int = DEFAULT_THRESHOLD,
    chunk: int = DEFAULT_CHUNK,
    rules: Sequence[Rule] = RULES,
    load_data: Callable[[], ReviewData] | None = None,
) -> DetachedReview:
    """Review a campaign (default: the newest imported) a range of officers at a time. ``load_data`` loads the whole
    data if something asks the outcome for it (default: from ``connection``, while it is open)."""
    with gc_paused():
        common = load_common(connection, campaign_id)
        campaign = common.campaign
        if undigested(connection, [campaign.id, *common.before]):
            raise NotDigested
        found: dict[str, list[Finding]] = {rule.id: [] for rule in rules}
        rows: list[Score] = []
        officers: list[Score] = []
        timings: dict[str, float] = defaultdict(float)
        declarations = 0
        for bounds in officer_ranges(connection, campaign.id, chunk):
            started = time.perf_counter()
            data = chunk_data(connection, common, bounds)
            timings["load"] += time.perf_counter() - started
            part = evaluate(data, threshold=threshold, rules=rules, enterprises=common.enterprises)
            declarations += len(data.declarations)
            for finding in part.findings:
                found[finding.rule].append(finding)
            for entry in part.scores.values():
                (officers if entry.declaration_row is None else rows).append(entry)
            for rule_id, seconds in part.timings.items():
                timings[rule_id] += seconds
            del data, part
        rows.sort(key=lambda s: s.declaration_row or 0)
        scores = {s.subject: s for s in (*rows, *officers)}
        findings = [f for rule in rules for f in sorted(found[rule.id], key=_row_order)]
    loader = load_data or (lambda: load_review_data(connection, campaign.id))
    return DetachedReview(campaign, threshold, findings, scores, declarations, common.units, loader, dict(timings))


def _row_order(finding: Finding) -> int:
    """Findings about declarations in row order; those about officers without one after them, as they came."""
    row = finding.declaration_row
    return row if row is not None else 1 << 62
