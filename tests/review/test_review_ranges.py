"""On a server a review is recorded range by range as it is made (decision 134): the run holds exactly the
findings and scores the review in memory gives, its counts and audit entry are those of a run recorded whole, and
with nothing changed the next call answers with the same run."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from bench.province_data import fill_province
from desktop.review.engine import review_campaign
from desktop.review.findings import Finding
from desktop.review.loading import load_review_data
from desktop.services.clock import FixedClock
from desktop.services.inspection import review_reuse
from desktop.services.inspection.current import quick_signature
from desktop.services.inspection.review import data_signature, run_review
from desktop.services.inspection.review_ranges import record_in_ranges
from desktop.services.inspection.review_store import server_session
from desktop.store import schema


def _key(finding: Finding) -> tuple[str, str]:
    return finding.rule, finding.subject


def _assert_recorded_as_reviewed(session, run_id: int) -> None:
    runs, audit = schema.review_runs, schema.audit_log
    with session.store.transaction() as connection:
        row = connection.execute(select(runs).where(runs.c.id == run_id)).one()
        fresh = review_campaign(connection, threshold=row.threshold)
        stored = review_reuse.load_findings(connection, run_id, fresh.campaign, row.threshold, lambda: fresh.data)
        entries = connection.execute(
            select(func.count()).where(audit.c.action == "review_run", audit.c.details.contains(f'"run": {run_id},'))
        ).scalar_one()
    assert stored is not None
    assert sorted(stored.findings, key=_key) == sorted(fresh.findings, key=_key)
    assert stored.scores == fresh.scores
    assert stored.declaration_count == fresh.declaration_count
    flagged = sum(1 for s in fresh.scores.values() if not s.cleared)
    assert (row.subjects, row.flagged, row.cleared, row.findings) == (
        len(fresh.scores),
        flagged,
        len(fresh.scores) - flagged,
        len(fresh.findings),
    )
    assert entries == 1


@pytest.mark.parametrize("chunk", [7, 100_000])
def test_a_run_recorded_range_by_range_holds_what_the_review_finds(server_inspector, chunk):
    run_id = record_in_ranges(server_inspector, chunk=chunk)
    assert run_id is not None
    _assert_recorded_as_reviewed(server_inspector, run_id)
    assert record_in_ranges(server_inspector, chunk=chunk) == run_id  # nothing changed
    again = run_review(server_inspector)
    assert (again.run_id, again.recorded) == (run_id, False)


def test_a_generated_province_recorded_range_by_range_holds_what_the_review_finds(postgres_schema_url):
    session = server_session(postgres_schema_url, None, FixedClock(dt.datetime(2027, 1, 20, 9, 0, tzinfo=dt.UTC)))
    try:
        fill_province(session.store.engine, 400, seed=11, hostile=True)
        run_id = record_in_ranges(session, chunk=13)
        assert run_id is not None
        _assert_recorded_as_reviewed(session, run_id)
        with session.store.transaction() as connection:  # the roster streamed in order, hostile numbers and all
            _campaign, quick = quick_signature(connection, None, 20)
            assert quick == data_signature(load_review_data(connection), 20)
    finally:
        session.lock()
