"""The findings listing with nothing changed since the last run answers from what was kept with that run (issue 16,
item 3; decisions 167-169): in a fresh process it imports no workbook library, and its answer is the full review's
listing, line for line, on changed and unchanged stores."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.i18n import Translator
from desktop.review.loading import load_review_data
from desktop.services.inspection.conclusions import conclude
from desktop.services.inspection.current import quick_signature
from desktop.services.inspection.listing import ListedFinding, findings_listing
from desktop.services.inspection.listing_kept import text_line
from desktop.services.inspection.review import data_signature, run_review, select_findings
from desktop.services.inspection.workbook_import import import_workbook
from desktop.services.session.session import Session
from desktop.services.workflow.export import export_unit
from desktop.store import schema
from tests.cli.support import REPO, clean_env, run
from tests.review.conftest import INSPECTOR, REVIEW_DEMO_PASSWORD
from tests.review.test_register_matching_again import reimport_licences

#: What the second listing does not need: each costs a tenth of a second or more to import (openpyxl imports numpy;
#: the rules' catalog every rule's module, the engine the catalog).
HEAVY = ("openpyxl", "numpy", "PySide6", "faker", "desktop.review.catalog", "desktop.review.engine")

#: Runs the CLI with argv[2:] and prints its exit code, what it printed and which of the modules named in argv[1] it
#: imported.
_LOADED = """
import io, json, sys
from desktop.cli import main
out = io.StringIO()
code = main(sys.argv[2:], stdout=out)
loaded = sorted(m for m in json.loads(sys.argv[1]) if m in sys.modules)
print(json.dumps({"code": code, "out": out.getvalue(), "loaded": loaded}))
"""


def _fresh_listing(session: Session, home: Path) -> dict[str, object]:
    folder = session.store.paths.folder
    done = subprocess.run(
        [sys.executable, "-c", _LOADED, json.dumps(HEAVY), "--data-dir", str(folder), "findings"],
        capture_output=True,
        text=True,
        env=clean_env(
            home,
            PYTHONPATH=str(REPO),
            OFFICER_DECLARE_LANG="en",
            OFFICER_DECLARE_USER=INSPECTOR,
            OFFICER_DECLARE_PASSWORD=REVIEW_DEMO_PASSWORD,
        ),
        cwd=home,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def test_a_second_listing_in_a_fresh_process_imports_no_workbook_library(
    encrypted_inspector: Session, tmp_path: Path
) -> None:
    first = findings_listing(encrypted_inspector, Translator("en"))  # the run recorded, its listing kept
    assert not first.stored

    found = _fresh_listing(encrypted_inspector, tmp_path)

    assert found["code"] in (0, 1)
    assert str(found["out"]).startswith(first.text())  # the lines, then the summary
    assert found["loaded"] == []


def test_the_command_writes_the_kept_text_s_bytes_as_its_text_would_be_written(
    encrypted_inspector: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real console's standard output takes the kept UTF-8 bytes as they are (decision 168); a StringIO the
    decoded text: the same output."""
    findings_listing(encrypted_inspector, Translator("en"))
    folder = str(encrypted_inspector.store.paths.folder)
    env = clean_env(
        tmp_path,
        PYTHONPATH=str(REPO),
        OFFICER_DECLARE_LANG="en",
        OFFICER_DECLARE_USER=INSPECTOR,
        OFFICER_DECLARE_PASSWORD=REVIEW_DEMO_PASSWORD,
    )
    console = subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", folder, "findings"],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    for name in ("OFFICER_DECLARE_LANG", "OFFICER_DECLARE_USER", "OFFICER_DECLARE_PASSWORD"):
        monkeypatch.setenv(name, env[name])
    in_process = run(["--data-dir", folder, "findings"])

    assert console.returncode == in_process.code in (0, 1)
    assert console.stdout.decode("utf-8") == in_process.out
    assert in_process.out.startswith(findings_listing(encrypted_inspector, Translator("en")).text())


def _reviewed_lines(session: Session, translate: Translator) -> list[str]:
    """The listing's lines as the full review renders them."""
    review = run_review(session).review
    scores = review.scores
    return [
        text_line(ListedFinding.of(f, scores[f.subject].score, scores[f.subject].cleared, translate))
        for f in select_findings(review)
    ]


def _import_again(session: Session, folder: Path) -> None:
    campaign = run_review(session).review.campaign
    path = folder / "again.xlsx"
    export_unit(session, path, unit_code="1311", campaign_id=campaign.id)
    import_workbook(session, path)


CHANGES: dict[str, Callable[[Session, Path], None]] = {
    "a new import": _import_again,
    "a register imported again": reimport_licences,
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_the_quick_answer_is_the_full_review_s_listing_before_and_after_a_change(
    encrypted_inspector: Session, tmp_path: Path, change: str
) -> None:
    session, translate = encrypted_inspector, Translator("zh_CN")
    first = findings_listing(session, translate)
    quick = findings_listing(session, translate)
    assert (first.stored, quick.stored) == (False, True)
    assert quick.lines() == first.lines() == _reviewed_lines(session, translate)

    CHANGES[change](session, tmp_path)
    changed = findings_listing(session, translate)
    assert not changed.stored  # reviewed again
    assert changed.run_id != quick.run_id
    again = findings_listing(session, translate)
    assert again.stored
    assert again.run_id == changed.run_id
    assert again.lines() == changed.lines() == _reviewed_lines(session, translate)


def test_a_conclusion_shows_at_once_in_the_quick_answer_without_a_new_review(
    encrypted_inspector: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A conclusion is not part of a run (its findings stay true): the run is reused, and the listing's JSON shows
    the conclusion at once, read afresh."""
    session = encrypted_inspector
    quick = findings_listing(session, Translator("en"))
    quick = findings_listing(session, Translator("en"))
    assert quick.stored
    row = next(r for r in quick.select() if r.declaration_id)
    folder = str(session.store.paths.folder)
    monkeypatch.setenv("OFFICER_DECLARE_USER", INSPECTOR)
    monkeypatch.setenv("OFFICER_DECLARE_PASSWORD", REVIEW_DEMO_PASSWORD)

    def shown() -> dict[str, object]:
        listed = run(["--data-dir", folder, "findings", "--json"]).json()
        assert isinstance(listed, dict)
        return listed

    before = shown()
    conclude(session, row.declaration_id, "omission", "漏报一处")
    after = shown()

    assert after["run"] == before["run"] == quick.run_id  # no new review
    concluded = [f["conclusion"] for f in after["findings"] if f["declaration"] == row.declaration_id]
    assert concluded
    assert set(concluded) == {"omission"}
    assert {f["conclusion"] for f in before["findings"] if f["declaration"] == row.declaration_id} != {"omission"}


def test_the_roster_joined_by_sqlite_signs_as_the_loaded_roster_does_with_hostile_numbers(
    encrypted_inspector: Session,
) -> None:
    """SQLite joins the roster in its own order (decision 168): the signature is the loaded data's, whatever the
    police numbers hold (prefixes of each other, a colon, a NUL, letters of any case, Chinese, emoji)."""
    o = schema.officers
    numbers = ["123", "1234", "12:3", "12\x003", "Z9", "z9", "é1", "警号1", "😀1", "１２３", "00000000000000000000"]
    with encrypted_inspector.store.transaction() as connection:
        unit = connection.execute(select(schema.units.c.code)).scalars().first()
        connection.execute(
            o.insert(),
            [
                {"police_number": number, "name": "某", "id_number": "X", "unit_code": unit, "is_unit_head": i % 2 == 0}
                for i, number in enumerate(numbers)
            ],
        )
    with encrypted_inspector.store.transaction() as connection:
        _campaign, quick = quick_signature(connection, None, 20)
        loaded = data_signature(load_review_data(connection), 20)
    assert quick == loaded
