"""The findings listing (what ``findings`` prints and returns as JSON): every finding of a campaign's latest review,
highest score first, each with its reason rendered in the reader's language.

A listing is kept with the review run it shows, per language, the first time it is asked for. When nothing has
changed since that run (the run's data signature equals the one the small tables give now, as for
``review.run_review``), the next listing reads that one compressed row: no declaration loaded, no finding rebuilt,
no reason translated again. Conclusions are not part of a listing; the caller reads them afresh.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from desktop.i18n import Translator
from desktop.review.findings import Finding
from desktop.review.model import Campaign, UnitInfo
from desktop.services.inspection.current import current_run, load_units
from desktop.services.inspection.filters import check_rule, unit_and_below
from desktop.services.inspection.kept_columns import keep, read_kept
from desktop.services.session.session import Session

if TYPE_CHECKING:
    from desktop.review.engine import Review
    from desktop.services.inspection.listing_kept import KeptListing
    from desktop.services.inspection.listing_stored import StoredListing

#: The layout and wording of ``review_listings.content`` (every view kept there: the command's listing, the window's
#: Findings tab); a listing kept in another format is rendered again and kept in place of the old one.
#: 2: the reasons show days as the reader's language writes them ('2026年12月31日'), not ISO 8601 (decision 119).
FORMAT = 2


class ListedFinding(NamedTuple):
    """One line of a listing: the finding, its subject's score and whether that was cleared, the reason rendered."""

    rule: str
    subject: str
    declaration_row: int | None
    declaration_id: str | None
    police_number: str
    name: str
    unit_code: str
    weight: int
    score: int
    cleared: bool
    reason: str

    @classmethod
    def of(cls, f: Finding, score: int, cleared: bool, translate: Translator) -> ListedFinding:
        """The line of ``f``, its subject's score and whether that was cleared, its reason in ``translate``'s
        language."""
        return cls(
            f.rule,
            f.subject,
            f.declaration_row,
            f.declaration_id,
            f.police_number,
            f.name,
            f.unit_code,
            f.weight,
            score,
            cleared,
            f.render(translate),
        )


@dataclass(frozen=True)
class FindingsListing:
    campaign: Campaign
    threshold: int
    run_id: int | None
    declarations: int
    flagged: int  # declarations (or officers without one) at or above the threshold
    cleared: int
    units: dict[str, UnitInfo]
    rows: Sequence[ListedFinding]  # every finding, in the order select_findings gives
    stored: bool  # answered from the listing kept with the run

    @property
    def findings(self) -> int:
        return len(self.rows)

    def tally(
        self, *, unit: str | None = None, rule: str | None = None, min_score: int | None = None
    ) -> tuple[int, bool]:
        """How many lines ``select`` gives with these filters, and whether any is at or above the threshold."""
        chosen = self.select(unit=unit, rule=rule, min_score=min_score)
        return len(chosen), any(not row.cleared for row in chosen)

    def lines(self, *, unit: str | None = None, rule: str | None = None, min_score: int | None = None) -> list[str]:
        """The printed lines of what ``select`` gives with these filters."""
        from desktop.services.inspection.listing_kept import text_line

        return [text_line(row) for row in self.select(unit=unit, rule=rule, min_score=min_score)]

    def text(self, *, unit: str | None = None, rule: str | None = None, min_score: int | None = None) -> str:
        """``lines`` joined: what the command prints."""
        return "".join(self.lines(unit=unit, rule=rule, min_score=min_score))

    def printed(self, *, unit: str | None = None, rule: str | None = None, min_score: int | None = None) -> list[str]:
        """What the command prints, in pieces to write one after the other (here: one)."""
        return [self.text(unit=unit, rule=rule, min_score=min_score)]

    def select(
        self, *, unit: str | None = None, rule: str | None = None, min_score: int | None = None
    ) -> list[ListedFinding]:
        """The lines for a unit (and the units below it), a rule and a least score, in the listing's order; the same
        lines, in the same order, as ``select_findings`` with these filters."""
        if rule is not None:
            check_rule(rule)
        units = unit_and_below(self.units, unit) if unit else None
        return [
            row
            for row in self.rows
            if (rule is None or row.rule == rule)
            and (units is None or row.unit_code in units)
            and (min_score is None or row.score >= min_score)
        ]


def findings_listing(
    session: Session, translate: Translator, *, campaign_id: str | None = None, threshold: int | None = None
) -> FindingsListing | KeptListing | StoredListing:
    """The listing of the campaign's review (default: the newest imported campaign) in ``translate``'s language:
    the kept one when nothing changed since the last run, else the review's (recorded as ``run_review`` does), kept
    with its run for the next time. On a database server: the run's rows, read as the listing is iterated
    (listing_stored), unless the run was recorded as one document by earlier code."""
    from desktop.services.inspection import listing_kept  # it builds on this module

    with session.store.transaction() as connection:
        on_server = connection.dialect.name != "sqlite"
    if on_server:
        from desktop.services.inspection.listing_stored import stored_listing  # it builds on this module

        stored = stored_listing(session, translate, campaign_id, threshold)
        if stored is not None:
            return stored
    current = current_run(session, campaign_id, threshold)
    if current is not None:
        kept = read_kept(session, current.run_id, translate.language, FORMAT)
        if kept is not None:
            with session.store.transaction() as connection:
                units = load_units(connection)
            return listing_kept.KeptListing(kept, current.campaign, current.threshold, current.run_id, units)
    from desktop.services.inspection.review import run_review  # the review and its rules: only when they must run

    run = run_review(session, campaign_id=campaign_id, threshold=threshold)
    listing = _render(run.review, run.run_id, translate)
    if run.run_id is not None:
        keep(session, run.run_id, translate.language, FORMAT, listing_kept.packed(listing))
    return listing


def _render(review: Review, run_id: int | None, translate: Translator) -> FindingsListing:
    from desktop.services.inspection.review import select_findings

    scores = review.scores
    rows = [
        ListedFinding.of(f, scores[f.subject].score, scores[f.subject].cleared, translate)
        for f in select_findings(review)
    ]
    flagged = sum(1 for s in scores.values() if not s.cleared)
    return FindingsListing(
        review.campaign,
        review.threshold,
        run_id,
        review.declaration_count,
        flagged,
        len(scores) - flagged,
        review.units,
        rows,
        False,
    )
