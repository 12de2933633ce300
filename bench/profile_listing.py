"""Where the second findings listing's time goes (decision 167): cProfile of the command's parts and of the Findings
tab's reload, on a store kept by ``bench_listing.py --keep``.

    .venv/bin/python bench/bench_listing.py --count 50000 --runs 1 --keep /tmp/listing  # once: makes the store
    .venv/bin/python bench/profile_listing.py /tmp/listing [--top 25] [--part open|listing|tab|all]

Each part is run once unprofiled first (the file cache, the kept views made), then profiled: the store's opening
(``log_in``: Argon2 is shown apart, as the login's cost), the ``findings`` handler logged in, and the tab's reload
done in this thread (``load_findings``, which the window runs in its task thread, then the table filled and its
columns fitted in the GUI thread).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.bench_listing import CLOCK_AT, LOGIN, PASSWORD  # noqa: E402


def profiled(label: str, work: Callable[[], object], top: int) -> None:
    """``work`` once unprofiled, then profiled: its wall and CPU time, and the functions by own and total time."""
    work()
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    profile = cProfile.Profile()
    profile.enable()
    work()
    profile.disable()
    print(f"\n=== {label}: wall {wall:.3f} s, CPU {cpu:.3f} s (unprofiled; load {os.getloadavg()[0]:.2f})")
    for order in ("tottime", "cumulative"):
        text = io.StringIO()
        pstats.Stats(profile, stream=text).strip_dirs().sort_stats(order).print_stats(top)
        print(text.getvalue().split("\n", 6)[-1].rstrip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="the folder given to bench_listing.py --keep")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--part", choices=("open", "listing", "tab", "all"), default="all")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from desktop.commands import review
    from desktop.commands.context import CommandContext, PasswordSource
    from desktop.i18n import Translator
    from desktop.services.clock import FixedClock
    from desktop.services.session.login import log_in
    from desktop.services.session.session import Session
    from desktop.services.session.throttle import LoginThrottle
    from desktop.store.store import StorePaths

    paths = StorePaths(args.folder / "store")
    throttle = LoginThrottle(args.folder / "profile-throttle.json")
    translate = Translator("zh_CN")

    def opened() -> Session:
        return log_in(paths, LOGIN, PASSWORD, clock=FixedClock(CLOCK_AT), throttle=throttle)

    if args.part in ("open", "all"):
        profiled("store opening (log_in, Argon2 included: see argon2)", lambda: opened().lock(), args.top)
    session = opened()

    class LoggedIn(CommandContext):
        def session(self) -> Session:
            return session

    def listing() -> None:
        arguments = dict(data_dir=str(paths.folder), user=LOGIN, database_url=None, campaign=None, threshold=None)
        arguments |= dict(unit=None, rule=None, min_score=None, json=False)
        out = io.StringIO()
        context = LoggedIn(
            argparse.Namespace(**arguments), translate, PasswordSource(False, io.StringIO(), translate), out, out
        )
        review.cmd_findings(context)

    if args.part in ("listing", "all"):
        profiled("the findings handler, logged in", listing, args.top)
    if args.part in ("tab", "all"):
        tab_profile(session, translate, args.top)
    session.lock()


def tab_profile(session: object, translate: object, top: int) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.gui.inspector.findings.data import load_findings
    from desktop.gui.inspector.findings.tab import FindingsTab
    from desktop.gui.worker import TaskRunner

    app = QApplication.instance() or QApplication([])
    tab = FindingsTab(session, translate, TaskRunner())  # type: ignore[arg-type]
    tab.resize(1366, 768)
    tab.stale = False  # shown without loading: each reload below is done in this thread
    tab.show()
    app.processEvents()

    def reload() -> None:
        tab._generation += 1
        data = load_findings(tab.session, tab.translate, tab.campaign_id)
        tab._loaded(data, tab._generation)
        app.processEvents()  # the columns are fitted on the next turn of the event loop

    profiled("the Findings tab's reload (load_findings, then the GUI thread's part)", reload, top)
    profiled("  of it load_findings (the window's task thread)", lambda: load_findings(session, translate), top)  # type: ignore[arg-type]
    tab.deleteLater()
    app.processEvents()


if __name__ == "__main__":
    main()
