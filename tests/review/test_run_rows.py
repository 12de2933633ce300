"""A review run's outcome is recorded row by row (schema version 12, decision 131): its findings in
review_run_findings, its scores with their names; it reads back as exactly what the rules gave. A run recorded by
earlier code as one JSON document (tests/fixtures/made_by_a06ae54/) still opens and lists its findings, and the key of
any view kept with a run fits on PostgreSQL."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.i18n import Translator
from desktop.review.engine import review_campaign
from desktop.review.findings import Finding
from desktop.services.inspection import review_reuse, run_rows
from desktop.services.inspection.kept_columns import keep, pack, read_kept
from desktop.services.inspection.review import run_review
from desktop.store import schema
from desktop.store.migrations import latest_version
from desktop.store.store import Store, StorePaths
from tests.cli.support import run

MADE = Path(__file__).resolve().parents[1] / "fixtures" / "made_by_a06ae54"
PASSWORD = "demo-pass-2026"


def _key(finding: Finding) -> tuple[str, str]:
    return finding.rule, finding.subject


def test_a_run_is_recorded_as_rows_and_reads_back_as_the_rules_gave(inspector):
    recorded = run_review(inspector)
    f, r = schema.review_findings, schema.review_run_findings
    with inspector.store.transaction() as connection:
        fresh = review_campaign(connection, threshold=recorded.review.threshold)
        layout = connection.execute(select(f.c.format).where(f.c.run_id == recorded.run_id)).scalar_one()
        rows = connection.execute(select(func.count()).where(r.c.run_id == recorded.run_id)).scalar_one()
        stored = review_reuse.load_findings(
            connection, recorded.run_id, fresh.campaign, fresh.threshold, lambda: fresh.data
        )
    assert layout == run_rows.ROWS_FORMAT
    assert rows == len(fresh.findings) > 50
    assert stored is not None
    assert stored.findings == recorded.review.findings  # every field, in the run's order
    assert sorted(stored.findings, key=_key) == sorted(fresh.findings, key=_key)  # what the rules give
    assert stored.scores == fresh.scores
    assert [list(s.weights) for s in stored.scores.values()] == [list(fresh.scores[s].weights) for s in stored.scores]
    assert stored.declaration_count == fresh.declaration_count


def test_a_finding_field_json_would_change_is_refused():
    finding = Finding("rule", "row:1", 1, "d", "000001", "n", "1311", 5, "m {x}", {"x": ("a", "b")})
    with pytest.raises(TypeError, match="tuple"):
        list(run_rows.finding_rows(1, [finding]))


@pytest.fixture
def made_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "store"
    shutil.copytree(MADE / "store", folder)  # never opened in place
    monkeypatch.setenv("OFFICER_DECLARE_PASSWORD", PASSWORD)
    return folder


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_run_kept_as_one_document_by_earlier_code_still_lists_its_findings(made_before: Path, language: str):
    """The English listing was kept with the run then; the Chinese one is rendered from the run's document."""
    listed = run(["--lang", language, "--data-dir", str(made_before), "--user", "jijian01", "findings", "--json"])
    assert listed.code == 1, listed.err  # findings need an inspector
    assert json.loads(listed.out) == json.loads((MADE / f"findings.{language}.json").read_text(encoding="utf-8"))

    store, _key = Store.unlock(StorePaths(made_before), "jijian01", PASSWORD)
    try:
        with store.transaction() as connection:
            version = connection.execute(
                select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")
            ).scalar_one()
            runs = connection.execute(select(schema.review_findings.c.run_id, schema.review_findings.c.format)).all()
    finally:
        store.lock()
    assert int(version) == latest_version() >= 12
    assert [tuple(r) for r in runs] == [(1, review_reuse.FORMAT)]  # read as it was, not reviewed again


def test_the_findings_tab_s_key_is_kept_with_a_run_on_postgresql(server_inspector):
    """review_listings.language was 16 characters: PostgreSQL refused the tab's 20 (this test failed before m0012)."""
    recorded = run_review(server_inspector)
    key = "findings-tab.2:zh_CN"
    assert len(key) == 20
    keep(server_inspector, recorded.run_id, key, 2, pack({"n": 1}, {"rows": ["一"]}))
    kept = read_kept(server_inspector, recorded.run_id, key, 2)
    assert kept is not None
    assert kept.column("rows") == ["一"]
    assert read_kept(server_inspector, recorded.run_id, Translator("zh_CN").language, 2) is None
