"""What the verification report shows, apart from how it is written: the figures of the summary, the statistics by
unit, by trade and of the register cross-check, and the findings and scores in the order the report lists them.

A review in memory gives it directly (``content_of``). On a database server it is made from the stored run and one
range of officers at a time (review.report_ranges and services.inspection.report_stored), the findings and scores
streamed from the database in the report's order: the report writer reads them once, in that order, and never holds
them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from desktop.review.engine import Review
from desktop.review.findings import ShownFinding
from desktop.review.model import Campaign
from desktop.review.report_registers import RegisterFigures, register_statistics
from desktop.review.report_statistics import (
    TradeStatistics,
    UnitStatistics,
    form_version_counts,
    rule_counts,
    trade_statistics,
    unit_statistics,
)
from desktop.review.scoring import Score


@dataclass(frozen=True)
class ReportContent:
    campaign: Campaign
    threshold: int
    workbooks: int  # the campaign's imported workbooks
    declarations: int
    form_versions: dict[int, int]  # form version → declarations made on it, in version order
    flagged: int
    cleared: int
    rule_counts: dict[str, int]  # every rule → declarations (or officers) it fired for
    units: list[UnitStatistics]  # with the leads by unit
    trades: list[TradeStatistics]
    registers: RegisterFigures
    #: The findings, highest score first, then by unit, police number and subject (a subject's in the run's order).
    findings: Callable[[], Iterable[ShownFinding]]
    #: The scores, highest first, then by unit, police number and subject.
    scores: Callable[[], Iterable[Score]]


def content_of(review: Review, leads_by_unit: dict[str, int]) -> ReportContent:
    """The report's content of a review whose data is in memory."""
    data = review.data
    flagged = sum(1 for s in review.scores.values() if not s.cleared)
    registers = data.registers

    def findings() -> Iterator[ShownFinding]:
        scores = review.scores
        ordered = sorted(
            review.findings, key=lambda f: (-scores[f.subject].score, f.unit_code, f.police_number, f.subject)
        )
        for f in ordered:
            yield ShownFinding(f, scores[f.subject].score, scores[f.subject].cleared)

    def scores() -> list[Score]:
        return sorted(review.scores.values(), key=lambda s: (-s.score, s.unit_code, s.police_number, s.subject))

    return ReportContent(
        review.campaign,
        review.threshold,
        sum(1 for w in data.workbooks.values() if w.campaign_id == review.campaign.id),
        len(data.declarations),
        form_version_counts(review),
        flagged,
        len(review.scores) - flagged,
        rule_counts(review),
        unit_statistics(review, leads_by_unit),
        trade_statistics(review),
        RegisterFigures(
            registers.summaries, register_statistics(review), registers.people_checked, registers.register_people
        ),
        findings,
        scores,
    )
