"""Central verification: run the rules over the imported declarations of a campaign, score them, clear those below
the threshold automatically and record that (with the reason) as a review run in the audit log."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, select, text

from desktop.domain.roles import Role
from desktop.review.catalog import RULES_BY_ID, RULES_VERSION
from desktop.review.chunked import NotDigested, review_in_chunks
from desktop.review.digest import store_digests
from desktop.review.engine import DetachedReview, Review, review_campaign
from desktop.review.findings import Finding
from desktop.review.loading import load_review_data
from desktop.review.model import ReviewData
from desktop.review.pausing import gc_paused
from desktop.review.registers.people import store_declared_people
from desktop.review.scoring import Score
from desktop.services.auditing import audited_transaction
from desktop.services.clock import timestamp
from desktop.services.inspection import review_reuse
from desktop.services.inspection.current import (
    THRESHOLD_KEY,
    check_run,
    check_threshold,
    signature,
    stored_threshold,
)
from desktop.services.inspection.current import BadThreshold as BadThreshold  # its callers import it here
from desktop.services.inspection.filters import UnknownRule as UnknownRule  # its callers import it here
from desktop.services.inspection.filters import check_rule, unit_and_below
from desktop.services.inspection.review_store import retrying
from desktop.services.session.session import Session
from desktop.store import schema
from desktop.store.inserted import inserted_id


@dataclass
class ReviewRun:
    review: Review
    run_id: int | None  # the recorded run this outcome equals
    recorded: bool  # True when this call recorded it (the data, trust or threshold had changed)


def set_threshold(session: Session, value: int) -> int:
    """Set the score below which a declaration is cleared automatically; recorded in the audit log."""
    session.require(Role.INSPECTOR)
    value = check_threshold(value)

    def work() -> int:
        with audited_transaction(session.store, session.account.login, session.clock) as audit:
            meta, connection = schema.meta, audit.connection
            old = stored_threshold(connection)
            if connection.execute(select(meta.c.key).where(meta.c.key == THRESHOLD_KEY)).first():
                connection.execute(meta.update().where(meta.c.key == THRESHOLD_KEY).values(value=str(value)))
            else:
                connection.execute(meta.insert().values(key=THRESHOLD_KEY, value=str(value)))
            audit.record("review_threshold_set", THRESHOLD_KEY, old=old, new=value)
        return value

    return retrying(session, work)


def data_signature(data: ReviewData, threshold: int) -> str:
    """What a review depends on: the campaign, the workbooks imported, the trusted keys, the roster, the unit tree,
    the threshold and the rule set. The same signature means the same findings, so the run is not recorded twice,
    and a listing answers from the stored run (``current.quick_signature`` computes it without the data)."""
    return signature(
        data.campaign.id,
        threshold,
        [*data.workbooks, *(f"register:{x}" for x in data.registers.extracts)],
        data.trusted,
        (f"{o.police_number}:{o.unit_code}:{o.is_unit_head}" for o in data.roster),
        (f"{u.code}:{u.parent_code or ''}" for u in data.units.values()),
    )


def run_review(
    session: Session, *, campaign_id: str | None = None, threshold: int | None = None, record: bool = True
) -> ReviewRun:
    """Review a campaign (default: the newest imported). With ``record``, a review whose data, trust or threshold
    changed since the last recorded run is recorded: the run, and each declaration's score with the reason it was
    cleared automatically or flagged, and its findings. Nothing changed since the last run: its stored findings
    answer, without loading the declarations or running a rule."""
    session.require(Role.INSPECTOR)
    retrying(session, lambda: digest(session))
    with session.store.transaction() as connection:
        one_snapshot(connection)
        check = check_run(connection, campaign_id, threshold)
        campaign, threshold, expected, last = check.campaign, check.threshold, check.signature, check.last
        if check.current is not None:
            stored = review_reuse.load_findings(
                connection, check.current, campaign, threshold, lambda: _load_data(session, campaign.id)
            )
            if stored is not None:
                return ReviewRun(stored, check.current, False)
        review = _review(session, connection, campaign.id, threshold)
    # A chunked review's signature is the one the small tables gave, in the same transaction (the data unloaded).
    found = expected if isinstance(review, DetachedReview) else data_signature(review.data, threshold)
    if last is not None and last[1] == found:
        if found == expected:  # a run recorded before its findings were kept: keep them now
            retrying(session, lambda: _keep_findings(session, last[0], review))
        return ReviewRun(review, last[0], False)
    if not record:
        return ReviewRun(review, None, False)
    run_id = retrying(session, lambda: _record(session, review, found))
    return ReviewRun(review, run_id, True)


def one_snapshot(connection: Connection) -> None:
    """On PostgreSQL, let every query of this (reading) transaction see the same committed data: a chunked review
    runs many queries for a minute or more, and an import committed meanwhile must not be half seen. SQLite's
    transaction is a snapshot already."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))


def _review(session: Session, connection: Connection, campaign_id: str, threshold: int) -> Review:
    """On a database server (a province: hundreds of thousands of declarations) the review runs a range of officers
    at a time, so the client's memory does not grow with the declarations (decision 102); the encrypted store,
    one city at most, is reviewed in memory, which is faster."""
    if connection.dialect.name != "sqlite":
        try:
            return review_in_chunks(
                connection, campaign_id, threshold=threshold, load_data=lambda: _load_data(session, campaign_id)
            )
        except NotDigested:  # imported by someone else since this review digested: reviewed whole, as before
            pass
    return review_campaign(connection, campaign_id, threshold=threshold)


def _load_data(session: Session, campaign_id: str) -> ReviewData:
    with session.store.transaction() as connection, gc_paused():
        return load_review_data(connection, campaign_id)


def _keep_findings(session: Session, run_id: int, review: Review) -> None:
    with session.store.transaction() as connection:
        if not review_reuse.has_findings(connection, run_id):  # its scores were recorded without their names
            review_reuse.save_document(connection, run_id, review)


def digest(session: Session) -> int:
    """Digest the declarations imported since the last review, and note the people each names for matching against
    registers (derived data, once per declaration)."""
    with session.store.transaction() as connection:
        store_declared_people(connection)
        return store_digests(connection)


def _record(session: Session, review: Review, signature: str) -> int:
    runs, scores = schema.review_runs, schema.review_scores
    flagged = sum(1 for s in review.scores.values() if not s.cleared)
    with audited_transaction(session.store, session.account.login, session.clock) as audit:
        connection = audit.connection
        run_id = inserted_id(
            connection.execute(
                runs.insert().values(
                    campaign_id=review.campaign.id,
                    run_at=timestamp(session.clock),
                    run_by=session.account.login,
                    threshold=review.threshold,
                    rules_version=RULES_VERSION,
                    data_signature=signature,
                    subjects=len(review.scores),
                    flagged=flagged,
                    cleared=len(review.scores) - flagged,
                    findings=len(review.findings),
                )
            )
        )
        every = list(review.scores.values())
        for start in range(0, len(every), 5000):  # the rows of 5,000 scores at a time, not of every one at once
            connection.execute(scores.insert(), score_rows(run_id, every[start : start + 5000], review.threshold))
        review_reuse.save_findings(connection, run_id, review)
        audit.record(
            "review_run",
            review.campaign.id,
            run=run_id,
            threshold=review.threshold,
            rules_version=RULES_VERSION,
            subjects=len(review.scores),
            flagged=flagged,
            cleared=len(review.scores) - flagged,
            findings=len(review.findings),
        )
    return run_id


def score_rows(run_id: int, scores: Iterable[Score], threshold: int) -> list[dict[str, object]]:
    """The ``review_scores`` rows of ``scores`` in run ``run_id``."""
    return [
        {
            "run_id": run_id,
            "subject": s.subject,
            "declaration_id": s.declaration_id,
            "police_number": s.police_number,
            "name": s.name,
            "declaration_row": s.declaration_row,
            "unit_code": s.unit_code,
            "score": s.score,
            "cleared": s.cleared,
            "reason": json.dumps(s.reason(threshold), sort_keys=True),
        }
        for s in scores
    ]


def select_findings(
    review: Review, *, unit: str | None = None, rule: str | None = None, min_score: int | None = None
) -> list[Finding]:
    """The findings of ``review`` for a unit (and the units below it), a rule, and a least score; highest score
    first."""
    if rule is not None:
        check_rule(rule)
    units = unit_and_below(review.units, unit) if unit else None
    scores = review.scores
    chosen = [
        f
        for f in review.findings
        if (rule is None or f.rule == rule)
        and (units is None or f.unit_code in units)
        and (min_score is None or scores[f.subject].score >= min_score)
    ]
    order = {r: i for i, r in enumerate(RULES_BY_ID)}
    chosen.sort(key=lambda f: (-scores[f.subject].score, f.unit_code, f.police_number, f.subject, order[f.rule]))
    return chosen
