"""The command line's start: ``officer-declare --help`` and ``officer-declare verify`` of a small workbook, each in a
fresh process, against the target of 0.3 s (DESIGN.md, "Performance targets").

    .venv/bin/python bench/bench_cli.py [--runs 9]

The small workbook is made here, in a temp folder: a demo store of 20 officers (desktop.services.demo) and the root
unit head's export of it (export_unit). Each command runs as a user runs it: the ``officer-declare`` console script
beside this interpreter (``python -m desktop`` where there is none), from a folder outside the checkout, with this
checkout first on PYTHONPATH. For every command the bench prints its figure line (bench/measure.py): the median
wall time (from just before the spawn to its exit, so the interpreter's own start counts) and CPU time (user +
system) of the process, the load average at the start and end (a busy machine stretches the wall time and not the
CPU time), and the best wall time. One run before the measured ones warms the file cache.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.measure import Run, add_runs_argument, figure, fresh_process, load_averages, median_cpu, median_wall  # noqa: E402

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


def verdict(seconds: float) -> str:
    return "meets" if seconds <= TARGET_SECONDS else "MISSES"


def measure(label: str, argv: list[str], runs: int, env: dict[str, str], cwd: Path) -> tuple[float, float]:
    def one_run() -> Run:  # `verify` of a consistent workbook without --trust exits 4
        return fresh_process(argv, env, cwd, codes=(0, 4), timeout=60)

    one_run()  # warm the file cache
    results = [one_run() for _ in range(max(runs, 1))]
    wall, cpu = median_wall(results), median_cpu(results)
    best = min(r.wall for r in results)
    target = f"target ≤ {TARGET_SECONDS:.2f} s: wall {verdict(wall)}, CPU {verdict(cpu)}; best wall {best:.3f} s"
    print(figure(label, results, target))
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    add_runs_argument(parser, default=9)
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
            f"{os.cpu_count()} cores; load average before: {load_averages()}):"
        )
        measure("officer-declare --help", [*base, "--help"], args.runs, env, folder)
        measure(
            f"officer-declare verify small.xlsx ({declarations} decl.)",
            [*base, "verify", str(small)],
            args.runs,
            env,
            folder,
        )
        print(f"small.xlsx: {small.stat().st_size / 1000:.0f} kB; load average after: {load_averages()}")


if __name__ == "__main__":
    main()
