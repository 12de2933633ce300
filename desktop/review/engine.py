"""Running every rule over a campaign and scoring the result."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
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
from desktop.review.shared_enterprises import SharedEnterprises
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


class DetachedReview(Review):
    """A review's outcome (findings, scores) without its data in memory: a stored run's, or a chunked review's.
    ``data`` (every declaration) is loaded only when something asks for it."""

    def __init__(
        self,
        campaign: Campaign,
        threshold: int,
        findings: list[Finding],
        scores: dict[str, Score],
        declarations: int,
        units: dict[str, UnitInfo],
        load_data: Callable[[], ReviewData],
        timings: dict[str, float] | None = None,
    ) -> None:
        self._campaign, self.threshold, self.findings, self.scores = campaign, threshold, findings, scores
        self.timings = timings if timings is not None else {}
        self._declarations, self._units, self._load_data = declarations, units, load_data
        self._data: ReviewData | None = None

    @property
    def data(self) -> ReviewData:  # type: ignore[override]  # a Review's field, loaded here only when asked for
        if self._data is None:
            self._data = self._load_data()
        return self._data

    @property
    def campaign(self) -> Campaign:
        return self._campaign

    @property
    def declaration_count(self) -> int:
        return self._declarations

    @property
    def units(self) -> dict[str, UnitInfo]:
        return self._units


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
    enterprises: SharedEnterprises | None = None,
) -> Review:
    """Run ``rules`` over the campaign in ``data``; each rule fires at most once per declaration. ``enterprises``:
    the enterprises behind several officers over more declarations than ``data`` holds (a chunked review's)."""
    view = CampaignView(data, catalog, enterprises)
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
