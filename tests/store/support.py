"""Helpers for the store tests. Run as a script (python -m tests.store.support …) it is the child process that the
kill tests SIGKILL: it saves officers, or changes its password, and prints one line after each commit returns.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from desktop.domain.officers import Officer

UNIT_CODE = "220402"  # the unit create_store is given in the tests
ADMIN_PASSWORD = "admin-pass-8472"


def snapshot(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (including -wal, -shm, temp files), by relative path.

    The login throttle's counts beside the store (``login-attempts.json`` and its lock) are left out: a wrong
    password counts there by design (decision 80); the database, its -wal/-shm and the key files stay as they were."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith("login-attempts.json")
    }


def id_number(region: str, birth: str, sequence: int) -> str:
    """A well-formed 18-character citizen ID number (GB 11643 check digit)."""
    body = f"{region}{birth}{sequence:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def officer(number: int, unit_code: str = UNIT_CODE) -> Officer:
    return Officer(
        police_number=f"{number:06d}",
        name=f"测试警员{number}",
        id_number=id_number("220402", "19850101", number % 1000),
        unit_code=unit_code,
        position="民警",
    )


def password(index: int) -> str:
    return f"rotating-pass-{index:04d}-q7"


def _save_officers(folder: str, throttle_path: str, start: int) -> None:
    import datetime as dt

    from desktop.services.clock import FixedClock
    from desktop.services.session.login import log_in
    from desktop.services.session.throttle import LoginThrottle
    from desktop.store.repositories.officers import save_officers
    from desktop.store.store import StorePaths

    clock = FixedClock(dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC))
    session = log_in(
        StorePaths(Path(folder)), "admin", ADMIN_PASSWORD, clock=clock, throttle=LoginThrottle(Path(throttle_path))
    )
    print("ready", flush=True)
    for number in range(start, start + 100_000):
        with session.store.transaction() as connection:
            save_officers(connection, [officer(number)])
        # The commit has returned: this line is the acknowledgement the parent holds the store to.
        print(f"{number:06d}", flush=True)


def _change_passwords(folder: str, throttle_path: str, start: int) -> None:
    import datetime as dt

    from desktop.services.administration.accounts import change_own_password
    from desktop.services.clock import FixedClock
    from desktop.services.session.login import log_in
    from desktop.services.session.throttle import LoginThrottle
    from desktop.store.store import StorePaths

    clock = FixedClock(dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC))
    session = log_in(
        StorePaths(Path(folder)), "admin", password(start), clock=clock, throttle=LoginThrottle(Path(throttle_path))
    )
    print("ready", flush=True)
    for index in range(start, start + 100_000):
        change_own_password(session, password(index), password(index + 1))
        print(index + 1, flush=True)


if __name__ == "__main__":
    mode, folder_arg, throttle_arg, start_arg = sys.argv[1:5]
    {"officers": _save_officers, "passwords": _change_passwords}[mode](folder_arg, throttle_arg, int(start_arg))
