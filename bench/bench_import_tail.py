"""The import's main process, phase by phase (issue 16, item 1; docs/decisions.md 159): what it spends while the
chunks come (planning, staging each chunk), what is left after the last chunk (batch signature, identity, the copy
of the staged rows, the rest of the storing transaction, the commit), and its memory at each of those points.

    .venv/bin/python bench/bench_import_tail.py --workbook EXPORT.xlsx [--repeat 1]
    .venv/bin/python bench/bench_import_tail.py --count 10000            # builds and exports a store first

Each run is a fresh process (bench_workbooks.import_once's set-up: a new inspector store, a process pool of one
worker per core started before the clock). The phases are timed by wrapping the pipeline's own functions, so the
figures are the code's as it runs; CPU is this process's (its threads), wall beside it; RSS is VmRSS at the end of
each phase and VmHWM (the peak) at the end.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.memory import peak_rss_mb  # noqa: E402


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Phases:
    """Wall and CPU seconds per named phase (summed over calls), and the RSS when each phase last ended."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.rss: dict[str, float] = {}
        self.marks: dict[str, tuple[float, float]] = {}
        #: After each chunk is staged: RSS (MB), Python's allocated blocks, the staged rows (MB).
        self.chunks: list[tuple[float, int, float]] = []

    def mark(self, name: str) -> None:
        self.marks[name] = (time.perf_counter(), time.process_time())
        self.rss[name] = _rss_mb()

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.wall[name] = self.wall.get(name, 0.0) + time.perf_counter() - wall
                self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - cpu
                self.rss[name] = _rss_mb()

        return timed


def _statements(phases: Phases) -> None:
    """Each statement of the copy timed on its own (by its first words)."""
    from desktop.services.inspection import import_staging

    staged = import_staging.Staged
    insert = staged.insert

    def timed_insert(self: Any, connection: Any, workbook_id: str) -> None:
        run = connection.exec_driver_sql

        def each(sql: str, *args: Any) -> Any:
            name = "copy " + sql.split("(")[0].split()[-1]
            return phases.wrap(name, run)(sql, *args)

        connection.exec_driver_sql = each
        try:
            insert(self, connection, workbook_id)
        finally:
            del connection.exec_driver_sql

    staged.insert = timed_insert  # type: ignore[method-assign]


def tail_once(path: str) -> None:
    """In a fresh process: import ``path`` with the phases timed; prints one JSON line."""
    from bench.bench_workbooks import inspector_session
    from desktop.services.inspection import import_pipeline, import_staging, staging_server, workbook_import
    from desktop.services.inspection import ready as ready_module

    session = inspector_session("bench-tail-")
    phases = Phases()
    in_order = import_pipeline.in_order

    def watched(*args: Any) -> Iterator[Any]:
        first = True
        for rows in in_order(*args):
            if first:
                phases.mark("first_chunk")
                first = False
            yield rows
        phases.mark("last_chunk")

    import_pipeline.in_order = watched  # type: ignore[assignment]
    import_pipeline.plan_chunks = phases.wrap("plan", import_pipeline.plan_chunks)  # type: ignore[assignment]
    staged = import_staging.Staged
    staged.add = phases.wrap("stage", staged.add)  # type: ignore[method-assign]
    staged.identity = phases.wrap("identity", staged.identity)  # type: ignore[method-assign]
    staged.insert = phases.wrap("copy", staged.insert)  # type: ignore[method-assign]
    staged_add = staged.add

    def sized(self: Any, rows: Any) -> None:
        staged_add(self, rows)
        pages = self.connection.exec_driver_sql("PRAGMA temp.page_count").scalar_one()
        size = self.connection.exec_driver_sql("PRAGMA temp.page_size").scalar_one()
        phases.rss["staged_mb"] = pages * size / 2**20
        phases.chunks.append((_rss_mb(), sys.getallocatedblocks(), pages * size / 2**20))

    staged.add = sized  # type: ignore[method-assign]
    _statements(phases)
    staged.known = phases.wrap("known", staged.known)  # type: ignore[method-assign]
    # A server's import stages in a SQLite connection of its own through the same Staged (decision 227): only its
    # copy into the server is its own.
    server = staging_server.ServerStaged
    server.insert = phases.wrap("copy", server.insert)  # type: ignore[method-assign]
    if hasattr(import_pipeline, "release_freed_memory"):
        import_pipeline.release_freed_memory = phases.wrap("trim", import_pipeline.release_freed_memory)
    staged.batch_payload = phases.wrap("batch_payload", staged.batch_payload)  # type: ignore[method-assign]
    import_pipeline.verify_signature = phases.wrap("batch_signature", import_pipeline.verify_signature)  # type: ignore[assignment]
    import_pipeline.outcomes_digest_of_lines = phases.wrap("outcomes", import_pipeline.outcomes_digest_of_lines)  # type: ignore[assignment]
    store_new = workbook_import._store_new

    def stored(*args: Any) -> Any:
        try:
            return store_new(*args)
        finally:
            phases.mark("stored")  # the storing transaction's work done; its commit follows

    workbook_import._store_new = stored  # type: ignore[assignment]
    del ready_module
    with ProcessPoolExecutor(os.cpu_count() or 1) as pool:
        pool.submit(int).result()
        phases.mark("start")
        result = workbook_import.import_workbook(session, Path(path), executor=pool)
        phases.mark("end")
    session.lock()
    print(
        json.dumps(
            {
                "declarations": result.declarations,
                "wall": phases.wall,
                "cpu": phases.cpu,
                "rss": phases.rss,
                "marks": phases.marks,
                "peak": peak_rss_mb(),
                "chunks": phases.chunks,
            }
        )
    )


def report(figures: dict[str, Any]) -> None:
    marks = figures["marks"]

    def between(a: str, b: str) -> str:
        wall = marks[b][0] - marks[a][0]
        cpu = marks[b][1] - marks[a][1]
        return f"{wall:.2f} s wall, {cpu:.2f} s CPU"

    wall, cpu, rss = figures["wall"], figures["cpu"], figures["rss"]
    print(f"{figures['declarations']} declarations; load {os.getloadavg()[0]:.2f}")
    print(f"  whole import: {between('start', 'end')}; peak RSS of the main process {figures['peak']:.0f} MB")
    print(f"  start to first chunk back: {between('start', 'first_chunk')}")
    print(f"  first to last chunk back: {between('first_chunk', 'last_chunk')}")
    print(f"  after the last chunk: {between('last_chunk', 'end')}")
    print(f"    to the end of the storing transaction's work: {between('last_chunk', 'stored')}")
    print(f"  commit (and the transaction's end): {between('stored', 'end')}")
    names = ("plan", "stage", "trim", "batch_payload", "batch_signature", "identity", "known", "copy", "outcomes")
    for name in (*names, *sorted(n for n in wall if n.startswith("copy "))):
        if name in wall:
            print(f"    {name}: {wall[name]:.2f} s wall, {cpu[name]:.2f} s CPU, RSS after {rss.get(name, 0):.0f} MB")
    print(f"    staged rows (SQLite's temporary database): {rss.get('staged_mb', 0):.0f} MB")
    steps = "; ".join(f"{r:.0f} MB/{b / 1e6:.2f} M/{t:.0f} MB" for r, b, t in figures["chunks"])
    print(f"    after each chunk staged (RSS / Python's allocated blocks / staged rows): {steps}")
    for name in ("start", "first_chunk", "last_chunk", "stored", "end"):
        print(f"    RSS at {name}: {rss[name]:.0f} MB")


def main() -> None:
    from bench.measure import Run, add_runs_argument, figure, load_average, run_of

    parser = argparse.ArgumentParser()
    parser.add_argument("--workbook", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    add_runs_argument(parser, "--repeat")
    args = parser.parse_args()
    workbook = args.workbook
    if workbook is None:
        from bench.bench_workbooks import export_once, unit_store

        folder = Path(tempfile.mkdtemp(prefix="bench-tail-export-"))
        atexit.register(shutil.rmtree, folder, True)  # the workbook made for this run alone
        unit_store(args.count, folder / "store")
        workbook = folder / "export.xlsx"
        export_once(str(folder / "store"), str(workbook))
    tails: list[Run] = []
    count = 0
    for _ in range(max(args.runs, 1)):
        load = load_average()
        code = (
            f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
            f"from bench.bench_import_tail import tail_once; tail_once({str(workbook)!r})"
        )
        done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        report(figures)
        (wall, cpu), (last_wall, last_cpu) = figures["marks"]["end"], figures["marks"]["last_chunk"]
        tails.append(run_of(wall - last_wall, cpu - last_cpu, load))
        count = figures["declarations"]
    print(figure(f"the main process after the last chunk, {count} declarations (its own CPU)", tails))


if __name__ == "__main__":
    main()
