"""The window's import batch asks the import to stage each content deflated (decision 251): its process holds the
staged rows beside Qt's own memory; the command line's import does not (tests/services/inspection/
test_staged_content.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.gui.inspector import import_batch
from desktop.gui.inspector.import_batch import ImportBatch
from desktop.services.inspection.workbook_import import ImportResult
from tests.gui.conftest import a_runner


class _NoWorkers:
    pool = None

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass


def test_the_window_s_batch_imports_each_file_deflated(qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    asked: list[object] = []

    def import_workbook(_session, path: Path, **options) -> ImportResult:  # the file's import, not under test
        asked.append(options.get("deflated"))
        return ImportResult(path.name, f"id-{path.name}")

    monkeypatch.setattr(import_batch, "import_workbook", import_workbook)
    runner = a_runner()
    batch = ImportBatch(None, runner, workers=_NoWorkers)  # type: ignore[arg-type]  # import_workbook is replaced
    finished: list[bool] = []
    batch.start([tmp_path / "a.xlsx", tmp_path / "b.xlsx"], on_finished=lambda: finished.append(True))
    qtbot.waitUntil(lambda: bool(finished), timeout=10_000)
    runner.wait()
    assert asked == [True, True]
