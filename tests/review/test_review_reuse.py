"""A listing with nothing changed since the last review run answers from the stored run (its findings kept with
it): no declaration loaded, no rule run. Any change to what the findings depend on reviews again."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

from sqlalchemy import select

from desktop.i18n import Translator
from desktop.review.engine import review_campaign
from desktop.services.inspection import review_reuse, run_rows
from desktop.services.inspection.conclusions import conclude, latest_conclusions
from desktop.services.inspection.current import quick_signature
from desktop.services.inspection.review import data_signature, run_review, select_findings, set_threshold
from desktop.services.inspection.review_reuse import StoredReview
from desktop.services.inspection.trust import distrust_key, list_head_keys
from desktop.services.inspection.workbook_import import import_workbook
from desktop.services.workflow.export import export_unit
from desktop.store import schema

MARK = "STORED-RUN"


def _mark_the_stored_run(session, run_id: int) -> None:
    """Change the names in the stored findings: a listing that shows them was answered from the stored run. A run
    is recorded as rows since schema version 12 (its names in review_scores and review_run_findings); one recorded
    as a document keeps them there."""
    f = schema.review_findings
    with session.store.transaction() as connection:
        layout, packed = connection.execute(select(f.c.format, f.c.content).where(f.c.run_id == run_id)).one()
        if layout == run_rows.ROWS_FORMAT:
            for table in (schema.review_scores, schema.review_run_findings):
                connection.execute(table.update().where(table.c.run_id == run_id).values(name=MARK))
            return
        content = json.loads(zlib.decompress(packed))
        content["scores"]["name"] = [MARK] * len(content["scores"]["name"])
        packed = zlib.compress(json.dumps(content, ensure_ascii=False).encode("utf-8"))
        connection.execute(f.update().where(f.c.run_id == run_id).values(content=packed))


def _answered_from_the_stored_run(session) -> bool:
    run = run_review(session)
    marked = {f.name == MARK for f in run.review.findings} | {s.name == MARK for s in run.review.scores.values()}
    assert len(marked) == 1, "all findings come from one place"
    return marked.pop()


def test_the_stored_run_gives_exactly_what_the_rules_give(encrypted_inspector):
    session = encrypted_inspector
    run_review(session)
    with session.store.transaction() as connection:
        fresh = review_campaign(connection, threshold=20)
        run_id = connection.execute(select(schema.review_runs.c.id).order_by(schema.review_runs.c.id.desc())).first()[0]
        campaign, quick = quick_signature(connection, None, 20)
        stored = review_reuse.load_findings(connection, run_id, campaign, 20, lambda: fresh.data)
    assert quick == data_signature(fresh.data, 20)
    assert isinstance(stored, StoredReview)
    assert stored.findings == fresh.findings
    assert stored.scores == fresh.scores
    assert (stored.declaration_count, stored.units, stored.campaign) == (
        fresh.declaration_count,
        fresh.units,
        fresh.campaign,
    )
    for language in ("en", "zh_CN"):
        translate = Translator(language)
        assert [f.render(translate) for f in stored.findings] == [f.render(translate) for f in fresh.findings]
    assert select_findings(stored, unit="1311") == select_findings(fresh, unit="1311")
    assert [s.subject for s in stored.flagged()] == [s.subject for s in fresh.flagged()]


def test_a_listing_with_nothing_changed_runs_no_rule_and_reads_no_declaration(encrypted_inspector):
    first = run_review(encrypted_inspector)
    _mark_the_stored_run(encrypted_inspector, first.run_id)
    again = run_review(encrypted_inspector)
    assert (again.run_id, again.recorded) == (first.run_id, False)
    assert again.review.timings == {}  # no rule ran
    assert isinstance(again.review, StoredReview)
    assert again.review._data is None  # the declarations were not loaded
    assert {f.name for f in again.review.findings} == {MARK}


def test_a_new_threshold_reviews_again(encrypted_inspector):
    _mark_the_stored_run(encrypted_inspector, run_review(encrypted_inspector).run_id)
    assert _answered_from_the_stored_run(encrypted_inspector)
    set_threshold(encrypted_inspector, 45)
    assert not _answered_from_the_stored_run(encrypted_inspector)
    assert run_review(encrypted_inspector, threshold=20).recorded  # a one-off threshold is not the stored run either


def test_a_change_of_trust_reviews_again(encrypted_inspector):
    _mark_the_stored_run(encrypted_inspector, run_review(encrypted_inspector).run_id)
    trusted = next(k for k in list_head_keys(encrypted_inspector) if k.trusted and k.countersigned)
    distrust_key(encrypted_inspector, trusted.fingerprint)
    assert not _answered_from_the_stored_run(encrypted_inspector)


def test_a_new_import_reviews_again(encrypted_inspector, tmp_path: Path):
    session = encrypted_inspector
    _mark_the_stored_run(session, run_review(session).run_id)
    campaign = run_review(session).review.campaign
    path = tmp_path / "again.xlsx"
    export_unit(session, path, unit_code="1311", campaign_id=campaign.id)
    import_workbook(session, path)
    assert not _answered_from_the_stored_run(session)


def test_a_conclusion_is_shown_at_once_beside_the_stored_findings(encrypted_inspector):
    """Conclusions are not part of a run (the findings do not depend on them): they are read at every listing."""
    session = encrypted_inspector
    run = run_review(session)
    _mark_the_stored_run(session, run.run_id)
    finding = next(f for f in run.review.findings if f.declaration_id)
    conclude(session, finding.declaration_id, kind="omission", note="漏报一处")
    again = run_review(session)
    assert again.run_id == run.run_id
    assert {f.name for f in again.review.findings} == {MARK}
    with session.store.transaction() as connection:
        assert latest_conclusions(connection, again.review.campaign.id)[finding.declaration_id].kind == "omission"


def test_a_run_recorded_before_findings_were_kept_gets_them_at_the_next_listing(encrypted_inspector):
    session = encrypted_inspector
    run = run_review(session)
    with session.store.transaction() as connection:
        connection.execute(schema.review_findings.delete())
    again = run_review(session)
    assert (again.run_id, again.recorded) == (run.run_id, False)
    assert again.review.timings  # reviewed
    third = run_review(session)
    assert third.review.timings == {}
    assert third.review.findings == again.review.findings
