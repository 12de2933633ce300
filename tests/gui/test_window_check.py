"""The window check the installers' smoke tests run (python -m desktop.app --check-window), in a fresh interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from desktop.app import AppPaths
from desktop.store.store import StorePaths

ROOT = Path(__file__).resolve().parents[2]


def check_window(*args: str) -> tuple[int, dict[str, object]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "desktop.app", "--check-window", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    return done.returncode, json.loads(done.stdout.strip().splitlines()[-1])


def test_over_a_store_it_reports_the_login_page_in_chinese_with_its_accounts_and_times(
    demo_store: StorePaths, app_paths: AppPaths
) -> None:
    started = time.time()

    code, report = check_window(
        "--data-dir", str(demo_store.folder), "--config-dir", str(app_paths.settings_file.parent)
    )

    assert code == 0
    assert report["page"] == "loginPage"
    assert report["window_title"] == report["app_title"] == "民警参与经商办企业情况登记"
    assert report["accounts"] == 1
    assert report["error"] == ""
    assert started < report["shown"] <= report["ready"] < time.time()


def test_over_an_empty_folder_in_english_it_reports_the_welcome_page(tmp_path: Path) -> None:
    code, report = check_window("--data-dir", str(tmp_path / "empty"), "--config-dir", str(tmp_path), "--lang", "en")

    assert code == 0
    assert report["page"] == "welcomePage"
    assert report["window_title"] == "Declarations of business involvement"


def test_a_store_that_cannot_be_opened_is_a_failure_with_the_reason(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / "keys.json").write_text("not a key file", encoding="utf-8")

    code, report = check_window("--data-dir", str(folder), "--config-dir", str(tmp_path))

    assert code == 1
    assert report["error"]
