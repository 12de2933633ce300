"""The composition root and the start-up promise: nothing heavy before the window shows; role pages plug in."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from desktop.app import can_show_window
from desktop.domain.roles import Role
from desktop.gui.pages import ROLE_PAGES, ComingPage, RolePage, page_class

HEAVY = ("sqlalchemy", "sqlcipher3", "openpyxl", "faker", "python_calamine", "argon2", "cryptography")


def imported_after(statement: str) -> list[str]:
    child = f"import json, sys\n{statement}\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    done = subprocess.run(
        [sys.executable, "-c", child],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_composition_root_imports_neither_qt_nor_the_heavy_modules() -> None:
    modules = imported_after("import desktop.app")
    assert "PySide6" not in modules
    assert [m for m in HEAVY if m in modules] == []


def test_everything_the_window_needs_to_show_imports_none_of_the_heavy_modules() -> None:
    modules = imported_after("import desktop.app, desktop.gui.launch, desktop.gui.shell.main_window")
    assert "PySide6" in modules
    assert [m for m in HEAVY if m in modules] == []


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, False),
        ({"QT_QPA_PLATFORM": "minimal"}, False),
        ({"DISPLAY": ":0"}, True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, True),
        ({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":1"}, True),
    ],
)
def test_start_opens_a_window_only_where_one_can_be_seen(environ: dict[str, str], expected: bool) -> None:
    assert can_show_window(environ) is expected


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="elsewhere there is always a desktop")
def test_without_any_display_start_does_not_open_a_window() -> None:
    assert can_show_window({}) is False


def test_a_role_page_that_does_not_exist_yet_is_none_and_the_shell_shows_a_notice(qtbot) -> None:
    missing = RolePage(Role.INSPECTOR, "desktop.gui.no_such_package.page", "NoPage", "Nothing", "nothingPage")

    assert page_class(missing) is None
    notice = ComingPage("Nothing")
    qtbot.addWidget(notice)
    assert "Nothing" in notice.findChild(QLabel, "comingLabel").text()


def test_an_import_error_inside_an_existing_page_is_not_hidden(tmp_path, monkeypatch) -> None:
    package = tmp_path / "broken_pages"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "page.py").write_text("import a_module_nobody_has\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))

    with pytest.raises(ModuleNotFoundError, match="a_module_nobody_has"):
        page_class(RolePage(Role.INSPECTOR, "broken_pages.page", "Page", "Broken", "brokenPage"))


def test_every_role_has_a_page_and_the_admin_page_is_built() -> None:
    assert {spec.role for spec in ROLE_PAGES} == set(Role)
    admin = next(spec for spec in ROLE_PAGES if spec.role is Role.ADMIN)
    cls = page_class(admin)
    assert cls is not None
    assert issubclass(cls, QWidget)


def test_start_where_no_window_can_be_seen_prepares_the_store_and_says_so(demo_store) -> None:
    from tests.cli.support import run

    result = run(["--lang", "en", "--data-dir", str(demo_store.folder), "start"])

    assert result.code == 0, result.err
    assert "is ready" in result.out
    assert "no window was opened" in result.out
