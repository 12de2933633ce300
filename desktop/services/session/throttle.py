"""Throttling of failed logins, counted beside the store (``login-attempts.json`` in the store folder).

After three wrong passwords in a row for one account, each further attempt must wait: 5 s, then 10 s, 20 s …
up to 5 minutes. The counts are a small JSON file (no secrets in it: store id, login name, count, time) in the
store's own folder, so that starting the application with another state folder (another ``XDG_STATE_HOME``, another
user's settings) does not start the count from nothing. Only a store whose folder cannot be written (a read-only
copy) counts in the user's state folder instead, so that it still opens.

An attempt is counted before the password is tried, under a file lock, so that attempts made in parallel (several
processes at once) are all counted and the fourth waits; a successful login then forgets the count, and an attempt
that failed for another reason than the password (a damaged key file) is taken back.

This is a speed bump for a person at the keyboard, not a defence against someone who holds a copy of the store:
whoever can write the store folder can delete the counts, and the key file can be attacked offline at the cost of
one Argon2id run per guess, which is what really protects it (docs/storage.md).
"""

from __future__ import annotations

import errno
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock

from desktop.store.atomic import write_atomic
from desktop.store.errors import DiskFull, LoginThrottled, WriteFailed
from desktop.store.store import StorePaths

FREE_ATTEMPTS = 3
BASE_DELAY = 5.0
MAX_DELAY = 300.0


@dataclass
class LoginThrottle:
    """The counts in the file ``path``; when ``path``'s folder cannot be written, in ``fallback`` (if given)."""

    path: Path
    wall_clock: Callable[[], float] = field(default=time.time)
    fallback: Path | None = None

    @classmethod
    def beside(
        cls, paths: StorePaths, *, fallback: Path | None = None, wall_clock: Callable[[], float] = time.time
    ) -> LoginThrottle:
        """The throttle of the store at ``paths``: its counts in the store folder (``fallback`` for a read-only
        copy)."""
        return cls(paths.attempts_file, wall_clock=wall_clock, fallback=fallback)

    def file(self) -> Path:
        """Where the counts are now: ``path``, or ``fallback`` while ``path``'s folder exists but cannot be written."""
        folder = self.path.parent
        if self.fallback is not None and folder.is_dir() and not os.access(folder, os.W_OK):
            return self.fallback
        return self.path

    def _read(self) -> dict[str, dict[str, dict[str, float]]]:
        try:
            data = json.loads(self.file().read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def _write(self, data: dict[str, dict[str, dict[str, float]]]) -> None:
        path = self.file()
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            write_atomic(path, json.dumps(data).encode("utf-8"))
        except WriteFailed as exc:
            # No attempt without its count (filling the disk must not lift the throttle); a full disk says so.
            if isinstance(exc.__cause__, OSError) and exc.__cause__.errno in (errno.ENOSPC, errno.EDQUOT):
                raise DiskFull(str(path.parent)) from None
            raise

    def failures(self, store_id: str, login: str) -> int:
        return int(self._read().get(store_id, {}).get(login, {}).get("failures", 0))

    def wait_seconds(self, store_id: str, login: str) -> int:
        entry = self._read().get(store_id, {}).get(login)
        if not entry or entry.get("failures", 0) < FREE_ATTEMPTS:
            return 0
        delay = min(MAX_DELAY, BASE_DELAY * 2 ** (int(entry["failures"]) - FREE_ATTEMPTS))
        remaining = entry.get("last", 0.0) + delay - self.wall_clock()
        return max(0, int(remaining + 0.999))

    def check(self, store_id: str, login: str) -> None:
        seconds = self.wait_seconds(store_id, login)
        if seconds > 0:
            raise LoginThrottled(seconds)

    def _lock(self) -> FileLock:
        path = self.file()
        path.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(str(path) + ".lock", timeout=30)

    def begin_attempt(self, store_id: str, login: str) -> None:
        """Count an attempt before its password is tried, or raise LoginThrottled (counting nothing) while the
        account must wait. Read, check and count happen under one lock: no parallel attempt is lost."""
        with self._lock():
            self.check(store_id, login)
            self._count(store_id, login, +1)

    def take_back_attempt(self, store_id: str, login: str) -> None:
        """Uncount an attempt that failed for another reason than a wrong password (a damaged key file)."""
        with self._lock():
            self._count(store_id, login, -1)

    def record_failure(self, store_id: str, login: str) -> int:
        """Count a failure after the fact (an attempt not begun with begin_attempt)."""
        with self._lock():
            return self._count(store_id, login, +1)

    def _count(self, store_id: str, login: str, change: int) -> int:
        data = self._read()
        entry = data.setdefault(store_id, {}).setdefault(login, {"failures": 0, "last": 0.0})
        entry["failures"] = max(0, int(entry.get("failures", 0)) + change)
        if change > 0:
            entry["last"] = self.wall_clock()
        self._write(data)
        return int(entry["failures"])

    def record_success(self, store_id: str, login: str, *, attempt_counted: bool = False) -> int:
        """Forget the failures; returns how many there were (for the audit log), not counting the successful
        attempt itself when it was counted by begin_attempt."""
        with self._lock():
            data = self._read()
            entry = data.get(store_id, {}).pop(login, None)
            if entry is None:
                return 0
            self._write(data)
            return max(0, int(entry.get("failures", 0)) - (1 if attempt_counted else 0))
