"""Helpers for the CLI tests: run the CLI in-process, fingerprint a folder, search files for plaintext."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.services.clock import Clock, FixedClock, campaign_today

DEMO_PASSWORD = "demo-pass-7315"
#: The clock of the demo stores made with ``make_demo``; their officers' ages are counted to DEMO_DAY.
DEMO_TIME = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC)
DEMO_DAY = campaign_today(FixedClock(DEMO_TIME))
ADMIN_PASSWORD = "Adm1n-pass-7731"
INSPECTOR_PASSWORD = "Insp-pass-5824"
RECOVERY_KEY = re.compile(r"^\s*([A-Z2-7]{6}(?:-[A-Z2-7]{6}){7})\s*$", re.MULTILINE)
ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "gb18030", "json")
REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    def json(self) -> object:
        return json.loads(self.out)


def run(argv: Sequence[str], stdin: str = "", clock: Clock | None = None) -> Result:
    """``officer-declare argv`` in-process, with ``stdin`` as standard input; English unless argv says otherwise."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err, clock=clock)
    return Result(code, out.getvalue(), err.getvalue())


def lines(*passwords: str) -> str:
    return "".join(f"{p}\n" for p in passwords)


def assert_one_clear_line(err: str) -> str:
    """The error contract: exactly one non-empty line on stderr, and no traceback."""
    assert "Traceback" not in err, err
    found = err.splitlines()
    assert len(found) == 1, f"expected one line on stderr, got {found!r}"
    assert found[0].strip(), "the error line is empty"
    return found[0]


def snapshot(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (recursively: -wal, -shm, journals, temp files), by relative path.

    The login throttle's counts beside the store (``login-attempts.json`` and its lock) are left out: a wrong
    password counts there by design (decision 80); the database, its -wal/-shm and the key files stay as they were."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith("login-attempts.json")
    }


def encode(text: str, encoding: str) -> bytes:
    if encoding == "json":  # a JSON file written with ensure_ascii (the default) holds \u674e, not UTF-8
        return json.dumps(text)[1:-1].encode("ascii")
    return text.encode(encoding)


def needles(texts: Iterable[str]) -> dict[bytes, tuple[str, str]]:
    """Each text in each encoding a leak could take → (text, encoding)."""
    found: dict[bytes, tuple[str, str]] = {}
    for text in texts:
        for encoding in ENCODINGS:
            found.setdefault(encode(text, encoding), (text, encoding))
    return found


def find_plaintext(folder: Path, texts: Iterable[str]) -> list[tuple[str, str, str]]:
    """(file, text, encoding) for every text found in any encoding in any file under ``folder``, recursively."""
    wanted = needles(texts)
    hits = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        for needle, (text, encoding) in wanted.items():
            if needle in data:
                hits.append((str(path.relative_to(folder)), text, encoding))
    return hits


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """An environment with no display, no Qt platform and no officer-declare variables; home in ``home``."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "LANG": "C.UTF-8",
    }
    env.update(extra)
    return env


def console_script() -> Path:
    """The installed ``officer-declare`` beside the running interpreter (the project's virtualenv)."""
    return Path(sys.executable).parent / "officer-declare"


@contextlib.contextmanager
def isolated_env(home: Path) -> Iterator[None]:
    """For module-scoped fixtures, which run before the per-test home fixture of conftest: every per-user folder in
    ``home`` and no OFFICER_DECLARE_* variable."""
    with pytest.MonkeyPatch.context() as patch:
        for name in ("HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
            patch.setenv(name, str(home / name.lower()))
        for name in [n for n in os.environ if n.startswith("OFFICER_DECLARE_")]:
            patch.delenv(name)
        yield


def make_demo(tmp_path_factory: pytest.TempPathFactory, officers: int, seed: int) -> Path:
    """A demo store made once through the CLI, every password DEMO_PASSWORD; copy it with ``copy_store``."""
    folder = tmp_path_factory.mktemp("demo") / "store"
    with isolated_env(tmp_path_factory.mktemp("demo-home")):
        os.environ["OFFICER_DECLARE_PASSWORD"] = DEMO_PASSWORD
        result = run(
            ["--data-dir", str(folder), "demo", "--officers", str(officers), "--seed", str(seed)],
            clock=FixedClock(DEMO_TIME),
        )
    assert result.code == 0, result.err
    return folder


def copy_store(folder: Path, tmp_path: Path) -> Path:
    """A private copy of a store for one test."""
    return Path(shutil.copytree(folder, tmp_path / "store"))
