"""The inspectors' page deleted while its import batch works (the window locked or the role's pages rebuilt, with the
work still running in a pool thread): the work goes on to its end without an error, nothing of it reaches the page,
and the batch goes once the work has ended."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent

from desktop.gui.inspector import import_batch
from desktop.gui.inspector.page import InspectorPage
from desktop.services.inspection.workbook_import import ImportResult
from tests.gui import test_head_fixtures as support
from tests.gui.test_head_fixtures import INSPECTOR, ReviewWorld

review_template, review_world, page_context = support.review_template, support.review_world, support.page_context


class _RacingValidity:
    """``shiboken6`` as the batch's module sees it, where asking from the import's thread whether the batch is still
    there lets the GUI thread delete the page between the answer and what the work does with it (the race)."""

    def __init__(self, delete_now: threading.Event, deleted: threading.Event) -> None:
        self._delete_now, self._deleted = delete_now, deleted

    def isValid(self, item: object) -> bool:  # shiboken6's name
        answer = shiboken6.isValid(item)
        if threading.current_thread() is not threading.main_thread() and answer and not self._deleted.is_set():
            self._delete_now.set()
            assert self._deleted.wait(10)
        return answer


def test_a_page_deleted_while_its_import_runs(
    qtbot, review_world: ReviewWorld, page_context, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    delete_now, deleted = threading.Event(), threading.Event()
    monkeypatch.setattr(import_batch, "shiboken6", _RacingValidity(delete_now, deleted), raising=False)
    imported: list[str] = []
    raised: list[BaseException] = []

    def import_workbook(_session, path: Path, *, checked, **_options) -> ImportResult:
        try:
            checked(1, 2)  # a chunk checked: a status for the page
        except BaseException as error:
            raised.append(error)
            raise
        delete_now.set()  # the page is deleted while the file is being imported
        assert deleted.wait(10)
        imported.append(path.name)
        return ImportResult(path.name, f"id-{path.name}")

    monkeypatch.setattr(import_batch, "import_workbook", import_workbook)
    delivered: list[str] = []

    def _file_done(_page: InspectorPage, _report: object) -> None:
        delivered.append("file done")

    def _status(_page: InspectorPage, _status: object) -> None:
        delivered.append("status")

    def _batch_finished(_page: InspectorPage) -> None:
        delivered.append("finished")

    for slot in (_file_done, _status, _batch_finished):  # each with the page's own signature
        monkeypatch.setattr(InspectorPage, slot.__name__, slot)
    page = InspectorPage(page_context(review_world.login(INSPECTOR)))
    page.show()  # not through qtbot, which would close it after the test: it is deleted here
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: not page.loading, timeout=15_000)
    batch, runner = page.batch, page.runner
    failed: list[BaseException] = []
    task = batch.start([tmp_path / "a.xlsx", tmp_path / "b.xlsx"], on_finished=page._batch_finished)
    task.signals.failed.connect(failed.append)

    qtbot.waitUntil(delete_now.is_set, timeout=30_000)
    shiboken6.delete(page)
    delivered.clear()  # what the page was given while it was there (a first status, perhaps)
    deleted.set()
    assert runner.wait(60_000)
    qtbot.waitUntil(lambda: not runner.busy, timeout=10_000)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    assert raised == []
    assert failed == []
    assert imported == ["a.xlsx", "b.xlsx"]  # the work went on to its end
    assert delivered == []  # no report, status or end reached the deleted page
    assert not shiboken6.isValid(batch)  # and the batch went once its work had ended


def test_a_page_deleted_with_no_import_running_takes_its_batch_along(
    qtbot, review_world: ReviewWorld, page_context
) -> None:
    page = InspectorPage(page_context(review_world.login(INSPECTOR)))
    qtbot.waitUntil(lambda: not page.loading, timeout=15_000)
    batch, runner = page.batch, page.runner
    assert batch.parent() is runner  # not the page's: the work's signals may outlive the page

    shiboken6.delete(page)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    assert not shiboken6.isValid(batch)
    assert shiboken6.isValid(runner)
