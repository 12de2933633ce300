"""Render the screenshots of the window shell into docs/screenshots/ (offscreen, Chinese, made-up demo data).

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_screenshots.py

Needs a font with Chinese characters (Debian/Ubuntu: fonts-noto-cjk). Everything is made in a temporary folder: a
demo store for the login and administration screenshots, and a real store for the first-run wizard.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from PySide6.QtCore import QCoreApplication  # noqa: E402
from PySide6.QtWidgets import QLineEdit, QWidget  # noqa: E402

from desktop.app import AppPaths, build_environment, open_window  # noqa: E402
from desktop.gui.shell.main_window import MainWindow  # noqa: E402
from desktop.services.clock import FixedClock  # noqa: E402
from desktop.services.demo.store import create_demo_store  # noqa: E402
from desktop.store.store import StorePaths  # noqa: E402

PASSWORD = "demo-pass-2026"
SIZE = (1100, 720)
CLOCK = FixedClock(dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC))


def wait_until(condition: Callable[[], bool], seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            raise SystemExit("timed out waiting for the window")
        QCoreApplication.processEvents()
        time.sleep(0.01)


def settle(seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.01)


def save(widget: QWidget, name: str) -> None:
    settle()
    path = HERE / name
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path.relative_to(HERE.parent.parent)}")


def window_on(folder: Path, temp: Path) -> MainWindow:
    paths = AppPaths(folder, temp / "config" / "settings.json", temp / "state" / "throttle.json")
    window = open_window(build_environment(paths, clock=CLOCK))
    window.resize(*SIZE)
    wait_until(lambda: not window.opening and not window.runner.busy)
    return window


def log_in(window: MainWindow, login: str) -> None:
    window.login_page.filter.setText(login)
    window.login_page.password.setText(PASSWORD)
    window.login_page.attempt()
    wait_until(lambda: window.session is not None)


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        temp = Path(name)
        os.environ.update(HOME=str(temp), XDG_CONFIG_HOME=str(temp / "config"), XDG_STATE_HOME=str(temp / "state"),
                          XDG_DATA_HOME=str(temp / "data"), XDG_CACHE_HOME=str(temp / "cache"))
        demo = temp / "demo-store"
        create_demo_store(StorePaths(demo), officer_count=60, seed=2026, clock=CLOCK, password=PASSWORD)

        window = window_on(demo, temp)
        window.login_page.filter.setText("admin")
        window.login_page.password.setText(PASSWORD)
        save(window, "login.png")

        log_in(window, "admin")
        save(window, "admin_units.png")
        page = window.workspace.widget(0)
        page.setCurrentWidget(page.accounts)
        save(window, "admin_accounts.png")
        page.setCurrentWidget(page.campaigns)
        save(window, "admin_campaigns.png")
        window.close()

        wizard_window = window_on(temp / "new-store", temp)
        wizard_window.start_setup()
        wizard = wizard_window.wizard
        wizard.findChild(QLineEdit, "unitCodeEdit").setText("220402")
        wizard.findChild(QLineEdit, "unitNameEdit").setText("辽源市公安局龙山区分局")
        wizard.next()
        wizard.findChild(QLineEdit, "adminPasswordEdit").setText("Kaiju-Lantern-4471")
        wizard.findChild(QLineEdit, "adminRepeatEdit").setText("Kaiju-Lantern-447")
        save(wizard_window, "wizard_administrator.png")
        wizard.findChild(QLineEdit, "adminRepeatEdit").setText("Kaiju-Lantern-4471")
        wizard.next()
        wait_until(lambda: wizard.currentPage() is wizard.recovery_page)
        save(wizard_window, "wizard_recovery_key.png")
        wizard.recovery_page.confirm.setChecked(True)
        wizard.accept()
        wait_until(lambda: wizard_window.session is not None)
        wizard_window.close()


if __name__ == "__main__":
    main()
