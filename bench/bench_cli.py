"""The command line's start: ``officer-declare --help`` and ``officer-declare verify`` of a small workbook, each in a
fresh process, against the target of 0.3 s (DESIGN.md, "Performance targets").

    .venv/bin/python bench/bench_cli.py [--runs 9]

The small workbook is made here, in a temp folder: a demo store of 20 officers (desktop.services.demo) and the root
unit head's export of it (export_unit). Each command runs as a user runs it: the ``officer-declare`` console script
beside this interpreter (``python -m desktop`` where there is none), from a folder outside the checkout, with this
checkout first on PYTHONPATH. For every command the bench prints the median wall time (from just before the spawn to
its exit, so the interpreter's own start counts), the best one, and the median CPU time (user + system) of the
process; the load average is printed before and after, since a busy machine stretches the wall time and not the CPU
time. One run before the measured ones warms the file cache.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TARGET_SECONDS = 0.3
PASSWORD = "bench-pass-4471"
OFFICERS = 20


def make_small_workbook(folder: Path) -> tuple[Path, int]:
    """A demo store in ``folder``/store and its root unit head's export: the workbook and its declarations."""
    from desktop.services.clock import FixedClock
    from desktop.services.demo.store import create_demo_store
    from desktop.services.session.login import log_in
    from desktop.services.session.throttle import LoginThrottle
    from desktop.services.workflow.export import export_unit
    from desktop.store.store import StorePaths

    clock = FixedClock(dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC))
    paths = StorePaths(folder / "store")
    demo = create_demo_store(paths, officer_count=OFFICERS, seed=2026, clock=clock, password=PASSWORD)
    head = log_in(paths, demo.logins["unit_head"][0], PASSWORD, clock=clock, throttle=LoginThrottle(folder / "t.json"))
    try:
        summary = export_unit(head, folder / "small.xlsx")
    finally:
        head.lock()
    return summary.path, summary.declarations


def command() -> list[str]:
    script = Path(sys.executable).parent / "officer-declare"
    return [str(script)] if script.exists() else [sys.executable, "-m", "desktop"]


def one_run(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one fresh process running ``argv``; it must exit 0 (or 4: `verify` of a consistent
    workbook without --trust)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=cwd, timeout=60, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 4):
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}:\n{done.stdout}{done.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def verdict(seconds: float) -> str:
    return "meets" if seconds <= TARGET_SECONDS else "MISSES"


def measure(label: str, argv: list[str], runs: int, env: dict[str, str], cwd: Path) -> tuple[float, float]:
    one_run(argv, env, cwd)  # warm the file cache
    results = [one_run(argv, env, cwd) for _ in range(runs)]
    wall = statistics.median(r[0] for r in results)
    cpu = statistics.median(r[1] for r in results)
    best = min(r[0] for r in results)
    print(
        f"{label:<44} wall {wall:.3f} s (best {best:.3f}), CPU {cpu:.3f} s; target ≤ {TARGET_SECONDS:.2f} s: "
        f"wall {verdict(wall)}, CPU {verdict(cpu)}; load {os.getloadavg()[0]:.1f}"
    )
    return wall, cpu


def load() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    base = command()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        small, declarations = make_small_workbook(folder)
        shutil.rmtree(folder / "store")  # verify needs no store
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": temp,
            "XDG_CONFIG_HOME": str(folder / "config"),
            "XDG_STATE_HOME": str(folder / "state"),
            "XDG_DATA_HOME": str(folder / "data"),
            "LANG": "C.UTF-8",
            "PYTHONPATH": str(REPO),
        }
        print(
            f"the command line's start, median of {args.runs} fresh processes ({' '.join(base)}; "
            f"{os.cpu_count()} cores; load average before: {load()}):"
        )
        measure("officer-declare --help", [*base, "--help"], args.runs, env, folder)
        measure(
            f"officer-declare verify small.xlsx ({declarations} decl.)",
            [*base, "verify", str(small)],
            args.runs,
            env,
            folder,
        )
        print(f"small.xlsx: {small.stat().st_size / 1000:.0f} kB; load average after: {load()}")


if __name__ == "__main__":
    main()
