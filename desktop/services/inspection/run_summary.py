"""A review's outcome in figures, for callers that need to know that a campaign was reviewed and how it came out,
not every finding (decision 170): the run's id, with which it pages through the stored run (the report, the
``findings`` listing: decisions 132 and 133), and its counts. On a database server the review is recorded range by
range (review_ranges), so the client never holds the campaign's outcome; the encrypted store, a city at most, is
reviewed in memory as before (``run_review``) and only the figures are kept of it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from desktop.domain.roles import Role
from desktop.review.chunked import DEFAULT_CHUNK
from desktop.review.loading import load_campaigns
from desktop.review.model import Campaign
from desktop.services.inspection import run_rows
from desktop.services.inspection.review import ReviewRun, run_review
from desktop.services.inspection.review_ranges import ATTEMPTS, reviewed_in_ranges
from desktop.services.session.session import Session
from desktop.store import schema


@dataclass(frozen=True)
class RunSummary:
    """A campaign's review in figures: what a caller shows or records without the outcome itself."""

    campaign: Campaign
    threshold: int
    run_id: int | None  # the recorded run (None only for an unrecorded review, ``record=False``)
    recorded: bool  # True when this call recorded it (the data, trust or threshold had changed)
    declarations: int
    subjects: int  # declarations and officers without one, each scored
    flagged: int
    cleared: int
    findings: int


def review_summary(
    session: Session, *, campaign_id: str | None = None, threshold: int | None = None, chunk: int = DEFAULT_CHUNK
) -> RunSummary:
    """Review a campaign (default: the newest imported), recording the run if anything changed, and answer with
    its figures. On a database server the review is recorded range by range and the figures are read from the run:
    the client's memory does not grow with the declarations."""
    session.require(Role.INSPECTOR)
    with session.store.transaction() as connection:
        on_server = connection.dialect.name != "sqlite"
    if on_server:
        for _attempt in range(ATTEMPTS):
            done = reviewed_in_ranges(session, campaign_id=campaign_id, threshold=threshold, chunk=chunk)
            if done is not None:
                summary = _of_stored_run(session, *done)
                if summary is not None:
                    return summary
                break  # a run recorded by earlier code as one document: read as run_review reads it
    return summarised(run_review(session, campaign_id=campaign_id, threshold=threshold))


def summarised(run: ReviewRun) -> RunSummary:
    """The figures of a review made in memory."""
    review = run.review
    flagged = sum(1 for s in review.scores.values() if not s.cleared)
    return RunSummary(
        review.campaign,
        review.threshold,
        run.run_id,
        run.recorded,
        review.declaration_count,
        len(review.scores),
        flagged,
        len(review.scores) - flagged,
        len(review.findings),
    )


def _of_stored_run(session: Session, run_id: int, recorded: bool) -> RunSummary | None:
    """The figures of run ``run_id`` as recorded, or None if it was recorded as one document (by earlier code)."""
    runs = schema.review_runs
    with session.store.transaction() as connection:
        if not run_rows.recorded_as_rows(connection, run_id):
            return None
        row = connection.execute(select(runs).where(runs.c.id == run_id)).one()
        declarations = run_rows.recorded_declarations(connection, run_id)
        campaign = load_campaigns(connection)[row.campaign_id]
    return RunSummary(
        campaign,
        int(row.threshold),
        run_id,
        recorded,
        declarations,
        int(row.subjects),
        int(row.flagged),
        int(row.cleared),
        int(row.findings),
    )
