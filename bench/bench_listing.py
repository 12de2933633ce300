"""The second findings listing (nothing changed since the last review) at 50,000 declarations on a SQLCipher store,
against the target of 0.5 s (DESIGN.md, "Performance targets"; issue 16, item 3).

    .venv/bin/python bench/bench_listing.py [--count 50000] [--runs 3] [--kdf real|demo]

The inspector's store is a real encrypted store (a production-strength Argon2 cost unless --kdf demo) holding
``--count`` imported declarations of this year's campaign and as many of last year's (bench_rules.fill: the data an
import leaves, written with Core executemany). The first review records the run and keeps the listing and the
Findings tab's view of it (the first listing's cost, printed once); then, with nothing changed:

- **CLI** ``officer-declare findings`` as a user runs it: a fresh process, the password in OFFICER_DECLARE_PASSWORD,
  the output written to a file; wall time from the spawn to its exit and the process's CPU time (median of --runs).
- **its split**, in a fresh process that does what the command does a part at a time: the interpreter's start
  (``python -c pass``), importing the modules, the key derivation (Argon2 of the account's slot: what a person's
  login costs, by design ≈ 0.2–0.5 s), the rest of the store's opening (key file, SQLCipher, schema check), and the
  listing itself (the run's signature, the kept listing, conclusions, keys, the printed text).
- **the Findings tab's reload** in this process: ``FindingsTab.reload()`` until its table is filled (the data read in
  the window's task thread, the table model and bars set in the GUI thread), median of --runs.

Each figure is a line of bench/measure.py (median wall and CPU of --runs, the load average at the start and end)
with its target; the listing's target excludes the login (decision 142).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.measure import (  # noqa: E402
    Run,
    add_runs_argument,
    figure,
    fresh_process,
    load_average,
    load_averages,
    median_cpu,
    median_wall,
    timed,
)

TARGET_SECONDS = 0.5
LOGIN, PASSWORD = "jijian01", "bench-insp-pass-1"
CLOCK_AT = dt.datetime(2026, 12, 30, 9, tzinfo=dt.UTC)


def verdict(seconds: float) -> str:
    return "meets" if seconds <= TARGET_SECONDS else "MISSES"


def target(runs: list[Run], count: int) -> str:
    wall, cpu = medians(runs)
    return f"target ≤ {TARGET_SECONDS} s at 50,000: wall {verdict(wall)}, CPU {verdict(cpu)} ({count:,} declarations)"


def make_store(folder: Path, count: int, kdf: str) -> None:
    """An inspector's encrypted store in ``folder`` with ``count`` imported declarations (and last year's)."""
    from bench.bench_rules import fill
    from desktop.crypto.kdf import DEFAULT_COST, DEMO_COST
    from desktop.domain.roles import Role
    from desktop.domain.units import Unit
    from desktop.services.administration import accounts
    from desktop.services.clock import FixedClock
    from desktop.services.session.setup import create_store
    from desktop.store.store import StorePaths

    demo = kdf == "demo"
    admin = create_store(
        StorePaths(folder),
        unit=Unit("1311", "清河市公安局"),
        admin_login="admin",
        admin_password="bench-admin-pass-1",
        clock=FixedClock(CLOCK_AT),
        demo=demo,
        cost=DEMO_COST if demo else DEFAULT_COST,
    ).session
    accounts.add_account(admin, login=LOGIN, password=PASSWORD, roles=frozenset({Role.INSPECTOR}))
    fill(admin.store.engine, count)
    admin.lock()


def command() -> list[str]:
    script = Path(sys.executable).parent / "officer-declare"
    return [str(script)] if script.exists() else [sys.executable, "-m", "desktop"]


def environment(folder: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(folder),
        "XDG_CONFIG_HOME": str(folder / "config"),
        "XDG_STATE_HOME": str(folder / "state"),
        "XDG_DATA_HOME": str(folder / "data"),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(REPO),
        "OFFICER_DECLARE_PASSWORD": PASSWORD,
        "OFFICER_DECLARE_USER": LOGIN,
    }


def fresh(argv: list[str], env: dict[str, str], cwd: Path, out: Path) -> Run:
    """One fresh process running ``argv``, its output into ``out``; exit 0 or 1 (findings need an inspector) only."""
    with out.open("wb") as sink:
        return fresh_process(argv, env, cwd, codes=(0, 1), stdout=sink)


def medians(results: list[Run]) -> tuple[float, float]:
    return median_wall(results), median_cpu(results)


def split_child() -> None:
    """In a fresh process (``python -c``): what ``findings`` does, a part at a time (the command's own handler for
    the listing, logged in beforehand); prints the (wall, CPU) marks."""
    import argparse
    import io

    marks = [(time.perf_counter(), time.process_time())]

    def mark() -> None:
        marks.append((time.perf_counter(), time.process_time()))

    import desktop.cli  # noqa: F401  # what the command imports before it logs in
    from desktop.commands import review
    from desktop.commands.context import CommandContext, PasswordSource
    from desktop.i18n import Translator
    from desktop.services.clock import FixedClock
    from desktop.services.session.login import log_in
    from desktop.services.session.session import Session
    from desktop.services.session.throttle import LoginThrottle
    from desktop.store.keyfile import KeyFile
    from desktop.store.store import StorePaths

    mark()
    paths = StorePaths(Path(sys.argv[1]))
    KeyFile.load(paths.key_file).accounts[LOGIN].kdf.derive(PASSWORD)
    mark()
    throttle = LoginThrottle(paths.folder.parent / "split-throttle.json")
    session = log_in(paths, LOGIN, PASSWORD, clock=FixedClock(CLOCK_AT), throttle=throttle)
    mark()

    class LoggedIn(CommandContext):
        def session(self) -> Session:  # the session opened above: the handler's own work is what is timed
            return session

    arguments = dict(data_dir=str(paths.folder), user=LOGIN, database_url=None, campaign=None, threshold=None)
    arguments |= dict(unit=None, rule=None, min_score=None, json=False)
    translate = Translator("zh_CN")
    out = io.StringIO()
    context = LoggedIn(
        argparse.Namespace(**arguments), translate, PasswordSource(False, io.StringIO(), translate), out, out
    )
    review.cmd_findings(context)
    mark()
    print(json.dumps({"marks": marks, "lines": out.getvalue().count("\n")}))


SPLIT_CHILD = "import sys; sys.path.insert(0, sys.argv[2]); from bench.bench_listing import split_child; split_child()"


def parts(folder: Path, env: dict[str, str], cwd: Path) -> dict[str, Run]:
    """Each part of the command, from a fresh process; the interpreter's start from another."""
    start, _ = timed(lambda: subprocess.run([sys.executable, "-c", "pass"], env=env, cwd=cwd, check=True))
    load_start = load_average()
    done = subprocess.run(
        [sys.executable, "-c", SPLIT_CHILD, str(folder), str(REPO)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if done.returncode != 0:
        raise SystemExit(f"the split's process failed:\n{done.stderr}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    marks = report["marks"]
    load_end = load_average()
    steps = [Run(b[0] - a[0], b[1] - a[1], load_start, load_end) for a, b in itertools.pairwise(marks)]
    imports, derive, opening, listing = steps
    return {
        "interpreter start (python -c pass)": start,
        "imports": imports,
        "key derivation (Argon2 of the slot: the login's cost)": derive,
        "store opening (key file, key derived again, SQLCipher, schema)": opening,
        "the listing (the findings handler, logged in)": listing,
    }


def cli_listing(folder: Path, count: int, runs: int) -> None:
    env = environment(folder.parent)
    cwd = folder.parent
    out = folder.parent / "findings.txt"
    argv = [*command(), "--data-dir", str(folder), "findings"]
    fresh(argv, env, cwd, out)  # warms the file cache
    whole = [fresh(argv, env, cwd, out) for _ in range(max(runs, 1))]
    print(figure("CLI findings, fresh process [whole command]", whole, target(whole, count)))
    split = [parts(folder, env, cwd) for _ in range(max(runs, 1))]
    for name in split[0]:
        part_wall, part_cpu = medians([s[name] for s in split])
        print(f"    {name:<62} wall {part_wall:6.3f} s, CPU {part_cpu:6.3f} s")
    # Opening derives the key again (log_in does; the split derived it once before on its own): counted as login.
    derivation = "key derivation (Argon2 of the slot: the login's cost)"
    opening = "store opening (key file, key derived again, SQLCipher, schema)"
    listing = "the listing (the findings handler, logged in)"
    without_login = [
        Run(
            max(s[opening].wall - s[derivation].wall, 0.0) + s[listing].wall,
            max(s[opening].cpu - s[derivation].cpu, 0.0) + s[listing].cpu,
            s[listing].load_start,
            s[listing].load_end,
        )
        for s in split
    ]
    print(
        figure(
            "CLI findings without the login (store open − Argon2, listing) [the target's part, decision 142]",
            without_login,
            target(without_login, count),
        )
    )
    alone = [s[listing] for s in split]
    print(figure("CLI findings: the listing alone", alone, target(alone, count)))


def tab_reload(folder: Path, count: int, runs: int) -> None:
    """The Findings tab's reload in this process, as the window does it, until its table is filled."""
    from PySide6.QtWidgets import QApplication

    from desktop.gui.inspector.findings.tab import FindingsTab
    from desktop.gui.worker import TaskRunner
    from desktop.i18n import Translator
    from desktop.services.clock import FixedClock
    from desktop.services.session.login import log_in
    from desktop.services.session.throttle import LoginThrottle
    from desktop.store.store import StorePaths

    app = QApplication.instance() or QApplication([])
    session = log_in(
        StorePaths(folder),
        LOGIN,
        PASSWORD,
        clock=FixedClock(CLOCK_AT),
        throttle=LoginThrottle(folder.parent / "tab-throttle.json"),
    )
    runner = TaskRunner()
    tab = FindingsTab(session, Translator("zh_CN"), runner)
    tab.resize(1366, 768)  # shown, as in the window: only the rows on screen are measured for the column widths

    def wait() -> None:
        app.processEvents()
        while tab.loading:
            app.processEvents()
            time.sleep(0.001)
        app.processEvents()  # the columns are fitted on the next turn of the event loop
        if tab.data is None or tab.model.total == 0:
            raise SystemExit(f"the Findings tab showed nothing: {tab.message.text()}")

    def reload() -> None:
        tab.reload()
        wait()

    def shown() -> None:  # showing the tab loads it (as the window does when the tab is chosen)
        tab.show()
        wait()

    first, _ = timed(shown)
    print(figure("Findings tab: first load (the tab's view kept with the run) [once]", [first], target([first], count)))
    reloads = [timed(reload)[0] for _ in range(max(runs, 1))]
    print(figure("Findings tab: reload, nothing changed", reloads, target(reloads, count)))
    tab.deleteLater()
    app.processEvents()
    session.lock()


def first_listing(folder: Path, count: int, made: bool) -> None:
    """The first listing: the review that records the run and keeps the CLI's listing (once); on a store kept from
    an earlier run of the bench, whatever this code still needs to keep."""
    from desktop.i18n import Translator
    from desktop.services.clock import FixedClock
    from desktop.services.inspection.listing import findings_listing
    from desktop.services.session.login import log_in
    from desktop.services.session.throttle import LoginThrottle
    from desktop.store.store import StorePaths

    session = log_in(
        StorePaths(folder),
        LOGIN,
        PASSWORD,
        clock=FixedClock(CLOCK_AT),
        throttle=LoginThrottle(folder.parent / "t.json"),
    )
    rows = 0

    def work() -> None:
        nonlocal rows
        rows = len(findings_listing(session, Translator("zh_CN")).rows)

    first, _ = timed(work)
    session.lock()
    what = "digests, reviews, records the run, keeps the listing" if made else "on the kept store"
    print(figure(f"first listing ({what}) [once]", [first], f"{rows:,} findings"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=50_000)
    add_runs_argument(parser)
    parser.add_argument("--kdf", choices=("real", "demo"), default="real", help="the store's Argon2 cost")
    parser.add_argument("--no-tab", dest="tab", action="store_false", help="skip the Findings tab")
    parser.add_argument(
        "--keep",
        type=Path,
        help="make the store in this folder and keep it (for profiling); a store kept there before is used again",
    )
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="bench-listing-") as temp:
        folder = (args.keep or Path(temp)) / "store"
        started = time.perf_counter()
        made = not folder.exists()
        if made:
            make_store(folder, args.count, args.kdf)
        print(
            f"second findings listing, nothing changed: {args.count:,} declarations × 2 campaigns on a SQLCipher "
            f"store (Argon2: {args.kdf}), "
            + (f"made in {time.perf_counter() - started:.1f} s" if made else f"the one kept in {folder}")
            + f"; {os.cpu_count()} cores, load {load_averages()}"
        )
        first_listing(folder, args.count, made)
        cli_listing(folder, args.count, args.runs)
        if args.tab:
            tab_reload(folder, args.count, args.runs)
        print(f"load after: {load_averages()}")


if __name__ == "__main__":
    main()
