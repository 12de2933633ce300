"""Fixtures for the window's tests: the window built through the composition root (desktop.app) over real stores
in tmp_path, with its settings and throttle files in tmp_path too. Offscreen (tests/conftest.py sets it)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QLocale, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import AppPaths, build_environment, open_window
from desktop.domain.units import Unit
from desktop.gui import translations
from desktop.gui.shell.main_window import MainWindow
from desktop.gui.worker import TaskRunner
from desktop.services.clock import FixedClock
from desktop.services.session.setup import create_store
from desktop.store.store import StorePaths
from tests.conftest import ADMIN_PASSWORD

OpenWindow = Callable[..., MainWindow]

#: The runners a_runner() made for the test under way, ended in its own teardown.
_made: list[TaskRunner] = []


def a_runner() -> TaskRunner:
    """A TaskRunner without a parent, as the shell hands one to a page (its window's), for a test's pages and views:
    ended in that test's teardown, after qtbot has closed its widgets (leave_nothing_behind)."""
    runner = TaskRunner()
    _made.append(runner)
    return runner


@pytest.fixture(autouse=True)
def end_the_runners_made() -> Iterator[None]:
    yield
    made = list(_made)
    _made.clear()
    if made:
        leave_nothing_behind(made)


def leave_nothing_behind(runners: list[TaskRunner]) -> None:
    """End a test's pages and runners in its own teardown, with no task running, rather than in the next test: the
    tasks cancelled and waited for, the pages qtbot closed (and scheduled for deletion) deleted, the cyclic garbage
    collected, and each runner (made without a parent, so Python owns it and its thread pool) deleted. Otherwise a
    closed page's wrappers keep its runner in a reference cycle, and the collector deletes that runner, with its
    threads, wherever it next runs: in another test, while that test's page is being shown."""
    for runner in runners:
        runner.cancel_all()
        assert runner.wait(20_000)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    for runner in runners:
        if shiboken6.isValid(runner):
            shiboken6.delete(runner)


@pytest.fixture
def app_paths(tmp_path: Path) -> AppPaths:
    return AppPaths(tmp_path / "store", tmp_path / "config" / "settings.json", tmp_path / "state" / "throttle.json")


@pytest.fixture
def demo_store(app_paths: AppPaths, clock: FixedClock) -> StorePaths:
    """A demo-cost store in app_paths.store_folder with one unit (220402) and the administrator 'admin'."""
    paths = StorePaths(app_paths.store_folder)
    created = create_store(
        paths,
        unit=Unit("220402", "辽源市公安局龙山区分局", None, "龙山区"),
        admin_login="admin",
        admin_password=ADMIN_PASSWORD,
        clock=clock,
        demo=True,
    )
    created.session.lock()
    return paths


@pytest.fixture
def open_main_window(qtbot: QtBot, clock: FixedClock) -> Iterator[OpenWindow]:
    """``open_main_window(app_paths, language=None)``: the window as ``start`` opens it, shown, with the store folder
    looked at (the login page filled, or the page for an empty folder). Translators are removed afterwards."""
    opened: list[MainWindow] = []
    locale = QLocale()  # translations.install sets the default locale; put it back afterwards

    def _open(paths: AppPaths, language: str | None = None) -> MainWindow:
        window = open_window(build_environment(paths, clock=clock, language=language))
        opened.append(window)
        qtbot.addWidget(window)
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: not window.opening and not window.runner.busy, timeout=10_000)
        return window

    yield _open
    app = QApplication.instance()
    for window in opened:
        window.runner.wait(10_000)
        translations.remove(app, window.translators)
        window.translators = []
    QLocale.setDefault(locale)


def log_in(qtbot: QtBot, window: MainWindow, login: str, password: str) -> None:
    """Choose the account, type the password, press Enter, and wait for the answer."""
    page = window.login_page
    page.filter.setText(login)
    assert page.selected_login() == login
    qtbot.keyClicks(page.password, password)
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10_000)
