"""The installed program's window, offscreen, over a demo store: run by .ci/wheel-smoke with the Python of the fresh
environment the wheel was installed into, from a folder outside the checkout.

    python window_smoke.py STORE_FOLDER STATE_FOLDER

It opens the window through the composition root as ``officer-declare start`` does (desktop.app.open_window; the
settings and throttle files in STATE_FOLDER), waits until the store's accounts are listed, checks that the login
page is in Chinese with the translation the wheel carries (lrelease is made to fail, so a missing .qm cannot be
built on the fly), logs in as ``admin`` with OFFICER_DECLARE_PASSWORD and waits for the workspace, then quits.
Exits 1 with one line on stderr at the first thing that is wrong.
"""

from __future__ import annotations

import os
import sys
import sysconfig
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TITLE = "民警参与经商办企业情况登记"  # "Declarations of business involvement" in the .ts
TIMEOUT_S = 60.0


def fail(message: str) -> None:
    print(f"window smoke: {message}", file=sys.stderr)
    raise SystemExit(1)


def installed_here(what: str, path: Path) -> None:
    site = Path(sysconfig.get_paths()["purelib"]).resolve()
    if site not in path.resolve().parents:
        fail(f"{what} comes from {path}, not from the installed package in {site}")


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        fail("usage: window_smoke.py STORE_FOLDER STATE_FOLDER")
    store, state = Path(argv[1]), Path(argv[2])
    password = os.environ.get("OFFICER_DECLARE_PASSWORD") or fail("OFFICER_DECLARE_PASSWORD is not set")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    window, wait = _open_window(store, state)
    _check_login_page(window, wait, store)
    _log_in_as_admin(window, wait, str(password))
    window.close()
    window.runner.wait(10_000)
    return 0


def _open_window(store: Path, state: Path) -> tuple[Any, Callable[[str, Callable[[], bool]], None]]:
    """The window, opened as `officer-declare start` opens it, from the installed package and its translation."""
    import desktop
    from desktop.resources import resource_root

    installed_here("the desktop package", Path(desktop.__file__))
    installed_here("the resources folder", resource_root())

    from desktop.gui import translations

    def no_lrelease(ts: Path, qm: Path) -> bool:
        fail(f"the installed program wanted to compile {ts} with lrelease: the wheel has no usable .qm")
        return False

    translations.compile_ts = no_lrelease

    from PySide6.QtWidgets import QApplication

    from desktop.app import AppPaths, build_environment, open_window

    window = open_window(build_environment(AppPaths(store, state / "settings.json", state / "throttle.json")))
    app = QApplication.instance()

    def wait(what: str, done: Callable[[], bool]) -> None:
        deadline = time.monotonic() + TIMEOUT_S
        while not done():
            if time.monotonic() > deadline:
                fail(f"no {what} after {TIMEOUT_S:.0f} s")
            app.processEvents()
            time.sleep(0.01)

    wait("window on screen with the store looked at", lambda: window.isVisible() and not window.opening)
    wait("end of the store's opening", lambda: not window.runner.busy)
    return window, wait


def _check_login_page(window: Any, wait: Callable[[str, Callable[[], bool]], None], store: Path) -> None:
    from PySide6.QtWidgets import QLabel

    page = window.login_page
    if window.stack.currentWidget() is not page:
        fail(f"the window shows {window.stack.currentWidget().objectName()!r}, not the login page")
    title = page.findChild(QLabel, "appTitle")
    if title is None or title.text() != TITLE or window.windowTitle() != TITLE:
        fail(f"the login page is not in Chinese: {title.text() if title else None!r}, window {window.windowTitle()!r}")
    logins = [page.accounts.item(row).text() for row in range(page.accounts.count())]
    if not logins:
        fail(f"the login page lists no account of {store}")
    print(f"window smoke: login page {title.text()!r}, {len(logins)} accounts listed")


def _log_in_as_admin(window: Any, wait: Callable[[str, Callable[[], bool]], None], password: str) -> None:
    page = window.login_page
    page.filter.setText("admin")
    if page.selected_login() != "admin":
        fail("could not choose the account 'admin' on the login page")
    page.password.setText(password)
    page.login_button.click()
    wait("answer to the login", lambda: not window.runner.busy)
    wait("workspace after logging in as admin", lambda: window.workspace is not None)
    if window.stack.currentWidget() is page:
        fail(f"still on the login page after logging in: {page.message.text()!r}")
    print(f"window smoke: logged in as admin, the window shows {window.stack.currentWidget().objectName()!r}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
