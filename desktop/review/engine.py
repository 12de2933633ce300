"""Running every rule over a campaign and scoring the result."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy import Connection

from desktop.domain.trades import TradeCatalog
from desktop.review.catalog import RULES
from desktop.review.findings import Finding, Rule
from desktop.review.loading import load_review_data
from desktop.review.model import Campaign, ReviewData, UnitInfo
from desktop.review.pausing import gc_paused
from desktop.review.scoring import DEFAULT_THRESHOLD, Score, score
from desktop.review.view import CampaignView


@dataclass
class Review:
    """The outcome of one review: every finding, and a score per declaration (or officer without one)."""

    data: ReviewData
    threshold: int
    findings: list[Finding]
    scores: dict[str, Score]
    timings: dict[str, float] = field(default_factory=dict)  # rule id → seconds, for the benchmark

    @property
    def campaign(self) -> Campaign:
        return self.data.campaign

    @property
    def declaration_count(self) -> int:
        return len(self.data.declarations)

    @property
    def units(self) -> dict[str, UnitInfo]:
        return self.data.units

    @cached_property
    def by_subject(self) -> dict[str, list[Finding]]:
        found: dict[str, list[Finding]] = defaultdict(list)
        for finding in self.findings:
            found[finding.subject].append(finding)
        return found

    def flagged(self) -> list[Score]:
        """The short list: scores at or above the threshold, highest first."""
        return sorted(
            (s for s in self.scores.values() if not s.cleared),
            key=lambda s: (-s.score, s.unit_code, s.police_number, s.subject),
        )

    def cleared(self) -> list[Score]:
        return [s for s in self.scores.values() if s.cleared]


def review_campaign(
    connection: Connection, campaign_id: str | None = None, *, threshold: int = DEFAULT_THRESHOLD
) -> Review:
    """Load the view of a campaign (default: the newest imported) and run every rule over it."""
    with gc_paused():
        return evaluate(load_review_data(connection, campaign_id), threshold=threshold)


def evaluate(
    data: ReviewData,
    *,
    threshold: int = DEFAULT_THRESHOLD,
    rules: Sequence[Rule] = RULES,
    catalog: TradeCatalog | None = None,
) -> Review:
    """Run ``rules`` over the campaign in ``data``; each rule fires at most once per declaration."""
    view = CampaignView(data, catalog)
    findings: list[Finding] = []
    timings: dict[str, float] = {}
    for rule in rules:
        started = time.perf_counter()
        seen: set[str] = set()
        for finding in rule.run(view):
            if finding.subject not in seen:
                seen.add(finding.subject)
                findings.append(finding)
        timings[rule.id] = time.perf_counter() - started
    return Review(data, threshold, findings, score(data.declarations, findings, threshold), timings)
