"""How export, import and review grow with the number of declarations (issue 16: the growth exponents between
10,000, 50,000 and 200,000 declarations), and the export's peak memory at the largest size (DESIGN.md: ≤ 300 MB,
also at 200,000).

For each size: a SQLCipher store of that many countersigned declarations of distinct officers (bench_workbooks'
unit_store, not timed); the unit head's export_unit in a fresh process (CPU seconds, wall seconds, peak RSS); then,
in another fresh process, an inspector's store importing that workbook (import + verify + store, with a process
pool: CPU of the process and its workers) and reviewing it (run_review: digests, rules, the recorded run; CPU of the
process). The growth exponent between two sizes is the slope of CPU time on a log-log scale:
log(t2 / t1) / log(n2 / n1); 1.0 is linear. CPU time, not wall time: the machine is shared.

    .venv/bin/python bench/bench_growth.py [--sizes 2000 5000 10000] [--runs 3]   (make bench: the default, small)
    .venv/bin/python bench/bench_growth.py --sizes 10000 50000 200000               (the issue's sizes; long)

Each of export, import and review is run --runs times per size (each run in fresh processes): its figure line is
the median wall and CPU with the load average at its start and end (bench/measure.py); the exponents are of the
median CPU times.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_workbooks import EXPORT_RSS_MB, peak_rss_mb, unit_store  # noqa: E402
from bench.measure import (  # noqa: E402
    Run,
    add_runs_argument,
    figure,
    load_average,
    median_cpu,
    run_of,
    tree_cpu,
    verdict,
)

DEFAULT_SIZES = (2000, 5000, 10000)


def export_in_process(folder: str, out: str) -> None:
    """In a fresh process: the unit head exports the unit; prints CPU s, wall s, peak RSS MB, RSS MB before."""
    from bench.bench_workbooks import head_session
    from desktop.services.workflow.export import export_unit

    head = head_session(Path(folder))
    before_rss = peak_rss_mb()
    cpu, started = tree_cpu(), time.perf_counter()
    export_unit(head, Path(out))
    wall, cpu = time.perf_counter() - started, tree_cpu() - cpu
    head.lock()
    print(f"{cpu} {wall} {peak_rss_mb()} {before_rss}")


def import_and_review_in_process(path: str) -> None:
    """In a fresh process: an inspector's new store imports ``path`` with a process pool, then reviews it; prints
    import CPU s, import wall s, review CPU s, review wall s, declarations imported, findings, peak RSS MB."""
    from concurrent.futures import ProcessPoolExecutor

    from bench.bench_workbooks import inspector_session
    from desktop.services.inspection.review import run_review
    from desktop.services.inspection.workbook_import import import_workbook

    session = inspector_session("bench-growth-store-")
    with ProcessPoolExecutor(os.cpu_count() or 1) as pool:
        pool.submit(int).result()  # workers started before the clock runs, as in a long-lived application
        cpu, started = tree_cpu(), time.perf_counter()
        result = import_workbook(session, Path(path), executor=pool)
        import_wall = time.perf_counter() - started
    import_cpu = tree_cpu() - cpu  # the workers' CPU is counted once the pool has shut down
    cpu, started = tree_cpu(), time.perf_counter()
    run = run_review(session)
    review_wall, review_cpu = time.perf_counter() - started, tree_cpu() - cpu
    session.lock()
    print(
        f"{import_cpu} {import_wall} {review_cpu} {review_wall} {result.declarations} {len(run.review.findings)} "
        f"{peak_rss_mb()}"
    )


def in_fresh_process(call: str, scratch: Path) -> list[float]:
    """Run ``call`` in a fresh process whose temporary files (the inspector's store: 1.3 GB at 200,000
    declarations) go into ``scratch``, removed once it has exited; the numbers of its last line."""
    scratch.mkdir()
    try:
        code = f"import sys; sys.path.insert(0, {str(ROOT)!r})\nfrom bench.bench_growth import *\n{call}"
        env = os.environ | {"TMPDIR": str(scratch)}
        done = subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT, env=env
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return [float(value) for value in done.stdout.strip().splitlines()[-1].split()]


def run_line(
    size: int, number: int, runs: int, export: Run, imported: Run, review: Run, export_mb: float, import_mb: float
) -> str:
    """One run's figures, printed as soon as it ends (a run at 200,000 takes many minutes: a bench stopped early
    still leaves the runs it made); indented, not a figure line, so run_all's table counts only the medians."""
    return (
        f"  run {number} of {runs} at {size}: export CPU {export.cpu:.3f} s (wall {export.wall:.3f} s), import CPU "
        f"{imported.cpu:.3f} s (wall {imported.wall:.3f} s), review CPU {review.cpu:.3f} s (wall {review.wall:.3f} s); "
        f"peak RSS export {export_mb:.0f} MB, import and review {import_mb:.0f} MB; "
        f"load {_load(export.load_start)} → {_load(review.load_end)}"
    )


def _load(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def exponent(sizes: list[int], seconds: list[float], index: int) -> float:
    """The log-log slope between size ``index - 1`` and size ``index``."""
    return math.log(seconds[index] / seconds[index - 1]) / math.log(sizes[index] / sizes[index - 1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES), help="declarations, ascending")
    add_runs_argument(parser)
    args = parser.parse_args()
    sizes = sorted(args.sizes)
    work = Path(tempfile.mkdtemp(prefix="bench-growth-"))
    figures: dict[str, list[float]] = {"export": [], "import": [], "review": []}
    export_peak = 0.0
    for size in sizes:
        started = time.perf_counter()
        store = work / f"store-{size}"
        unit_store(size, store)
        built = time.perf_counter() - started
        out = work / f"export-{size}.xlsx"
        timing: dict[str, list[Run]] = {"export": [], "import": [], "review": []}
        peaks, import_peaks = [], []
        runs = max(args.runs, 1)
        for number in range(1, runs + 1):
            load = load_average()
            export_cpu, export_wall, peak, before = in_fresh_process(
                f"export_in_process({str(store)!r}, {str(out)!r})", work / "scratch"
            )
            timing["export"].append(run_of(export_wall, export_cpu, load))
            peaks.append(peak)
            load = load_average()
            import_cpu, import_wall, review_cpu, review_wall, stored, findings, import_peak = in_fresh_process(
                f"import_and_review_in_process({str(out)!r})", work / "scratch"
            )
            timing["import"].append(run_of(import_wall, import_cpu, load))
            timing["review"].append(run_of(review_wall, review_cpu, load))
            import_peaks.append(import_peak)
            print(run_line(size, number, runs, *(timing[name][-1] for name in timing), peak, import_peak), flush=True)
        export_peak = statistics.median(peaks)
        print(
            f"{size} declarations (store built in {built:.0f} s): export file {out.stat().st_size / 1e6:.1f} MB, peak "
            f"RSS {export_peak:.0f} MB ({before:.0f} MB before the export); {int(stored)} imported, {int(findings)} "
            f"findings, peak RSS of the importing and reviewing process {statistics.median(import_peaks):.0f} MB",
            flush=True,
        )
        print(figure(f"export_unit at {size}, fresh process", timing["export"]), flush=True)
        print(figure(f"import + verify + store at {size}, process pool", timing["import"]), flush=True)
        print(figure(f"review (run_review) at {size}", timing["review"]), flush=True)
        for name, runs in timing.items():
            figures[name].append(median_cpu(runs))
        out.unlink()
        shutil.rmtree(store)
    shutil.rmtree(work)
    for index in range(1, len(sizes)):
        slopes = ", ".join(f"{name} {exponent(sizes, cpu, index):.2f}" for name, cpu in figures.items())
        print(
            f"growth exponent (median CPU, log-log) {sizes[index - 1]} → {sizes[index]}: {slopes}  (1.00 is linear; "
            "the design: import growth linear)"
        )
    print(
        f"export peak RSS at {sizes[-1]} declarations: {export_peak:.0f} MB; target ≤ {EXPORT_RSS_MB} MB"
        f"{'' if sizes[-1] >= 200_000 else ' at 200,000 (this size is smaller)'}: "
        f"{verdict(export_peak <= EXPORT_RSS_MB)}"
    )


if __name__ == "__main__":
    main()
