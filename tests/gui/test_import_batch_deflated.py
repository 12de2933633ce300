"""The window's import batch asks the import to stage each content deflated (decision 251): its process holds the
staged rows beside Qt's own memory; the command line's import does not (tests/services/inspection/
test_staged_content.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.services.inspection.workbook_import import ImportResult
from tests.gui.batch_support import run_batch


def test_the_window_s_batch_imports_each_file_deflated(qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    asked: list[object] = []

    def import_workbook(_session, path: Path, **options) -> ImportResult:  # the file's import, not under test
        asked.append(options.get("deflated"))
        return ImportResult(path.name, f"id-{path.name}")

    run_batch(qtbot, monkeypatch, import_workbook, [tmp_path / "a.xlsx", tmp_path / "b.xlsx"])
    assert asked == [True, True]
