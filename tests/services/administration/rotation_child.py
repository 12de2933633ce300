"""The child process that the rotation kill tests SIGKILL: it revokes an account and rotates the data key, printing
each step of the rotation ("prepared", "rekeyed", "done") as it is reached, and waits at the step it is told to."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

from desktop.services.administration.revocation import revoke_and_rotate
from desktop.services.clock import FixedClock
from desktop.services.session.login import log_in
from desktop.services.session.throttle import LoginThrottle
from desktop.store.store import StorePaths


def main(folder: str, password: str, revoked: str, wait_at: str) -> None:
    clock = FixedClock(dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC))
    paths = StorePaths(Path(folder))
    session = log_in(
        paths, "admin", password, clock=clock, throttle=LoginThrottle(paths.folder.parent / "child-throttle.json")
    )

    def progress(step: str) -> None:
        print(step, flush=True)
        if step == wait_at:
            time.sleep(60)  # the parent kills the process here

    print("ready", flush=True)
    revoke_and_rotate(session, revoked, progress)
    print("finished", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:5])
