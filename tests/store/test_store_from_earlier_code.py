"""A store made by earlier code opens with this version: migrated to the latest schema, its audit chain intact.

The earlier code is this repository's own at a given commit (``git archive``), run in a fresh interpreter with this
environment's packages; the test is skipped where the clone has no such commit (a shallow clone). .ci/installer does
the same with the installed .deb.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.store.migrations import latest_version

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "earlier-pass-2026"
#: commit → the schema version of the stores its code makes
EARLIER = {"cc13b61": 3, "4e75498": 5}
SCHEMA = re.compile(r"Schema version (\d+) \(this application: (\d+)\)")


def earlier_code(commit: str, folder: Path) -> Path:
    found = subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", f"{commit}^{{commit}}"], check=False)
    if found.returncode != 0:
        pytest.skip(f"commit {commit} is not in this clone")
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", commit, "desktop", "resources"],
        capture_output=True,
        check=True,
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def run_earlier(code: Path, home: Path, *args: str) -> str:
    env = {
        **os.environ,
        "PYTHONPATH": str(code),
        "HOME": str(home),
        "OFFICER_DECLARE_PASSWORD": PASSWORD,
        "QT_QPA_PLATFORM": "offscreen",
    }
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--lang", "en", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=home,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def run_now(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--lang", "en", *args], stdout=out, stderr=err)
    return code, out.getvalue() + err.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize(("commit", "version"), EARLIER.items())
def test_a_store_made_by_earlier_code_opens_migrated_with_its_audit_chain_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, commit: str, version: int
) -> None:
    code = earlier_code(commit, tmp_path / "code")
    store = tmp_path / "store"
    run_earlier(code, tmp_path, "--data-dir", str(store), "demo", "--officers", "5")
    made = SCHEMA.search(run_earlier(code, tmp_path, "--data-dir", str(store), "--user", "admin", "info"))
    assert made is not None
    assert int(made.group(1)) == version
    monkeypatch.setenv("OFFICER_DECLARE_PASSWORD", PASSWORD)

    code_info, info = run_now("--data-dir", str(store), "--user", "admin", "info")
    code_audit, audit = run_now("--data-dir", str(store), "--user", "admin", "audit", "verify")

    assert code_info == 0, info
    opened = SCHEMA.search(info)
    assert opened is not None
    assert (int(opened.group(1)), int(opened.group(2))) == (latest_version(), latest_version())
    assert code_audit == 0, audit


#: The last commit whose code writes key file format 3 (before the page size, decision 196).
BEFORE_FORMAT_4 = "f6bf7f6"


@pytest.mark.slow
def test_the_code_before_format_4_says_a_new_store_is_too_new_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.cli.support import snapshot

    code = earlier_code(BEFORE_FORMAT_4, tmp_path / "code")
    store = tmp_path / "store"
    monkeypatch.setenv("OFFICER_DECLARE_PASSWORD", PASSWORD)
    made, out = run_now("--data-dir", str(store), "demo", "--officers", "2")
    assert made == 0, out
    before = snapshot(store)

    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--lang", "en", "--data-dir", str(store), "--user", "admin", "info"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(code), "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"},
        cwd=tmp_path,
        timeout=300,
        check=False,
    )

    said = done.stdout + done.stderr
    assert done.returncode != 0
    assert "written by a newer version of the application (format 4; this one reads up to 3)" in said, said
    assert "damaged" not in said
    assert snapshot(store) == before
