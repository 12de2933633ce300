"""Running the window's import batch (ImportBatch) over files whose import a test replaces: the batch's own work
(its thread, its steps between files) is what such tests look at, not the import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.gui.inspector import import_batch
from desktop.gui.inspector.import_batch import ImportBatch
from desktop.services.inspection.workbook_import import ImportResult
from tests.gui.conftest import a_runner


class NoWorkers:
    """Workers with no pool: the replaced import needs none."""

    pool = None

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass


def run_batch(
    qtbot,
    monkeypatch: pytest.MonkeyPatch,
    import_workbook: Callable[..., ImportResult],
    paths: list[Path],
    timeout_ms: int = 30_000,
) -> None:
    """Run a batch over ``paths`` with ``import_workbook`` as each file's import, until it has finished."""
    monkeypatch.setattr(import_batch, "import_workbook", import_workbook)
    runner = a_runner()
    batch = ImportBatch(None, runner, workers=NoWorkers)  # type: ignore[arg-type]  # import_workbook is replaced
    finished: list[bool] = []
    batch.start(paths, on_finished=lambda: finished.append(True))
    qtbot.waitUntil(lambda: bool(finished), timeout=timeout_ms)
    runner.wait()
