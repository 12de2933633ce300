"""The composition root: paths → settings → store access → services → window. No singletons, no global flags.

``python -m desktop.app [--data-dir D] [--lang en]`` opens the window directly (the fastest start);
``officer-declare start`` comes here too, after the command line has prepared the store. ``--check-window`` opens it
offscreen and prints what it shows (the installers' smoke tests; ``officer-declare check-window`` when bundled).

Nothing heavy is imported at module level, and no Qt: the window must be on screen within 0.35 s, so Qt is imported
when the window is opened, and SQLAlchemy, SQLCipher, openpyxl and Faker only after it is shown (``connect`` below
runs in a pool thread of the window).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.i18n import LANGUAGES, normalise_language
from desktop.services.clock import Clock, SystemClock

if TYPE_CHECKING:
    from desktop.gui.environment import Environment
    from desktop.gui.shell.main_window import MainWindow
    from desktop.gui.store_access import StoreAccess


@dataclass(frozen=True)
class AppPaths:
    """Where this person's things are: the store folder to open first, the settings file, and the throttle file
    used for a store whose folder cannot be written (others count beside the store)."""

    store_folder: Path
    settings_file: Path
    throttle_file: Path

    @classmethod
    def for_user(cls, store_folder: Path | None = None) -> AppPaths:
        import platformdirs

        from desktop.paths import APP_NAME, default_data_dir, throttle_file

        config = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
        return cls(store_folder or default_data_dir(), config / "settings.json", throttle_file())


#: Qt platforms that show nothing to a person: a window there would wait forever for someone to close it.
INVISIBLE_PLATFORMS = frozenset({"offscreen", "minimal"})


def can_show_window(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether a window opened now could be seen: a display is set, and Qt is not told to draw off screen."""
    platform = environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if platform in INVISIBLE_PLATFORMS:
        return False
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return bool(platform or environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))
    return True  # Windows and macOS always have a desktop for an interactive user


def build_environment(paths: AppPaths, *, clock: Clock | None = None, language: str | None = None) -> Environment:
    """Wire everything the window needs. ``language`` (e.g. from --lang) overrides the saved setting for this run."""
    from desktop.gui.environment import Environment
    from desktop.gui.settings import SettingsFile

    settings_file = SettingsFile(paths.settings_file)
    settings = settings_file.load()
    the_clock = clock or SystemClock()

    def connect(folder: Path) -> StoreAccess:
        # The first call imports the services, and with them SQLAlchemy and SQLCipher: after the window shows.
        from desktop.gui.store_access import StoreAccess
        from desktop.services.session.throttle import LoginThrottle
        from desktop.store.store import StorePaths

        # The counts live beside the store; the user's throttle file only counts for a store that cannot be written.
        throttle = LoginThrottle.beside(StorePaths(folder), fallback=paths.throttle_file)
        return StoreAccess(folder, clock=the_clock, throttle=throttle)

    return Environment(
        settings_file=settings_file,
        settings=settings,
        language=normalise_language(language) if language else settings.language,
        connect=connect,
        first_folder=paths.store_folder,
    )


def open_window(environment: Environment) -> MainWindow:
    """Create the application object and show the window; the caller runs the event loop."""
    from desktop.gui.launch import open_window as show

    return show(environment)


def run(paths: AppPaths, *, clock: Clock | None = None, language: str | None = None) -> int:
    """Open the window and run until it is closed; returns the exit code."""
    from desktop.gui.launch import run as run_window

    return run_window(build_environment(paths, clock=clock, language=language))


def check_window(paths: AppPaths, *, language: str | None = None, timeout: float = 60.0) -> int:
    """Open the window (offscreen unless QT_QPA_PLATFORM says otherwise), print what it shows as one JSON line once
    the store folder has been looked at, and quit: 0 when a page was ready, 1 otherwise (desktop/gui/window_check.py).
    """
    import json

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.gui.window_check import check

    report = check(build_environment(paths, language=language), timeout)
    print(json.dumps(report, ensure_ascii=False), flush=True)
    return 1 if report.get("error") else 0


def check_import(
    paths: AppPaths, login: str, files: list[Path], *, cancel_after: int | None = None, timeout: float = 600.0
) -> int:
    """Import ``files`` as the window does (its ImportBatch and workers), offscreen unless QT_QPA_PLATFORM says
    otherwise, logged in as ``login`` with OFFICER_DECLARE_PASSWORD; print what happened as one JSON line: 0 when
    every file was imported (or, with ``cancel_after``, the batch was cancelled) and no worker was left running
    (desktop/gui/import_check.py)."""
    import json

    password = os.environ.get("OFFICER_DECLARE_PASSWORD")
    if not password:
        print(json.dumps({"error": "set OFFICER_DECLARE_PASSWORD to the account's password"}), flush=True)
        return 1
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.gui.import_check import check, passed

    try:
        session = build_environment(paths).connect(paths.store_folder).log_in(login, password)
    except Exception as error:  # a wrong password, no store there: said in the one line, exit 1
        print(json.dumps({"error": f"no session for {login}: {type(error).__name__}: {error}"}), flush=True)
        return 1
    try:
        report = check(session, files, cancel_after=cancel_after, timeout=timeout)
    finally:
        session.lock()
    print(json.dumps(report, ensure_ascii=False), flush=True)
    return 0 if passed(report, cancelling=cancel_after is not None) else 1


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m desktop.app", description="Open the officer-declare window.")
    parser.add_argument("--data-dir", type=Path, help="the store folder (default: the user data folder)")
    parser.add_argument("--lang", choices=LANGUAGES, help="the window's language for this run")
    parser.add_argument(
        "--config-dir", type=Path, help="the folder of the settings and login-throttle files (default: the user's)"
    )
    parser.add_argument(
        "--check-window",
        action="store_true",
        help="open the window offscreen, print what it shows as one JSON line, and quit (installers' smoke tests)",
    )
    parser.add_argument("--timeout", type=float, help="with --check-window: seconds to wait (60); --check-import: 600")
    parser.add_argument(
        "--check-import",
        action="store_true",
        help="import the WORKBOOKs as the window does, print what happened as one JSON line, and quit (installers' "
        "smoke tests; the account's password in OFFICER_DECLARE_PASSWORD)",
    )
    parser.add_argument("--user", help="with --check-import: the inspector's login")
    parser.add_argument(
        "--cancel-after",
        type=int,
        metavar="N",
        help="with --check-import: cancel the batch once N declarations of a file are checked",
    )
    parser.add_argument("workbooks", nargs="*", type=Path, metavar="WORKBOOK", help="with --check-import")
    args = parser.parse_args(argv)
    if args.workbooks and not args.check_import:
        parser.error("workbooks are named only with --check-import")
    paths = AppPaths.for_user(args.data_dir)
    if args.config_dir is not None:
        paths = AppPaths(paths.store_folder, args.config_dir / "settings.json", args.config_dir / "throttle.json")
    if args.check_window:
        return check_window(paths, language=args.lang, timeout=args.timeout or 60.0)
    if args.check_import:
        if not args.user or not args.workbooks:
            parser.error("--check-import needs --user and at least one WORKBOOK")
        return check_import(
            paths, args.user, args.workbooks, cancel_after=args.cancel_after, timeout=args.timeout or 600.0
        )
    return run(paths, language=args.lang)


if __name__ == "__main__":
    raise SystemExit(main())
