"""On a database server, a review recorded range by range as it is made (decision 134): each range of officers is
reviewed (review.chunked.OfficerRanges) and its scores and findings are written as rows of the run at once, so the
client holds one range's outcome, never the campaign's. Only the run's id comes back: the report and the listing
read the run's rows (decisions 132 and 133).

The review reads one snapshot (REPEATABLE READ, in its own transaction); the run, its rows and its audit entry are
written in a second transaction, committed at the end: a run is recorded whole or not at all. The findings' places
in the run follow the ranges (within a range, rule by rule); the findings and scores are those of the chunked review.
"""

from __future__ import annotations

from desktop.domain.roles import Role
from desktop.review.catalog import RULES_VERSION
from desktop.review.chunked import DEFAULT_CHUNK, NotDigested, OfficerRanges
from desktop.services.auditing import audited_transaction
from desktop.services.clock import timestamp
from desktop.services.inspection import run_rows
from desktop.services.inspection.current import check_run, current_run
from desktop.services.inspection.review import digest, one_snapshot, run_review, score_rows
from desktop.services.inspection.review_store import retrying
from desktop.services.session.session import Session
from desktop.store import schema
from desktop.store.inserted import inserted_id

#: Attempts at a range-by-range review when imports committed meanwhile leave declarations undigested; then the
#: review is made whole (``run_review``), which digests and reviews in one snapshot.
ATTEMPTS = 3


def record_in_ranges(
    session: Session, *, campaign_id: str | None = None, threshold: int | None = None, chunk: int = DEFAULT_CHUNK
) -> int | None:
    """The id of the campaign's current run: the last one if nothing changed since, else a review recorded range by
    range. None when a declaration imported meanwhile has no digest yet (the caller reviews as ``run_review``)."""
    done = reviewed_in_ranges(session, campaign_id=campaign_id, threshold=threshold, chunk=chunk)
    return done[0] if done is not None else None


def reviewed_in_ranges(
    session: Session, *, campaign_id: str | None = None, threshold: int | None = None, chunk: int = DEFAULT_CHUNK
) -> tuple[int, bool] | None:
    """As ``record_in_ranges``, with whether this call recorded the run (False: nothing had changed)."""
    session.require(Role.INSPECTOR)
    retrying(session, lambda: digest(session))
    with session.store.transaction() as reading:
        one_snapshot(reading)
        check = check_run(reading, campaign_id, threshold)
        if check.current is not None:
            return check.current, False
        try:
            ranges = OfficerRanges(reading, check.campaign.id)
        except NotDigested:
            return None
        return retrying(session, lambda: _record(session, ranges, check.threshold, check.signature, chunk)), True


def _record(session: Session, ranges: OfficerRanges, threshold: int, data_signature: str, chunk: int) -> int:
    runs, scores = schema.review_runs, schema.review_scores
    campaign = ranges.campaign
    with audited_transaction(session.store, session.account.login, session.clock) as audit:
        connection = audit.connection
        run_id = inserted_id(
            connection.execute(
                runs.insert().values(
                    campaign_id=campaign.id,
                    run_at=timestamp(session.clock),
                    run_by=session.account.login,
                    threshold=threshold,
                    rules_version=RULES_VERSION,
                    data_signature=data_signature,
                    subjects=0,
                    flagged=0,
                    cleared=0,
                    findings=0,
                )
            )
        )
        subjects = flagged = findings = declarations = 0
        for part in ranges.reviewed(threshold=threshold, chunk=chunk):
            every = list(part.scores.values())
            for start in range(0, len(every), run_rows.BATCH):
                connection.execute(
                    scores.insert(), score_rows(run_id, every[start : start + run_rows.BATCH], threshold)
                )
            for rows in run_rows.finding_rows(run_id, part.findings, findings):
                connection.execute(schema.review_run_findings.insert(), rows)
            subjects += len(every)
            flagged += sum(1 for s in every if not s.cleared)
            findings += len(part.findings)
            declarations += part.declaration_count
            del part, every
        counts = {"subjects": subjects, "flagged": flagged, "cleared": subjects - flagged, "findings": findings}
        connection.execute(runs.update().where(runs.c.id == run_id).values(**counts))
        run_rows.save_header(connection, run_id, declarations)
        audit.record(
            "review_run",
            campaign.id,
            run=run_id,
            threshold=threshold,
            rules_version=RULES_VERSION,
            subjects=subjects,
            flagged=flagged,
            cleared=subjects - flagged,
            findings=findings,
        )
    return run_id


def current_run_id(
    session: Session, *, campaign_id: str | None = None, threshold: int | None = None, chunk: int = DEFAULT_CHUNK
) -> int | None:
    """The campaign's current run on a server: the last one if it still holds (checked without writing anything),
    else recorded range by range (again if an import committed meanwhile left a declaration undigested,
    ``ATTEMPTS`` times at most), or as ``run_review`` does."""
    current = current_run(session, campaign_id, threshold)
    if current is not None:
        return current.run_id
    for _attempt in range(ATTEMPTS):
        found = record_in_ranges(session, campaign_id=campaign_id, threshold=threshold, chunk=chunk)
        if found is not None:
            return found
    return run_review(session, campaign_id=campaign_id, threshold=threshold).run_id
