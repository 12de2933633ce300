"""An acknowledged save survives a killed process (WAL + synchronous=FULL), and a key file being replaced when the
process dies is either the old one or the new one, never a broken one.

The child is tests/store/support.py run as a script; it prints one line after each commit (or key-file replacement)
returns. The parent SIGKILLs it after a random number of those acknowledgements and then reopens the store.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from desktop.domain.units import Unit
from desktop.services.administration.accounts import change_own_password
from desktop.services.session.login import log_in
from desktop.services.session.setup import create_store
from desktop.services.session.throttle import LoginThrottle
from desktop.store.errors import WrongPassword
from desktop.store.keyfile import KeyFile
from desktop.store.repositories.officers import get_officer, list_officers
from desktop.store.store import Store, StorePaths
from tests.store.support import ADMIN_PASSWORD, UNIT_CODE, officer, password

ROOT = Path(__file__).resolve().parents[2]
UNIT = Unit(UNIT_CODE, "辽源市公安局龙山区分局", None, "龙山区")
CHILD_TIMEOUT = 30.0

pytestmark = pytest.mark.slow


class _Child:
    """A child process of tests/store/support.py whose acknowledgement lines are read as they come."""

    def __init__(self, mode: str, paths: StorePaths, throttle_path: Path, start: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.store.support", mode, str(paths.folder), str(throttle_path), str(start)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        # Never hang the test run: a child that stops acknowledging is killed, and the test then fails.
        self._watchdog = threading.Timer(CHILD_TIMEOUT, self.process.kill)
        self._watchdog.start()

    def read_line(self) -> str:
        line = self.process.stdout.readline()
        if not line.endswith("\n"):
            self.process.wait()
            self._watchdog.cancel()
            raise AssertionError(f"the child ended early: {self.process.stderr.read()}")
        return line.strip()

    def kill(self) -> list[str]:
        """SIGKILL; returns the complete lines it printed before it died and that were not read yet."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self._watchdog.cancel()
        rest = self.process.stdout.read()
        self.process.stdout.close()
        self.process.stderr.close()
        assert self.process.returncode == -signal.SIGKILL, "the child died before it was killed"
        return [line for line in rest.split("\n")[:-1]]  # a last line without its newline is not an acknowledgement


def _kill_after_random_acks(child: _Child, rng: random.Random, most: int) -> list[str]:
    assert child.read_line() == "ready"
    wanted = rng.randint(1, most)
    acknowledged = [child.read_line() for _ in range(wanted)]
    time.sleep(rng.choice([0.0, rng.uniform(0.0, 0.01)]))
    return acknowledged + child.kill()


def test_acknowledged_officers_survive_sigkill(tmp_path: Path, clock):
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    paths = StorePaths(tmp_path / "store")
    created = create_store(paths, unit=UNIT, admin_login="admin", admin_password=ADMIN_PASSWORD, clock=clock, demo=True)
    created.session.lock()
    throttle = LoginThrottle(tmp_path / "state" / "throttle.json")
    child_throttle = tmp_path / "state" / "child-throttle.json"

    all_acknowledged: list[str] = []
    next_number = 1
    for iteration in range(8):
        child = _Child("officers", paths, child_throttle, next_number)
        acknowledged = _kill_after_random_acks(child, rng, most=30)
        assert acknowledged, f"seed {seed}"
        all_acknowledged += acknowledged

        session = log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
        try:
            with session.store.transaction() as connection:
                assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                missing = [n for n in all_acknowledged if get_officer(connection, n) is None]
                stored = [o.police_number for o in list_officers(connection)]
        finally:
            session.lock()
        assert missing == [], f"iteration {iteration}, seed {seed}: acknowledged but lost: {missing}"
        # Numbering is contiguous; at most the one save in flight when the kill came is there unacknowledged.
        assert stored == [f"{n:06d}" for n in range(1, len(stored) + 1)], f"seed {seed}"
        assert len(all_acknowledged) <= len(stored) <= len(all_acknowledged) + 1, f"seed {seed}"
        next_number = len(stored) + 1
        # A save that was in flight and did reach the disk counts from now on, so the +1 does not accumulate.
        all_acknowledged = list(stored)

    final = log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    try:
        with final.store.transaction() as connection:
            assert get_officer(connection, all_acknowledged[-1]) == officer(int(all_acknowledged[-1]))
    finally:
        final.lock()


def _which_password_opens(paths: StorePaths, candidates: list[int]) -> int:
    opened = []
    for index in candidates:
        try:
            store, _signing_key = Store.unlock(paths, "admin", password(index))
        except WrongPassword:
            continue
        store.lock()
        opened.append(index)
    assert len(opened) == 1, f"passwords {candidates} opened {opened}"
    return opened[0]


def test_key_file_survives_sigkill_during_password_changes(tmp_path: Path, clock):
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    paths = StorePaths(tmp_path / "store")
    created = create_store(paths, unit=UNIT, admin_login="admin", admin_password=password(0), clock=clock, demo=True)
    fingerprint = created.session.account.fingerprint
    created.session.lock()
    child_throttle = tmp_path / "state" / "child-throttle.json"

    current = 0
    for iteration in range(6):
        child = _Child("passwords", paths, child_throttle, current)
        acknowledged = [int(line) for line in _kill_after_random_acks(child, rng, most=25)]
        last = acknowledged[-1]
        assert acknowledged == list(range(current + 1, last + 1)), f"seed {seed}"

        KeyFile.load(paths.key_file)  # parses, whatever moment the kill hit
        current = _which_password_opens(paths, [last, last + 1])
        assert current in (last, last + 1), f"iteration {iteration}, seed {seed}"
        # An older password no longer opens it: the key file did not go back in time.
        with pytest.raises(WrongPassword):
            Store.unlock(paths, "admin", password(last - 1))

    # A temp file left by a killed writer (real or planted) gets in nobody's way.
    (paths.folder / ".keys.json.999999.tmp").write_bytes(b'{"format": "officer-declare key f')
    throttle = LoginThrottle(tmp_path / "state" / "throttle.json")
    session = log_in(paths, "admin", password(current), clock=clock, throttle=throttle)
    try:
        assert session.account.fingerprint == fingerprint
        change_own_password(session, password(current), "after-the-kills-881")
    finally:
        session.lock()
    log_in(paths, "admin", "after-the-kills-881", clock=clock, throttle=throttle).lock()
