"""One way for every bench to measure and print a figure (decision 173).

A figure is an item a bench measures, or a reference it measures in the same run (pandas.read_excel, xlsxwriter,
the raw Ed25519 rates, raw executemany). Each is run ``--runs`` times; its line gives the median wall time, the
median CPU time of the process tree (this process and every child it waited for: a process pool's workers once the
pool has shut down, a fresh process once it has exited) and the 1-minute load average at the start of the first run
and at the end of the last, then its target if it has one:

    • import + verify + store, our own export: median of 3: wall 9.812 s, CPU 15.204 s, load 6.10 → 6.85; \
target ≤ 8.5 s wall: MISSES

(one line, cut here).

bench/run_all.py collects these lines (``FIGURE``) into its summary table; tests/bench checks every bench prints them.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TypeVar

T = TypeVar("T")

#: What run_all and the tests read back from a bench's output: label, runs, wall, CPU, load, the rest (the target).
FIGURE = re.compile(
    r"^\s*• (?P<label>.+?): median of (?P<runs>\d+): wall (?P<wall>[0-9.]+) s, CPU (?P<cpu>[0-9.]+) s, "
    r"load (?P<load_start>[0-9.]+|n/a) → (?P<load_end>[0-9.]+|n/a)(?:; (?P<target>.*))?$"
)
#: How many runs a figure takes unless --runs says otherwise (the closing notes quote medians of 3).
DEFAULT_RUNS = 3


def load_average() -> float | None:
    """The 1-minute load average; None where there is none (Windows)."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return None


def load_averages() -> str:
    """The 1-, 5- and 15-minute load averages, for a bench's opening and closing lines."""
    try:
        return ", ".join(f"{value:.2f}" for value in os.getloadavg())
    except (AttributeError, OSError):
        return "n/a"


def tree_cpu() -> float:
    """User and system CPU seconds of this process (process_time: finer than os.times' clock ticks) and of every
    child it has waited for."""
    times = os.times()
    return time.process_time() + times.children_user + times.children_system


def children_cpu() -> float:
    """User and system CPU seconds of the children this process has waited for (not its own: e.g. a poller's)."""
    times = os.times()
    return times.children_user + times.children_system


@dataclass(frozen=True)
class Run:
    """One run of a figure: wall and process-tree CPU seconds, the load average before and after."""

    wall: float
    cpu: float
    load_start: float | None
    load_end: float | None


def timed(work: Callable[[], T]) -> tuple[Run, T]:
    """Run ``work`` once; its Run and its result."""
    load_start, cpu, started = load_average(), tree_cpu(), time.perf_counter()
    result = work()
    wall, cpu = time.perf_counter() - started, tree_cpu() - cpu
    return Run(wall, cpu, load_start, load_average()), result


def repeated(work: Callable[[], T], runs: int) -> tuple[list[Run], list[T]]:
    """Run ``work`` ``runs`` times (at least once); the Runs and the results, in order."""
    measured = [timed(work) for _ in range(max(runs, 1))]
    return [m[0] for m in measured], [m[1] for m in measured]


def run_of(wall: float, cpu: float, load_start: float | None, load_end: float | None = None) -> Run:
    """A Run from figures measured elsewhere (a fresh process that times its own part of the work)."""
    return Run(wall, cpu, load_start, load_average() if load_end is None else load_end)


def fresh_process(
    argv: list[str],
    env: dict[str, str],
    cwd: Path,
    *,
    codes: Collection[int] = (0,),
    stdout: IO[bytes] | None = None,
    timeout: float = 600,
) -> Run:
    """One run of ``argv`` in a fresh process (from just before the spawn to its exit, so the interpreter's start
    counts; its CPU and its children's); SystemExit with its output unless it exits with one of ``codes``."""
    load_start, cpu, started = load_average(), children_cpu(), time.perf_counter()
    done = subprocess.run(
        argv,
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=cwd,
        timeout=timeout,
        check=False,
    )
    wall = time.perf_counter() - started
    if done.returncode not in codes:
        output = (done.stdout or b"") + done.stderr
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}:\n{output.decode(errors='replace')}")
    return run_of(wall, children_cpu() - cpu, load_start)


def median_wall(runs: list[Run]) -> float:
    return statistics.median(r.wall for r in runs)


def median_cpu(runs: list[Run]) -> float:
    return statistics.median(r.cpu for r in runs)


def _load(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def figure(label: str, runs: list[Run], target: str = "") -> str:
    """The line of a figure (see the module's docstring); ``target`` is e.g. "target ≤ 8.5 s wall: meets"."""
    if not runs:
        raise ValueError("a figure needs at least one run")
    line = (
        f"• {label}: median of {len(runs)}: wall {median_wall(runs):.3f} s, CPU {median_cpu(runs):.3f} s, "
        f"load {_load(runs[0].load_start)} → {_load(runs[-1].load_end)}"
    )
    return f"{line}; {target}" if target else line


def verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def add_runs_argument(parser: argparse.ArgumentParser, *aliases: str, default: int = DEFAULT_RUNS) -> None:
    """--runs (and a bench's older name for it, e.g. --repeat): how many runs each figure's median is of."""
    parser.add_argument(
        "--runs", *aliases, dest="runs", type=int, default=default, help=f"runs per figure (median; {default})"
    )
