"""What `make run` prints where no window can be shown (issue 13, defect 10): the demo password, and a command to
try that works as printed, from any folder (the interpreter and the store folder spelled out in full)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.support import run

DEMO_PASSWORD = "demo-pass-2026"  # the Makefile's


def _try_line(out: str) -> str:
    found = [line.split("Try:", 1)[1].strip() for line in out.splitlines() if "Try:" in line]
    assert len(found) == 1, out
    return found[0]


def test_start_demo_without_a_display_says_the_password_and_a_command_that_works_as_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OFFICER_DECLARE_PASSWORD", DEMO_PASSWORD)
    folder = tmp_path / ".demo-store"
    monkeypatch.chdir(tmp_path)
    result = run(["--lang", "en", "--data-dir", ".demo-store", "start", "--demo"])
    assert result.code == 0, result.err
    assert DEMO_PASSWORD in result.out
    command = shlex.split(_try_line(result.out))
    assert str(folder.resolve()) in command

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = subprocess.run(
        command,
        cwd=elsewhere,
        env={**os.environ, "OFFICER_DECLARE_LANG": "en"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr  # 1: some findings need an inspector ('findings' says so)
    assert not done.stderr
    assert "findings listed" in done.stdout

    again = run(["--lang", "en", "--data-dir", ".demo-store", "start", "--demo"])  # the second `make run`
    assert again.code == 0, again.err
    assert "no window was opened" in again.out
    assert _try_line(again.out) == _try_line(result.out)
    assert DEMO_PASSWORD in again.out
    assert sys.executable in _try_line(again.out)
