"""The Findings tab's data on a database server is read from the run's rows (decision 170): the same rows, details,
bars and figures as on the encrypted store holding the same imported data, without the review's outcome in the
client (``run_review`` is never called)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.gui.inspector.findings import data as findings_data
from desktop.gui.inspector.findings.data import load_findings
from desktop.gui.inspector.findings.stored import StoredDetails
from desktop.i18n import Translator
from desktop.services.inspection import run_summary
from desktop.services.inspection.conclusions import conclude
from desktop.services.session.login import log_in
from desktop.services.session.throttle import LoginThrottle
from desktop.store.store import StorePaths
from tests.review.conftest import INSPECTOR, REVIEW_DEMO_PASSWORD


def _no_whole_review(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("the whole review's outcome was asked for on the server")


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_tab_on_a_server_shows_what_it_shows_on_the_encrypted_store(
    reviewed_demo, server_inspector, review_clock, tmp_path: Path, monkeypatch, language
):
    translate = Translator(language)
    folder = Path(shutil.copytree(reviewed_demo[0], tmp_path / "local-store"))
    encrypted = log_in(
        StorePaths(folder), INSPECTOR, REVIEW_DEMO_PASSWORD, clock=review_clock, throttle=LoginThrottle(tmp_path / "t")
    )
    try:
        first = load_findings(encrypted, translate)
        declared = next(row for row in first.rows if row[findings_data.DECLARATION])[findings_data.DECLARATION]
        officer = next(row for row in first.rows if not row[findings_data.DECLARATION])[findings_data.POLICE_NUMBER]
        for session in (encrypted, server_inspector):
            conclude(session, declared, kind="lead", note="移交线索")
            conclude(session, officer, kind="needs_checking", note="核实未登记原因")
        local = load_findings(encrypted, translate)
    finally:
        encrypted.lock()
    monkeypatch.setattr(findings_data, "run_review", _no_whole_review)
    monkeypatch.setattr(run_summary, "run_review", _no_whole_review)
    remote = load_findings(server_inspector, translate)
    assert isinstance(remote.details, StoredDetails)
    assert len(local.rows) > 10
    assert sum(1 for d in local.details.values() if d.conclusion) >= 2  # the conclusions are shown alike too
    assert sorted(remote.rows) == sorted(local.rows)
    assert list(remote.details) == list(dict.fromkeys(row[findings_data.SUBJECT] for row in remote.rows))
    assert set(remote.details) == set(local.details)
    for subject in local.details:
        assert remote.details[subject] == local.details[subject], subject
    for field in ("campaign", "threshold", "units", "unit_scope", "rules", "unit_bars", "trade_bars", "flagged"):
        assert getattr(remote, field) == getattr(local, field), field
    assert remote.campaign_id == local.campaign_id
    assert [lead[1:] for lead in remote.leads] == [lead[1:] for lead in local.leads]
    again = load_findings(server_inspector, translate)  # nothing changed: the same run, read again
    assert again.rows == remote.rows
