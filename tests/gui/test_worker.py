"""The task runner: work in a pool thread, results, errors and progress back in the GUI thread, cancellation."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtWidgets import QWidget

from desktop.errors import DeclareError
from desktop.gui.errors import error_text
from desktop.gui.worker import Progress, TaskRunner
from desktop.i18n import Translator
from desktop.store.errors import WrongPassword
from tests.gui.conftest import a_runner


@pytest.fixture
def runner(qtbot) -> TaskRunner:
    return a_runner()


def test_the_result_and_progress_arrive_in_the_gui_thread(qtbot, runner: TaskRunner) -> None:
    gui_thread = threading.get_ident()
    seen: list[tuple[str, object, bool]] = []

    def work(progress: Progress) -> int:
        seen.append(("work", None, threading.get_ident() == gui_thread))
        for step in range(3):
            progress(step + 1, 3, f"step {step + 1}")
        return 42

    with qtbot.waitSignal(runner.busy_changed, timeout=5_000, check_params_cb=lambda busy: not busy):
        runner.start(
            work,
            on_progress=lambda done, total, text: seen.append(
                ("progress", (done, total, text), threading.get_ident() == gui_thread)
            ),
            on_done=lambda value: seen.append(("done", value, threading.get_ident() == gui_thread)),
        )

    assert seen[0] == ("work", None, False)
    assert [s for s in seen if s[0] == "progress"] == [("progress", (i, 3, f"step {i}"), True) for i in (1, 2, 3)]
    assert seen[-1] == ("done", 42, True)
    assert not runner.busy


def test_an_error_arrives_as_the_exception_and_reads_as_a_translated_sentence(qtbot, runner: TaskRunner) -> None:
    errors: list[BaseException] = []

    def work(_progress: Progress) -> None:
        raise WrongPassword

    with qtbot.waitSignal(runner.busy_changed, timeout=5_000, check_params_cb=lambda busy: not busy):
        runner.start(work, on_error=errors.append, on_done=lambda _v: pytest.fail("no result expected"))

    [error] = errors
    assert isinstance(error, DeclareError)
    assert error_text(error, Translator("zh_CN")) == WrongPassword().render(Translator("zh_CN"))
    assert "ValueError" in error_text(ValueError("x"), Translator("en"))


def test_a_cancelled_task_stops_at_its_next_progress_report_and_delivers_nothing(qtbot, runner: TaskRunner) -> None:
    started, release = threading.Event(), threading.Event()
    delivered: list[object] = []
    finished: list[bool] = []
    reached: list[int] = []

    def work(progress: Progress) -> str:
        started.set()
        release.wait(5)
        progress(1, 2)
        reached.append(1)
        return "too late"

    handle = runner.start(
        work, on_done=delivered.append, on_error=delivered.append, on_finished=lambda: finished.append(True)
    )
    assert started.wait(5)
    handle.cancel()
    release.set()
    qtbot.waitUntil(lambda: handle.finished, timeout=5_000)

    assert reached == []
    assert delivered == []
    assert finished == [True]


def test_callbacks_for_a_deleted_widget_are_dropped(qtbot, runner: TaskRunner) -> None:
    owner = QWidget()
    release = threading.Event()
    delivered: list[object] = []
    handle = runner.start(lambda _progress: release.wait(5), on_done=delivered.append, owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(owner), timeout=5_000)
    release.set()
    qtbot.waitUntil(lambda: handle.finished, timeout=5_000)

    assert delivered == []


def test_the_garbage_collector_is_paused_while_tasks_run_and_resumes_after_the_last(qtbot, runner: TaskRunner) -> None:
    """A collection set off in a pool thread would finalize the GUI thread's Qt objects there (a crash seen in the
    inspector's page). While any task runs the collector is off; it is on again once the last of two overlapping
    tasks has ended, not when the first one does."""
    import gc

    assert gc.isenabled()
    first_may_end, second_may_end = threading.Event(), threading.Event()
    both_running = threading.Barrier(3, timeout=5)
    enabled_inside: list[bool] = []

    def work(may_end: threading.Event) -> None:
        enabled_inside.append(gc.isenabled())
        both_running.wait()
        may_end.wait(5)
        enabled_inside.append(gc.isenabled())

    runner.start(lambda _progress: work(first_may_end))
    runner.start(lambda _progress: work(second_may_end))
    both_running.wait()
    first_may_end.set()
    qtbot.waitUntil(lambda: len(enabled_inside) == 3, timeout=5_000)
    assert not gc.isenabled()  # the second task still runs
    with qtbot.waitSignal(runner.busy_changed, timeout=5_000, check_params_cb=lambda busy: not busy):
        second_may_end.set()
    assert enabled_inside == [False, False, False, False]
    qtbot.waitUntil(gc.isenabled, timeout=5_000)


def test_a_cancel_calls_what_the_work_registered_in_the_cancelling_thread_at_once(qtbot, runner: TaskRunner) -> None:
    # Work that waits on something else (an import's worker processes) is woken by the cancel, not by its next
    # progress report; a stop registered after the cancel is called at once.
    registered, woken = threading.Event(), threading.Event()
    calls: list[tuple[str, bool]] = []
    gui_thread = threading.get_ident()

    def work(progress: Progress) -> None:
        progress.on_cancel(lambda: (calls.append(("first", threading.get_ident() == gui_thread)), woken.set()))
        registered.set()
        assert woken.wait(5)
        progress.on_cancel(lambda: calls.append(("late", threading.get_ident() == gui_thread)))
        progress.check()

    handle = runner.start(work)
    assert registered.wait(5)
    with qtbot.waitSignal(runner.busy_changed, timeout=5_000, check_params_cb=lambda busy: not busy):
        handle.cancel()
    assert calls == [("first", True), ("late", False)]
    handle.cancel()  # a second cancel calls nothing again
    assert len(calls) == 2
