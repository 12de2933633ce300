"""The window's import without the window, for the installers' smoke tests: the bundled program's import workers.

``python -m desktop.app --check-import WORKBOOK… --data-dir STORE --user LOGIN [--cancel-after N]``
(``officer-declare check-import …`` in the bundled program) logs in with OFFICER_DECLARE_PASSWORD as the window
does (StoreAccess), imports the files through the window's ImportBatch on a TaskRunner, in an offscreen
application, with the window's workers (ImportWorkers: a forkserver on Linux, spawned on Windows; in a frozen
program both re-enter the executable), and prints what ``check`` returns as one JSON line:

- ``frozen``: whether this is a bundled program; ``start_method``: how the workers were started;
- ``files``: per file imported, ``file``, ``declarations``, ``valid``, ``invalid``, ``already_imported``, or its
  ``error`` (the exception's type and text);
- ``cancelled``: whether the batch was cancelled (``cancel_after``: once that many declarations of a file are
  checked, as a person's Cancel would), and ``checked``: the most declarations of one file seen checked;
- ``workers``: the process ids of the workers the batch started; ``left``: those still running once the batch
  ended (none, or a worker outlived its import);
- ``error``: empty, or that the batch did not end in time or failed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.gui.inspector.import_batch import FileReport, ImportBatch, ImportStatus
from desktop.gui.worker import TaskRunner
from desktop.services.inspection.import_workers import ImportWorkers
from desktop.services.session.session import Session


def check(
    session: Session,
    files: list[Path],
    *,
    cancel_after: int | None = None,
    timeout: float = 600.0,
    workers: Callable[[], ImportWorkers] = ImportWorkers,
) -> dict[str, object]:
    """Import ``files`` through an ImportBatch, running the event loop until it ends (or ``timeout`` seconds), and
    say what happened. The caller owns the session (and locks it)."""
    app = QApplication.instance() or QApplication([])
    started: list[ImportWorkers] = []
    pids: list[int] = []
    reports: list[FileReport] = []
    statuses: list[ImportStatus] = []
    state = {"cancelled": False, "ended": False, "failed": ""}

    def start_workers() -> ImportWorkers:
        try:
            made = workers()
        except BaseException as error:  # the batch's task ends with it
            state["failed"] = f"the workers did not start: {type(error).__name__}: {error}"
            raise
        started.append(made)
        pids.extend(made.process_ids())
        return made

    runner = TaskRunner(max_threads=1)
    batch = ImportBatch(session, runner, workers=start_workers)
    batch.file_done.connect(reports.append)
    batch.status_changed.connect(statuses.append)

    def poll() -> None:
        checked = max((s.checked for s in statuses), default=0)
        if cancel_after is not None and not state["cancelled"] and checked >= cancel_after:
            state["cancelled"] = True
            batch.cancel()

    def ended() -> None:
        state["ended"] = True
        app.quit()

    def out_of_time() -> None:
        state["failed"] = f"the import did not end within {timeout:.0f} s"
        batch.cancel()

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(5)
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(out_of_time)
    deadline.start(int(timeout * 1000))
    batch.start(files, on_finished=ended)
    app.exec()
    timer.stop()
    deadline.stop()
    runner.wait(30_000)
    app.processEvents()  # the reports queued from the task's thread
    return {
        "frozen": bool(getattr(sys, "frozen", False)),
        "start_method": started[0].context.get_start_method() if started else "",
        "files": [_file(report) for report in reports],
        "cancelled": bool(state["cancelled"]),
        "checked": max((s.checked for s in statuses), default=0),
        "workers": sorted(pids),
        "left": sorted(pid for made in started for pid in made.running()),
        "error": "" if state["ended"] and not state["failed"] else state["failed"] or "the batch did not end",
    }


def _file(report: FileReport) -> dict[str, object]:
    if report.result is None:
        return {"file": report.path.name, "error": f"{type(report.error).__name__}: {report.error}"}
    result = report.result
    return {
        "file": result.file,
        "declarations": result.declarations,
        "valid": result.valid,
        "invalid": result.invalid,
        "already_imported": result.already_imported,
    }


def passed(report: dict[str, object], *, cancelling: bool) -> bool:
    """No error, no worker left running, and every file imported (unless the batch was to be cancelled)."""
    files = report.get("files")
    imported = cancelling or (isinstance(files, list) and all("error" not in file for file in files))
    return not report.get("error") and not report.get("left") and imported
