"""The installed console script, in a subprocess with a clean environment: no display, no Qt platform, no
officer-declare variables. It works headless, reads passwords from a pipe, and never prints a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.support import (
    DEMO_PASSWORD,
    REPO,
    assert_one_clear_line,
    clean_env,
    console_script,
    copy_store,
    lines,
    make_demo,
    snapshot,
)


def officer_declare(
    argv: list[str], home: Path, stdin: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(console_script()), *argv],
        input=stdin,
        stdin=subprocess.DEVNULL if stdin is None else None,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=clean_env(home, **env),
        cwd=home,
        timeout=60,
        check=False,
    )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory, 3, 11)


@pytest.fixture
def store(demo_master: Path, home: Path) -> Path:
    """A copy of a small demo store, every password DEMO_PASSWORD."""
    return copy_store(demo_master, home)


def test_the_console_script_is_installed() -> None:
    assert console_script().exists()


def test_demo_then_info_work_with_no_display_and_print_no_traceback(home: Path) -> None:
    store = home / "store"

    made = officer_declare(
        ["--data-dir", str(store), "demo", "--officers", "5"], home, OFFICER_DECLARE_PASSWORD=DEMO_PASSWORD
    )
    info = officer_declare(
        ["--lang", "en", "--data-dir", str(store), "--user", "admin", "--password-stdin", "info"],
        home,
        stdin=lines(DEMO_PASSWORD),
    )

    assert made.returncode == 0, made.stderr
    assert made.stderr == ""
    assert info.returncode == 0, info.stderr
    assert "officers: 5" in info.stdout
    assert info.stderr == ""


def test_a_wrong_password_exits_2_with_one_line_and_no_traceback_and_leaves_the_store_alone(
    home: Path, store: Path
) -> None:
    before = snapshot(store)

    result = officer_declare(
        ["--lang", "en", "--data-dir", str(store), "--user", "admin", "users", "list", "--password-stdin"],
        home,
        stdin=lines("not-the-password"),
    )

    assert result.returncode == 2
    assert "Wrong login name or password" in assert_one_clear_line(result.stderr)
    assert result.stdout == ""
    assert snapshot(store) == before


def test_no_password_and_no_terminal_exits_2_with_one_clear_line(home: Path, store: Path) -> None:
    before = snapshot(store)

    result = officer_declare(["--lang", "en", "--data-dir", str(store), "--user", "admin", "info"], home)

    assert result.returncode == 2
    assert "OFFICER_DECLARE_PASSWORD" in assert_one_clear_line(result.stderr)
    assert snapshot(store) == before


def test_the_password_from_the_environment_logs_in_headless(home: Path, store: Path) -> None:
    result = officer_declare(
        ["--data-dir", str(store), "--user", "jijian01", "users", "passwd"],
        home,
        OFFICER_DECLARE_PASSWORD=DEMO_PASSWORD,
        OFFICER_DECLARE_NEW_PASSWORD="Env-new-pass-8123",
    )

    assert result.returncode == 0, result.stderr
    assert (
        officer_declare(
            ["--data-dir", str(store), "--user", "jijian01", "info"], home, OFFICER_DECLARE_PASSWORD="Env-new-pass-8123"
        ).returncode
        == 0
    )


def test_the_data_dir_defaults_to_officer_declare_home(home: Path) -> None:
    store = home / "from-env"

    made = officer_declare(
        ["demo", "--officers", "2"], home, OFFICER_DECLARE_PASSWORD=DEMO_PASSWORD, OFFICER_DECLARE_HOME=str(store)
    )

    assert made.returncode == 0, made.stderr
    assert (store / "keys.json").exists()


def test_without_officer_declare_home_the_store_goes_to_the_user_data_folder(home: Path) -> None:
    made = officer_declare(["demo", "--officers", "2"], home, OFFICER_DECLARE_PASSWORD=DEMO_PASSWORD)

    assert made.returncode == 0, made.stderr
    assert (home / "data" / "officer-declare" / "keys.json").exists()  # XDG_DATA_HOME is home/data


def test_errors_in_the_default_language_are_one_non_empty_line(home: Path) -> None:
    result = officer_declare(["--data-dir", str(home / "nothing"), "info"], home)

    assert result.returncode == 2
    assert_one_clear_line(result.stderr)


def test_python_m_desktop_runs_the_same_cli_without_importing_qt(home: Path) -> None:
    code = (
        "import sys, desktop.cli\n"
        "rc = desktop.cli.main(sys.argv[1:])\n"
        "assert 'PySide6' not in sys.modules, 'the CLI imported Qt'\n"
        "raise SystemExit(rc)\n"
    )
    made = subprocess.run(
        [sys.executable, "-c", code, "--data-dir", str(home / "new"), "demo", "--officers", "2"],
        capture_output=True,
        text=True,
        env=clean_env(home, OFFICER_DECLARE_PASSWORD=DEMO_PASSWORD, PYTHONPATH=str(REPO)),
        cwd=home,
        timeout=60,
        check=False,
    )
    version = subprocess.run(
        [sys.executable, "-m", "desktop", "--version"],
        capture_output=True,
        text=True,
        env=clean_env(home, PYTHONPATH=str(REPO)),
        cwd=home,
        timeout=60,
        check=False,
    )

    assert made.returncode == 0, made.stderr
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("officer-declare ")
