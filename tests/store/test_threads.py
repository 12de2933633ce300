"""Many threads reading and writing one store at once, as the window's worker threads do: each gets a connection of
its own for its transaction, and no thread's connection is closed under it. (The pysqlcipher dialect's default pool,
SingletonThreadPool, closes other threads' connections once more than five threads have used it — one of them in
use crashed the process: a segmentation fault in the GUI tests.) The threads run in a child process, so that a crash
is a failed test, not a dead test run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy.pool import QueuePool

from desktop.domain.units import Unit
from desktop.services.clock import SystemClock
from desktop.services.session.setup import create_store
from desktop.store.store import StorePaths
from tests.store.support import ADMIN_PASSWORD, UNIT_CODE

ROOT = Path(__file__).resolve().parents[2]
THREADS = 12
ROUNDS = 40

CHILD = f"""
import sys, threading
from pathlib import Path
from sqlalchemy import func, select
from desktop.services.clock import SystemClock
from desktop.services.session.login import log_in
from desktop.services.session.throttle import LoginThrottle
from desktop.store import schema
from desktop.store.repositories.officers import save_officers
from desktop.store.store import StorePaths
from tests.store.support import ADMIN_PASSWORD, officer

folder = Path(sys.argv[1])
session = log_in(StorePaths(folder), "admin", ADMIN_PASSWORD, clock=SystemClock(),
                 throttle=LoginThrottle(folder.parent / "t.json"))
errors = []
start = threading.Barrier({THREADS})

def work(number):
    try:
        start.wait()
        for round_ in range({ROUNDS}):
            if round_ % 10 == 0:
                with session.store.transaction() as connection:
                    save_officers(connection, [officer(number * 1000 + round_)])
            with session.store.transaction() as connection:
                connection.execute(select(func.count()).select_from(schema.officers)).scalar_one()
                connection.execute(select(schema.officers.c.name)).all()
    except BaseException as exc:
        errors.append(repr(exc))

threads = [threading.Thread(target=work, args=(n,)) for n in range(1, {THREADS} + 1)]
for t in threads:
    t.start()
for t in threads:
    t.join()
with session.store.transaction() as connection:
    count = connection.execute(select(func.count()).select_from(schema.officers)).scalar_one()
print(count, len(errors), errors[:3])
"""


def test_many_threads_use_one_store_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    created = create_store(
        StorePaths(folder),
        unit=Unit(UNIT_CODE, "辽源市公安局龙山区分局", None, "龙山区"),
        admin_login="admin",
        admin_password=ADMIN_PASSWORD,
        clock=SystemClock(),
        demo=True,
    ).session
    assert isinstance(created.store.engine.pool, QueuePool)
    created.store.lock()

    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )

    assert done.returncode == 0, done.stderr[-2000:]
    count, errors, _first = done.stdout.split(" ", 2)
    assert errors == "0", done.stdout
    assert int(count) == THREADS * ROUNDS // 10  # every thread's saves are there
