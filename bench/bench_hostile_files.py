"""The resource attacks of issue 12, finding 7, against the hostile-input bound of DESIGN.md (300 MB, 20 s): each
file of tests/exchange/workbook/oversized.py built from a real export at ``--scale`` of its full scale (1: the
finding's sizes, e.g. 12 million shared strings, 20 million empty rows) and ``verify`` run on it in a process of its
own (a process pool for a large file), ``--runs`` times. Printed for each: the file's size, the exit codes (a run
not ending in the refusal, exit 2, or printing a traceback marked NOT THE CLEAR REFUSAL) and the refusal's first
line, the sum of every process's own peak (tests/process_tree.py: the memory bound, as
tests/exchange/workbook/test_bounded_reading.py asserts it; judged on the largest run) and the largest PSS of the
tree, and the figure line (bench/measure.py: median wall and CPU-seconds of the process tree, the load average at the
start and end) beside both targets. The wall is here and not in a test (decision 249): under load it measures the
machine.

    .venv/bin/python bench/bench_hostile_files.py [--scale 1] [--only empty_rows far_cell ...] [--runs 3]
        [--timeout 300]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: the checkout, not bench/

from bench.measure import add_runs_argument, children_cpu, figure, load_average, run_of, verdict
from tests.cli.support import clean_env
from tests.exchange.workbook import oversized
from tests.process_tree import run_measured

ROOT = Path(__file__).resolve().parents[1]
UNIT = ROOT / "tests" / "fixtures" / "made_by_9e47914" / "unit_1311.xlsx"
MAX_SECONDS = 20
MAX_TREE_MB = 300
#: verify's exit code for a workbook it refuses (docs A.12's codes): every run of an attack must end so.
REFUSED = 2


def tree_mb(memory: list[float]) -> float:
    """The memory judged against the bound: the largest run's (the bound holds for every run, not the median)."""
    return max(memory)


def unclear_runs(outcomes: list[tuple[int, str]]) -> list[str]:
    """Each run (exit code, what it printed) that is not the clear refusal: its number from 1 and what is wrong."""
    marks = []
    for number, (code, said) in enumerate(outcomes, start=1):
        if code != REFUSED:
            marks.append(f"run {number}: exit {code}")
        elif "Traceback (most recent call last)" in said:
            marks.append(f"run {number}: a traceback")
    return marks


def size_at(name: str, scale: float) -> int:
    """The builder's size argument at ``scale`` of full scale (at least 1)."""
    return max(1, round(oversized.FULL_SCALE[name] * scale))


def measure(name: str, scale: float, runs: int, timeout: float, folder: Path) -> None:
    """Build the attack ``name`` once, verify it ``runs`` times and print its lines."""
    size = size_at(name, scale)
    path = oversized.BUILDERS[name](UNIT, folder / f"{name}.xlsx", size)
    env = clean_env(folder, PYTHONPATH=str(ROOT), OFFICER_DECLARE_LANG="en")
    timing, memory, pss = [], [], []
    outcomes: list[tuple[int, str]] = []
    said: list[str] = []
    for _ in range(max(runs, 1)):
        load, cpu = load_average(), children_cpu()
        measured = run_measured([sys.executable, "-m", "desktop", "verify", str(path)], env, folder, timeout)
        timing.append(run_of(measured.seconds, children_cpu() - cpu, load))
        memory.append(measured.bound_mb)
        pss.append(measured.peak_mb)
        outcomes.append((measured.code, measured.out + measured.err))
        said = (measured.out + measured.err).strip().splitlines()
    megabytes = path.stat().st_size / 2**20
    path.unlink()
    wall, peak = statistics.median(r.wall for r in timing), tree_mb(memory)
    what = f"verify, {name} at {size}"
    codes = ", ".join(map(str, sorted({code for code, _ in outcomes})))
    unclear = unclear_runs(outcomes)
    marked = f"; NOT THE CLEAR REFUSAL: {'; '.join(unclear)}" if unclear else ""
    print(f"{what}: file {megabytes:.1f} MB, exit {codes}{marked}")
    print(
        figure(
            what,
            timing,
            f"bound ≤ {MAX_SECONDS} s wall: {verdict(wall <= MAX_SECONDS)}; {peak:.0f} MB (the largest run), "
            f"bound ≤ {MAX_TREE_MB} MB: {verdict(peak <= MAX_TREE_MB)}",
        )
    )
    print(
        f"  sum of peaks {' / '.join(f'{v:.0f}' for v in memory)} MB; largest PSS of the tree: "
        f"{' / '.join(f'{v:.0f}' for v in pss)} MB"
    )
    print(f"  {len(said)} lines; the first: {said[0][:200] if said else ''}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of each attack's full scale (1)")
    parser.add_argument("--only", nargs="+", choices=sorted(oversized.BUILDERS), default=sorted(oversized.BUILDERS))
    parser.add_argument("--timeout", type=float, default=300, help="a run still going after this is killed")
    add_runs_argument(parser)
    options = parser.parse_args()
    for name in options.only:
        with tempfile.TemporaryDirectory() as folder:
            measure(name, options.scale, options.runs, options.timeout, Path(folder))


if __name__ == "__main__":
    main()
