"""Reviewing the imported data through the service, on the encrypted store and on PostgreSQL: scores from the
weighted rules, automatic clearing below the threshold with the reason recorded, one recorded run per state of the
data, and the run in the audit log."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from desktop.review.catalog import RULES
from desktop.services.inspection.review import BadThreshold, UnknownRule, run_review, select_findings, set_threshold
from desktop.store import schema


def _audit(session, action: str) -> list[dict]:
    a = schema.audit_log
    with session.store.transaction() as connection:
        rows = connection.execute(select(a.c.details).where(a.c.action == action).order_by(a.c.seq)).scalars()
        return [json.loads(r) for r in rows]


def test_every_rule_fires_on_the_reviewed_demo_and_scores_add_the_weights(inspector):
    review = run_review(inspector).review
    # The demo's campaigns are on form version 1: a rule that needs version 2 data has nothing to read there (its
    # report line says how many declarations it could not check; tests/services/inspection/test_mixed_form_versions).
    newest = max((review.data.form_version(d.row_id) for d in review.data.declarations), default=1)
    assert {f.rule for f in review.findings} == {rule.id for rule in RULES if rule.needs_form_version <= newest}
    for subject, score in review.scores.items():
        weights = {f.rule: f.weight for f in review.findings if f.subject == subject}
        assert score.weights == weights
        assert score.score == min(100, sum(weights.values()))
        assert score.cleared == (score.score < review.threshold)


def test_a_review_is_recorded_once_with_every_score_and_the_reason_for_clearing(inspector):
    first = run_review(inspector)
    assert first.recorded
    assert run_review(inspector).recorded is False  # nothing changed: the same run
    with inspector.store.transaction() as connection:
        s = schema.review_scores
        stored = {r.subject: r for r in connection.execute(select(s).where(s.c.run_id == first.run_id))}
        runs = connection.execute(select(func.count()).select_from(schema.review_runs)).scalar_one()
    assert runs == 1
    assert set(stored) == set(first.review.scores)
    cleared = [s for s in first.review.scores.values() if s.cleared]
    assert cleared, "the demo has declarations cleared automatically"
    for score in cleared:
        reason = json.loads(stored[score.subject].reason)
        assert stored[score.subject].cleared
        assert reason == {"score": score.score, "threshold": 20, "cleared": True, "rules": score.weights}
    (entry,) = _audit(inspector, "review_run")
    assert entry["run"] == first.run_id
    assert entry["cleared"] == len(cleared)


def test_raising_the_threshold_clears_more_and_records_a_new_run(inspector):
    before = run_review(inspector)
    assert set_threshold(inspector, 45) == 45
    after = run_review(inspector)
    assert after.recorded
    assert after.run_id != before.run_id
    assert after.review.threshold == 45
    assert len(after.review.cleared()) > len(before.review.cleared())
    assert all(s.score < 45 for s in after.review.cleared())
    assert _audit(inspector, "review_threshold_set") == [{"old": 20, "new": 45}]


def test_a_one_off_threshold_does_not_change_the_stored_one(inspector):
    assert run_review(inspector, threshold=100).review.threshold == 100
    assert run_review(inspector).review.threshold == 20


@pytest.mark.parametrize("value", [-1, 101, "20", True])
def test_a_threshold_outside_0_to_100_is_refused(inspector, value):
    with pytest.raises(BadThreshold):
        set_threshold(inspector, value)


def test_findings_are_selected_by_unit_rule_and_least_score(inspector):
    review = run_review(inspector).review
    regulated = select_findings(review, rule="regulated_trade")
    assert regulated
    assert {f.rule for f in regulated} == {"regulated_trade"}
    high = select_findings(review, min_score=60)
    assert all(review.scores[f.subject].score >= 60 for f in high)
    unit = regulated[0].unit_code
    assert all(f.unit_code == unit for f in select_findings(review, unit=unit) if unit != "1311")
    scores = [review.scores[f.subject].score for f in select_findings(review)]
    assert scores == sorted(scores, reverse=True)
    with pytest.raises(UnknownRule):
        select_findings(review, rule="no_such_rule")


def test_a_unit_selection_includes_the_units_below_it(inspector):
    review = run_review(inspector).review
    everything = select_findings(review)
    assert select_findings(review, unit="1311") == everything
