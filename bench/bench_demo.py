"""The demo store's build time by stage (issue 16, item 2: `demo --officers 50000` in minutes, not hours).

    .venv/bin/python bench/bench_demo.py [--officers 500 2000] [--runs 3] [--workflow] [--no-inspectors] [--seed S]
                                         [--keep DIR]

For each size, a demo store is made --runs times as `demo --officers N` makes it (the inspectors' part from 30
officers on, as the command does); its figure line (bench/measure.py) is the median wall and CPU with the load
average at the start and end, then the median CPU and wall time of each stage:
the roster and the store, the accounts (a cheap Argon2 run and an Ed25519 key each), the officers' and heads' acts
(drafts, signatures, countersignatures, returns, amendments, the audit chain), and the inspectors' part (every
unit's workbook exported and imported, the review cases staged, the registers). ``--workflow`` plays the acts
through the workflow's services one at a time, as before the bulk path (desktop.services.demo.bulk); the two make
the same rows (tests/services/demo/test_demo_bulk.py). Also printed: the store's size on disk. ``--keep FOLDER``
keeps each store (FOLDER/demo-N, password bench-pass-2026), e.g. for `integrity-check` and `audit verify`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.measure import Run, add_runs_argument, figure, timed
from desktop.commands.store_cmds import REVIEW_DEMO_MINIMUM
from desktop.services.clock import FixedClock
from desktop.services.demo import store as demo_store
from desktop.store.store import StorePaths

PASSWORD = "bench-pass-2026"
CLOCK = FixedClock(dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC))
#: The stages timed: the name each is printed under, and the function of desktop.services.demo.store it is.
STAGES = (("accounts", "create_accounts_in_bulk"), ("acts", "populate"), ("inspectors", "play_inspectors"))


@contextmanager
def timed_stages(times: dict[str, tuple[float, float]]) -> Iterator[None]:
    """Time (CPU, wall) each stage's function as desktop.services.demo.store calls it."""
    originals = {name: getattr(demo_store, name) for _stage, name in STAGES}

    def timing(stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            cpu, wall = time.process_time(), time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                times[stage] = (time.process_time() - cpu, time.perf_counter() - wall)

        return timed

    for stage, name in STAGES:
        setattr(demo_store, name, timing(stage, originals[name]))
    try:
        yield
    finally:
        for name, original in originals.items():
            setattr(demo_store, name, original)


def build_once(
    officers: int, *, bulk: bool, inspectors: bool, seed: int, keep: Path | None = None
) -> tuple[Run, dict[str, tuple[float, float]], int]:
    """One demo store of ``officers``: its Run (this process's CPU), the stages' (CPU, wall) and its size in bytes."""
    times: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as folder, timed_stages(times):
        paths = StorePaths(keep / f"demo-{officers}" if keep else Path(folder) / "demo")
        timing, _ = timed(
            lambda: demo_store.create_demo_store(
                paths,
                officer_count=officers,
                seed=seed,
                clock=CLOCK,
                password=PASSWORD,
                inspectors=inspectors and officers >= REVIEW_DEMO_MINIMUM,
                bulk=bulk,
            )
        )
        size = sum(f.stat().st_size for f in paths.folder.iterdir() if f.is_file())
    staged = sum(c for c, _w in times.values())
    times["roster, store, rest"] = (timing.cpu - staged, timing.wall - sum(w for _c, w in times.values()))
    return timing, times, size


def measure(officers: int, *, runs: int, bulk: bool, inspectors: bool, seed: int, keep: Path | None = None) -> None:
    built = [
        build_once(officers, bulk=bulk, inspectors=inspectors, seed=seed, keep=keep if run == 0 else None)
        for run in range(max(runs, 1))
    ]
    timing = [b[0] for b in built]
    stages = {stage: [b[1][stage] for b in built] for stage in built[0][1]}
    acts_cpu = statistics.median(c for c, _w in stages["acts"])
    path = "bulk" if bulk else "workflow"
    print(
        figure(
            f"demo --officers {officers} ({path} path)",
            timing,
            f"target: 50,000 officers in minutes; {1000 * acts_cpu / officers:.1f} ms CPU per officer for the acts; "
            f"store {built[-1][2] / 1e6:.0f} MB",
        )
    )
    for stage, figures in stages.items():
        stage_cpu = statistics.median(c for c, _w in figures)
        stage_wall = statistics.median(w for _c, w in figures)
        print(f"  {stage:20s} CPU {stage_cpu:7.1f} s  wall {stage_wall:7.1f} s  (medians)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--officers", type=int, nargs="*", default=[500, 2000])
    add_runs_argument(parser)
    parser.add_argument("--workflow", action="store_true", help="the acts through the services, one at a time")
    parser.add_argument("--no-inspectors", action="store_true", help="leave out the inspectors' part")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", type=Path, help="make the stores in this folder (demo-N) and keep them")
    args = parser.parse_args()
    for officers in args.officers:
        measure(
            officers,
            runs=args.runs,
            bulk=not args.workflow,
            inspectors=not args.no_inspectors,
            seed=args.seed,
            keep=args.keep,
        )


if __name__ == "__main__":
    main()
