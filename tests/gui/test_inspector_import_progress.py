"""The inspectors' page imports in worker processes (decision 162): the progress shows the declarations checked of
the file's, chunk by chunk, updated in the GUI thread; Cancel ends the workers and keeps nothing of the file under
way; a worker that dies is one sentence in the report, nothing of its file is stored, and the batch goes on."""

from __future__ import annotations

import os
import re
import signal
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton
from sqlalchemy import func, select

from desktop.app import AppPaths
from desktop.exchange.workbook import chunks
from desktop.gui.inspector.import_batch import ImportStatus
from desktop.gui.inspector.page import InspectorPage
from desktop.services.workflow.export import export_unit
from desktop.store import schema
from tests.conftest import DEMO_STORE_PASSWORD, ROOT_UNIT, DemoWorld
from tests.gui import test_head_fixtures as support
from tests.gui.conftest import log_in
from tests.gui.test_head_fixtures import INSPECTOR, ReviewWorld, show
from tests.gui.test_inspector_page import LEFT, wait_for_import, workbooks_in_store

review_template, review_world, page_context, chinese = (
    support.review_template,
    support.review_world,
    support.page_context,
    support.chinese,
)


@pytest.fixture(autouse=True)
def one_declaration_a_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chunks, "DECLARATIONS_PER_CHUNK", 1)  # a unit's workbook makes several chunks


@pytest.fixture
def inspector_page(qtbot, review_world: ReviewWorld, page_context) -> InspectorPage:
    page = InspectorPage(page_context(review_world.login(INSPECTOR)))
    show(qtbot, page)
    return page


@pytest.fixture
def whole_tree(review_world: ReviewWorld, tmp_path: Path) -> Path:
    """Every countersigned declaration of the demo's tree in one workbook (tens of them; a unit's has a few)."""
    return export_unit(review_world.login(INSPECTOR), tmp_path / "tree.xlsx", unit_code=ROOT_UNIT).path


def start(qtbot, page: InspectorPage, monkeypatch, files: list[Path]) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kwargs: ([str(f) for f in files], ""))
    qtbot.mouseClick(page.findChild(QPushButton, "importButton"), LEFT)


def at_first_chunk(page: InspectorPage, act) -> threading.Event:
    """Hold the import's thread at its file's first chunk checked until ``act()`` has run in the GUI thread (or
    the import is cancelled: ``act`` may be what waits for the import's end, as closing the window does)."""
    acted = threading.Event()
    held = threading.Event()

    def in_the_import_thread(status: ImportStatus) -> None:
        if status.checked and not held.is_set():
            held.set()
            task = page.batch.task
            for _ in range(3000):
                if acted.wait(0.01) or (task is not None and task.cancelled):
                    return
            pytest.fail("the GUI thread never acted")

    def in_the_gui_thread(status: ImportStatus) -> None:
        if status.checked and not acted.is_set():
            act()
            acted.set()

    # The queued one first: Qt posts it before it calls the direct one, which then waits for it.
    page.batch.status_changed.connect(in_the_gui_thread, Qt.ConnectionType.QueuedConnection)
    page.batch.status_changed.connect(in_the_import_thread, Qt.ConnectionType.DirectConnection)
    return acted


def test_closing_the_window_during_an_import_ends_the_workers_and_keeps_nothing(
    qtbot, open_main_window, demo_world: DemoWorld, monkeypatch, tmp_path
):
    workbook = export_unit(demo_world.login(INSPECTOR), tmp_path / "tree.xlsx", unit_code=ROOT_UNIT).path
    window = open_main_window(AppPaths(demo_world.paths.folder, tmp_path / "settings.json", tmp_path / "t.json"))
    log_in(qtbot, window, INSPECTOR, DEMO_STORE_PASSWORD)
    page = window.findChild(InspectorPage)
    workers: list[list[int]] = []

    def close() -> None:
        workers.append(page.batch.workers.process_ids())  # type: ignore[union-attr]  # running
        window.close()  # locks, cancels every task and waits for it

    acted = at_first_chunk(page, close)
    start(qtbot, page, monkeypatch, [workbook])
    qtbot.waitUntil(acted.is_set, timeout=60_000)

    assert not window.isVisible()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10_000)  # its end reported too
    assert workers[0]
    assert not any(alive(pid) for pid in workers[0])
    inspector = demo_world.login(INSPECTOR)
    with inspector.store.transaction() as connection:
        assert connection.execute(select(func.count()).select_from(schema.imported_workbooks)).scalar_one() == 0


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_progress_counts_the_declarations_checked_chunk_by_chunk_in_the_gui_thread(
    qtbot, inspector_page, whole_tree, monkeypatch, chinese
):
    gui_thread = threading.get_ident()
    bar = inspector_page.progress
    seen: list[tuple[int, str, bool]] = []
    bar.valueChanged.connect(lambda value: seen.append((value, bar.format(), threading.get_ident() == gui_thread)))
    workbook = whole_tree

    start(qtbot, inspector_page, monkeypatch, [workbook])
    wait_for_import(qtbot, inspector_page)

    assert inspector_page.report.outcomes() == {workbook.name: "imported"}
    assert seen
    assert all(in_gui for _value, _text, in_gui in seen)
    values = [value for value, _text, _in_gui in seen]
    assert values == sorted(values)  # forward only
    assert values[-1] == 1000
    counted = [
        re.fullmatch(rf"第 1 / 1 个文件：{re.escape(workbook.name)}，已核验 (\d+) / (\d+) 份登记表", t)
        for _v, t, _g in seen
    ]
    checked = [(int(m[1]), int(m[2])) for m in counted if m]
    declarations = checked[-1][1]
    assert declarations > 10
    assert [done for done, _ in checked] == sorted(done for done, _ in checked)
    assert {done for done, _ in checked} >= {1, declarations}  # each chunk of one declaration shown, to the last
    assert {total for _, total in checked} == {declarations}


def test_cancel_midway_ends_the_workers_and_keeps_nothing_of_the_file(qtbot, inspector_page, review_world, monkeypatch):
    workbook = review_world.template.workbooks[0]
    workers: list[list[int]] = []

    def cancel() -> None:
        workers.append(inspector_page.batch.workers.process_ids())  # type: ignore[union-attr]  # running
        qtbot.mouseClick(inspector_page.findChild(QPushButton, "cancelImportButton"), LEFT)

    acted = at_first_chunk(inspector_page, cancel)
    start(qtbot, inspector_page, monkeypatch, [workbook])
    wait_for_import(qtbot, inspector_page)

    assert acted.is_set()
    assert inspector_page.report.outcomes() == {workbook.name: "cancelled"}
    assert workbooks_in_store(review_world) == 0
    assert workers[0]
    assert not any(alive(pid) for pid in workers[0])
    assert inspector_page.findChild(QPushButton, "importButton").isEnabled()


def test_a_worker_that_dies_is_one_sentence_nothing_of_its_file_is_stored_and_the_next_file_is_imported(
    qtbot, inspector_page, review_world, whole_tree, monkeypatch
):
    first, second = whole_tree, review_world.template.workbooks[0]  # many chunks: some are sent after the kill
    killed: list[int] = []

    def kill_a_worker() -> None:
        pid = inspector_page.batch.workers.process_ids()[0]  # type: ignore[union-attr]  # running
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    at_first_chunk(inspector_page, kill_a_worker)
    start(qtbot, inspector_page, monkeypatch, [first, second])
    wait_for_import(qtbot, inspector_page)

    assert killed
    assert inspector_page.report.outcomes() == {first.name: "refused", second.name: "imported"}
    report = inspector_page.report
    items = [report.topLevelItem(i) for i in range(report.topLevelItemCount())]
    (item,) = [item for item in items if item.text(0) == first.name]
    assert item.text(1) == f"{first.name}：未导入任何内容；读取该文件的进程意外终止。请重新导入。"
    assert item.childCount() == 0
    assert workbooks_in_store(review_world) == 1  # the second file's, on workers started afresh
    assert {row["workbook"] for row in _rows(inspector_page)} == {second.name}


def _rows(page: InspectorPage) -> list[dict[str, object]]:
    from tests.gui.test_inspector_page import table_rows

    return table_rows(page)
