"""The GUI tests end a test's pages and runners in that test's teardown (tests/gui/conftest.py, a_runner): no runner
that Python owns is left for the cyclic garbage collector to delete, with its thread pool, in a later test.
"""

from __future__ import annotations

import gc
import re
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget
from shiboken6 import Shiboken

from desktop.gui.worker import TaskRunner
from tests.gui.conftest import leave_nothing_behind


class _Page(QWidget):
    """A page as the fixtures make one: it keeps the runner it was given, and its wrappers form a cycle."""

    def __init__(self, runner: TaskRunner) -> None:
        super().__init__()
        self.runner = runner
        self.itself = self


def _page_test(qtbot, runners: list[TaskRunner]) -> None:
    """What a page test does, up to its fixtures' teardown: a runner made without a parent, a page shown over it
    that ran a task, then closed and scheduled for deletion (as qtbot does before the fixtures' teardown)."""
    runner = TaskRunner()
    runners.append(runner)
    page = _Page(runner)
    page.show()
    finished: list[bool] = []
    runner.start(lambda _progress: 1, on_finished=lambda: finished.append(True), owner=page)
    qtbot.waitUntil(lambda: bool(finished), timeout=5_000)
    page.close()
    page.deleteLater()


def _qt_objects_left_for_the_collector() -> list[str]:
    """The Qt objects still alive (not yet deleted) that only the cyclic collector would free."""
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        return [type(o).__name__ for o in gc.garbage if isinstance(o, Shiboken.Object) and shiboken6.isValid(o)]
    finally:
        gc.garbage.clear()
        gc.set_debug(0)
        gc.collect()


def test_without_it_a_closed_pages_cycle_keeps_its_runner_alive_for_the_collector(qtbot) -> None:
    runners: list[TaskRunner] = []
    _page_test(qtbot, runners)
    assert runners[0].wait(5_000)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    runners.clear()  # the fixture's list goes with its teardown: the page's cycle is what keeps the runner

    assert "TaskRunner" in _qt_objects_left_for_the_collector()


def test_a_page_tests_teardown_leaves_nothing_for_the_collector(qtbot) -> None:
    runners: list[TaskRunner] = []
    _page_test(qtbot, runners)

    leave_nothing_behind(runners)

    assert not shiboken6.isValid(runners[0])
    runners.clear()
    assert _qt_objects_left_for_the_collector() == []


def test_every_gui_test_makes_its_parentless_runners_through_a_runner() -> None:
    """So that each is ended in its own test's teardown (tests.gui.conftest.end_the_runners_made): none is made
    without a parent elsewhere (this module makes one on purpose, to show what happens otherwise)."""
    here = Path(__file__).parent
    allowed = {here / "conftest.py", Path(__file__)}
    making = [
        f"{path.name}:{number}"
        for path in sorted(here.rglob("*.py"))
        if path not in allowed
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bTaskRunner\(\s*(max_threads=\d+\s*)?\)", line)
    ]
    assert making == []
