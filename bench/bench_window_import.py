"""The window's import against the command line's, on the same workbook (issue 16, item 1 in the window; decisions
162-163).

- ``cli``: bench_workbooks.import_once, the service call ``import`` makes (a process pool started before the clock,
  as the command line's pool is started before its first file);
- ``window``: the inspector page's own batch (desktop.gui.inspector.import_batch.ImportBatch on the window's
  TaskRunner, offscreen), timed from the batch's start to its end: whatever pool the window uses is started and
  shut down inside that time, as a person waits for it;
- ``threads``: the same batch on a thread pool of as many threads as cores, as the window imported before
  decision 162 (``ThreadWorkers``), for the figures before and after in one run.

Each run is a fresh process measured as a process tree (tests/process_tree.py): wall time, CPU of the process tree
(the process and its pool's workers once they are shut down) and of the main process, the peak memory and the load
average before the run; the two kinds of run alternate.

    .venv/bin/python bench/bench_window_import.py [--count 10000] [--repeat 3]
    .venv/bin/python bench/bench_window_import.py --workbook EXPORT.xlsx [--repeat 3]
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import add_runs_argument, figure, run_of  # noqa: E402

KINDS = ("cli", "window", "threads")
LABELS = {
    "cli": "the command line's process pool",
    "window": "the window's worker processes",
    "threads": "the window's thread pool (before decision 162)",
}


class ThreadWorkers:
    """The window's workers before decision 162: a thread pool in the window's own process."""

    def __init__(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 1)

    def stop(self) -> None:
        pass

    def close(self) -> None:
        self.pool.shutdown(wait=True)


def _counted_workers() -> tuple[type, list[float]]:
    """ImportWorkers that, before closing, add their workers' CPU seconds (and, once, their forkserver's) to a list:
    forked by the forkserver, they are not this process's children, so os.times() does not count them."""
    import psutil

    from desktop.services.inspection.import_workers import ImportWorkers

    spent: list[float] = []
    servers: set[int] = set()

    class Counted(ImportWorkers):
        def close(self) -> None:
            for pid in self.process_ids():
                with contextlib.suppress(psutil.Error):
                    process = psutil.Process(pid)
                    parent = process.parent()
                    spent.append(sum(process.cpu_times()[:2]))
                    if parent is not None and parent.pid != os.getpid() and parent.pid not in servers:
                        servers.add(parent.pid)
                        spent.append(sum(parent.cpu_times()[:2]))
            super().close()

    return Counted, spent


def window_once(path: str, threads: bool = False) -> None:
    """In a fresh process: the inspector page's batch importing ``path``; prints the figures import_once prints
    (seconds, peak RSS, counts, CPU of the tree and of the main process, 1) and how many statuses the page would
    show. ``threads``: on a thread pool, as before decision 162. The CPU counted: this process, its children and
    the workers (with the forkserver they were forked from)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from bench.bench_workbooks import inspector_session
    from bench.memory import peak_rss_mb
    from desktop.gui.inspector.import_batch import FileReport, ImportBatch
    from desktop.gui.worker import TaskRunner

    app = QApplication([])
    session = inspector_session("bench-window-")
    runner = TaskRunner()
    counted, workers_cpu = _counted_workers()
    batch = ImportBatch(session, runner, workers=ThreadWorkers if threads else counted)
    reports: list[FileReport] = []
    reported: list[object] = []
    batch.file_done.connect(reports.append)
    batch.status_changed.connect(reported.append)  # the statuses the page would show
    before = os.times()
    started = time.perf_counter()
    batch.start([Path(path)], on_finished=app.quit)
    app.exec()
    seconds = time.perf_counter() - started
    runner.wait()
    after = os.times()
    cpu = sum(after[:4]) - sum(before[:4]) + sum(workers_cpu)
    main_cpu = sum(after[:2]) - sum(before[:2])
    session.lock()
    (report,) = reports
    if report.result is None:
        raise RuntimeError(f"the import failed: {report.error!r}")
    result = report.result
    print(
        f"{seconds} {peak_rss_mb()} {result.declarations} {result.valid} {int(result.workbook_valid)} {cpu} "
        f"{main_cpu} 1 {len(reported)}"
    )


def measured(kind: str, path: Path) -> tuple[list[float], float, float]:
    """One run of ``kind`` in a fresh process: its printed figures, the tree's largest PSS (MB), the load before."""
    from tests.cli.support import clean_env
    from tests.process_tree import run_measured

    load = os.getloadavg()[0]
    call = f"bench_workbooks import import_once; import_once({str(path)!r})"
    if kind != "cli":
        call = f"bench_window_import import window_once; window_once({str(path)!r}, {kind == 'threads'})"
    code = f"import sys; sys.path.insert(0, {str(ROOT)!r})\nfrom bench.{call}"
    home = Path(tempfile.mkdtemp(prefix="bench-home-"))
    # Not TMPDIR: the forkserver's socket lives in the temporary folder, and a socket's path has at most 107 bytes.
    # The run's inspector store is removed when its process ends (inspector_session), the home after it.
    env = clean_env(home) | {"QT_QPA_PLATFORM": "offscreen"}
    try:
        run = run_measured([sys.executable, "-c", code], env, ROOT, timeout=900)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    if run.code != 0:
        raise RuntimeError(run.err)
    return [float(v) for v in run.out.strip().splitlines()[-1].split()], run.peak_mb, load


def _runs(values: list[float]) -> str:
    return " / ".join(f"{v:.2f}" for v in values)


def report(path: Path, repeat: int) -> None:
    figures: dict[str, list[tuple[list[float], float, float]]] = {kind: [] for kind in KINDS}
    for _ in range(repeat):
        for kind in KINDS:  # alternated, so that a change of load falls on both
            figures[kind].append(measured(kind, path))
    for kind in KINDS:
        runs = figures[kind]
        wall = [r[0][0] for r in runs]
        cpu = [r[0][5] for r in runs]
        main = [r[0][6] for r in runs]
        peak = [r[1] for r in runs]
        extra = f", {int(runs[-1][0][8])} statuses shown" if kind != "cli" else ""
        timing = [run_of(w, c, r[2], r[2]) for w, c, r in zip(wall, cpu, runs, strict=True)]
        print(figure(f"import of {int(runs[-1][0][2])} declarations, {LABELS[kind]}", timing))
        print(
            f"{kind:7}: {int(runs[-1][0][2])} declarations; wall median {statistics.median(wall):.2f} s "
            f"({_runs(wall)}), CPU of the tree {statistics.median(cpu):.2f} s ({_runs(cpu)}; the main process "
            f"{_runs(main)}), largest PSS of the tree {statistics.median(peak):.0f} MB, load before "
            f"{_runs([r[2] for r in runs])}{extra}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    add_runs_argument(parser, "--repeat")
    parser.add_argument("--workbook", type=Path, help="import this export of ours: no store, no export")
    args = parser.parse_args()
    path = args.workbook
    if path is None:
        from bench.bench_workbooks import run_python, unit_store

        work = Path(tempfile.mkdtemp(prefix="bench-window-export-"))
        atexit.register(shutil.rmtree, work, True)  # the workbook made for this run alone
        unit_store(args.count, work / "store")
        path = work / "export.xlsx"
        store = work / "store"
        run_python(f"from bench.bench_workbooks import export_once; export_once({str(store)!r}, {str(path)!r})")
    report(path, args.runs)


if __name__ == "__main__":
    main()
