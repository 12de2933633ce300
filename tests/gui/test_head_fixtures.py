"""Fixtures for the unit head's and the inspectors' pages (no tests here): a demo store built once per run from
desktop.services.demo.store (30 officers; heads are the first officer of each unit; inspectors 'jijian01', 'jijian02'),
copied for every test; the units' exported workbooks; the pages shown over a logged-in session, as the shell
creates them (PageContext with Chinese core messages and a TaskRunner).

Import the fixtures into a test module by name: ``from tests.gui.test_head_fixtures import review_world``.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.gui.pages import PageContext
from desktop.i18n import Translator
from desktop.services.clock import FixedClock
from desktop.services.session.login import log_in
from desktop.services.session.session import Session
from desktop.services.session.throttle import LoginThrottle
from desktop.services.workflow import countersigning
from desktop.services.workflow.export import export_unit
from desktop.store.store import StorePaths
from tests.gui.conftest import a_runner

PASSWORD = "demo-pass-6154"
SEED = 3
INSPECTOR = "jijian01"
START = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC)  # the campaign's deadline is 30 days later


@dataclass(frozen=True)
class Template:
    folder: Path
    head: str  # a unit head with at least two declarations waiting for the countersignature
    waiting: tuple[str, ...]  # their police numbers
    workbooks: tuple[Path, ...]  # unit exports of four heads, made before anything else; the largest first


@dataclass
class ReviewWorld:
    """A private copy of the demo store for one test. Every account's password is PASSWORD."""

    paths: StorePaths
    template: Template
    clock: FixedClock
    throttle: LoginThrottle
    sessions: list[Session] = field(default_factory=list)

    @property
    def head(self) -> str:
        return self.template.head

    def login(self, login: str) -> Session:
        session = log_in(self.paths, login, PASSWORD, clock=self.clock, throttle=self.throttle)
        self.sessions.append(session)
        return session

    def close(self) -> None:
        for session in self.sessions:
            session.lock()


def _build(root: Path) -> Template:
    from desktop.services.demo.store import create_demo_store

    folder = root / "store"
    clock = FixedClock(START)
    demo = create_demo_store(StorePaths(folder), officer_count=30, seed=SEED, clock=clock, password=PASSWORD)
    world = ReviewWorld(StorePaths(folder), Template(folder, "", (), ()), clock, LoginThrottle(root / "t.json"))
    try:
        head, waiting, exporters = "", (), []
        for login in demo.logins["unit_head"]:
            session = world.login(login)
            items = countersigning.queue(session)
            signed = tuple(i.officer.police_number for i in items if i.status == "signed")
            if not head and len(signed) >= 2:
                head, waiting = login, signed
            elif any(i.status == "countersigned" for i in items) and len(exporters) < 4:
                exporters.append(session)
        assert head, "the demo store has no head with two declarations waiting"
        exported = []
        for session in exporters:
            out = root / f"unit-{session.account.unit_code}.xlsx"
            exported.append((export_unit(session, out).declarations, out))
        workbooks = [out for _count, out in sorted(exported, key=lambda pair: -pair[0])]
    finally:
        world.close()
    return Template(folder, head, waiting, tuple(workbooks))


@pytest.fixture(scope="session")
def review_template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    """Built once per run; never changed (every test copies the store)."""
    root = tmp_path_factory.mktemp("review-template")
    with pytest.MonkeyPatch.context() as patch:  # the per-test home does not exist yet
        for name in ("HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
            patch.setenv(name, str(root / "home" / name.lower()))
        return _build(root)


@pytest.fixture
def review_world(review_template: Template, tmp_path: Path) -> Iterator[ReviewWorld]:
    folder = Path(shutil.copytree(review_template.folder, tmp_path / "store"))
    world = ReviewWorld(StorePaths(folder), review_template, FixedClock(START), LoginThrottle(tmp_path / "t.json"))
    yield world
    world.close()


@pytest.fixture
def page_context(qtbot: QtBot) -> Callable[[Session], PageContext]:
    """``page_context(session)``: what the shell hands a role page. After the test its runners are drained and
    deleted, with the pages qtbot closed (tests.gui.conftest.a_runner)."""

    def make(session: Session) -> PageContext:
        return PageContext(session=session, translate=Translator("zh_CN"), runner=a_runner())

    return make


def show(qtbot: QtBot, page: object, width: int = 1200, height: int = 760) -> None:
    qtbot.addWidget(page)
    page.resize(width, height)  # type: ignore[attr-defined]
    page.show()  # type: ignore[attr-defined]
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: not page.loading, timeout=15_000)  # type: ignore[attr-defined]


@pytest.fixture
def chinese(qapp) -> Iterator[None]:
    """The window's Chinese (resources/translations/officer_declare_zh_CN.ts), as the application installs it."""
    from PySide6.QtCore import QLocale

    from desktop.gui import translations

    previous = QLocale()
    installed = translations.install(qapp, "zh_CN")
    assert installed
    yield
    translations.remove(qapp, installed)
    QLocale.setDefault(previous)
