"""The import check the installers' smoke tests run (python -m desktop.app --check-import; ``officer-declare
check-import`` when bundled): the window's ImportBatch and workers, in a fresh interpreter, with a real store and a
real signed workbook."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.gui.import_check import passed
from desktop.services.workflow.export import export_unit
from tests.conftest import DEMO_STORE_PASSWORD, INSPECTOR, ROOT_UNIT, DemoWorld

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def exported(demo_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("import-check")
    world = DemoWorld(Path(shutil.copytree(demo_store_template, folder / "store")), folder / "throttle.json")
    try:
        return export_unit(world.login(INSPECTOR), folder / "all.xlsx", unit_code=ROOT_UNIT).path
    finally:
        world.close()


def check_import(store: Path, *args: str, password: str = DEMO_STORE_PASSWORD) -> tuple[int, dict[str, object]]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
        "OFFICER_DECLARE_PASSWORD": password,
    }
    done = subprocess.run(
        [sys.executable, "-m", "desktop.app", "--check-import", "--data-dir", str(store), "--user", INSPECTOR, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    return done.returncode, json.loads(done.stdout.strip().splitlines()[-1])


def test_it_imports_through_the_window_s_workers_and_leaves_none_running(
    exported: Path, demo_store_template: Path, tmp_path: Path
) -> None:
    store = Path(shutil.copytree(demo_store_template, tmp_path / "store"))

    code, report = check_import(store, str(exported))

    assert code == 0, report
    assert report["frozen"] is False
    assert report["start_method"] == ("forkserver" if sys.platform != "win32" else "spawn")
    [imported] = report["files"]  # type: ignore[misc]
    assert imported["file"] == "all.xlsx"
    assert imported["declarations"] > 0
    assert imported["valid"] + imported["invalid"] == imported["declarations"]
    assert imported["already_imported"] is False
    assert len(report["workers"]) == (os.cpu_count() or 1)  # type: ignore[arg-type]
    assert report["left"] == []
    assert report["cancelled"] is False
    assert report["error"] == ""

    code, again = check_import(store, str(exported))

    assert code == 0
    assert again["files"][0]["already_imported"] is True  # type: ignore[index]


def test_a_wrong_password_or_a_damaged_workbook_is_a_failure(
    exported: Path, demo_store_template: Path, tmp_path: Path
) -> None:
    store = Path(shutil.copytree(demo_store_template, tmp_path / "store"))
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(exported.read_bytes()[:1000])

    code, report = check_import(store, str(damaged))

    assert code == 1
    assert report["files"][0]["error"]  # type: ignore[index]
    assert report["left"] == []
    code, report = check_import(store, str(exported), password="not-the-password")

    assert code == 1
    assert str(report["error"]).startswith(f"no session for {INSPECTOR}: WrongPassword")


def test_passed_needs_no_error_no_worker_left_and_every_file_imported_unless_cancelling() -> None:
    good = {"files": [{"file": "a.xlsx", "declarations": 3}], "left": [], "error": ""}
    assert passed(good, cancelling=False)
    assert not passed({**good, "left": [123]}, cancelling=False)
    assert not passed({**good, "error": "the batch did not end"}, cancelling=False)
    failed_file = {**good, "files": [{"file": "a.xlsx", "error": "InvalidWorkbook: …"}]}
    assert not passed(failed_file, cancelling=False)
    assert passed({**good, "files": []}, cancelling=True)
