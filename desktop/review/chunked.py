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
from collections.abc import Callable, Iterator, Sequence

from sqlalchemy import Connection

from desktop.review.catalog import RULES
from desktop.review.chunk_loading import chunk_data, load_common, officer_ranges
from desktop.review.digest import undigested
from desktop.review.engine import DetachedReview, Review, evaluate
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
    ranges = OfficerRanges(connection, campaign_id)
    campaign = ranges.campaign
    with gc_paused():
        found: dict[str, list[Finding]] = {rule.id: [] for rule in rules}
        rows: list[Score] = []
        officers: list[Score] = []
        timings: dict[str, float] = defaultdict(float)
        declarations = 0
        for part in ranges.reviewed(threshold=threshold, chunk=chunk, rules=rules):
            declarations += part.declaration_count
            for finding in part.findings:
                found[finding.rule].append(finding)
            for entry in part.scores.values():
                (officers if entry.declaration_row is None else rows).append(entry)
            for rule_id, seconds in part.timings.items():
                timings[rule_id] += seconds
            del part
        rows.sort(key=lambda s: s.declaration_row or 0)
        scores = {s.subject: s for s in (*rows, *officers)}
        findings = [f for rule in rules for f in sorted(found[rule.id], key=_row_order)]
    loader = load_data or (lambda: load_review_data(connection, campaign.id))
    units = ranges.common.units
    return DetachedReview(campaign, threshold, findings, scores, declarations, units, loader, dict(timings))


class OfficerRanges:
    """A campaign's officers in ranges of police numbers, each range reviewed on its own (``reviewed``): the
    outcome of one range at a time, for whoever records or adds it up as it comes."""

    def __init__(self, connection: Connection, campaign_id: str | None) -> None:
        self.connection = connection
        with gc_paused():
            self.common = load_common(connection, campaign_id)
        self.campaign = self.common.campaign
        if undigested(connection, [self.campaign.id, *self.common.before]):
            raise NotDigested

    def reviewed(
        self, *, threshold: int = DEFAULT_THRESHOLD, chunk: int = DEFAULT_CHUNK, rules: Sequence[Rule] = RULES
    ) -> Iterator[Review]:
        """Each range's review (its data, findings in rule order and scores; ``timings`` the load's too)."""
        connection, common = self.connection, self.common
        for bounds in officer_ranges(connection, self.campaign.id, chunk):
            with gc_paused():
                started = time.perf_counter()
                data = chunk_data(connection, common, bounds)
                loaded = time.perf_counter() - started
                part = evaluate(data, threshold=threshold, rules=rules, enterprises=common.enterprises)
            part.timings["load"] = loaded
            del data
            yield part
            del part  # before the next range is loaded: one range in memory at a time


def _row_order(finding: Finding) -> int:
    """Findings about declarations in row order; those about officers without one after them, as they came."""
    row = finding.declaration_row
    return row if row is not None else 1 << 62
