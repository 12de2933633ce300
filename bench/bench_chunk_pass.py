"""The import's CPU, split between the workers' side and the calling process's side, in one process without a pool
(issue 16, item 1; docs/decisions.md 177): a figure a loaded machine cannot blur by scheduling, for comparing two
trees (alternated runs) or bisecting merges.

    .venv/bin/python bench/bench_chunk_pass.py --workbook EXPORT.xlsx [--runs 3]
    .venv/bin/python bench/bench_chunk_pass.py --count 10000            # builds and exports a store first

* *The workers' side*: the plan made in this process as the import makes it (read_workbook_as with plan_chunks);
  each chunk's arguments pickled, then -- timed -- unpickled, read by ``import_chunks.read_chunk`` and its result
  pickled, as a pool's worker does. Beside the figure, the CPU of each stage ``read_chunk`` calls (Ed25519 apart
  from the rest of verify_many).
* *The calling process's side*: the whole import (``import_workbook`` into a new inspector store) with an executor
  that runs each submitted function at once in this process, pickling its arguments and result as a pool would; the
  CPU of the submitted functions (unpickling the arguments, the work, pickling the result) is taken off, so what is
  left is what the importing process itself spends: the package checks, the plan, sending the chunks, staging, the
  tail after the last chunk.

Each run is a fresh process, the two sides alternated. CPU is process time (user and system); the wall time beside
it is the timed chunks' (workers' side) or the whole import's, submitted work included (calling side).
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: The functions read_chunk calls that are timed, by their name in desktop.services.inspection.import_chunks.
STAGES = (
    "convert_records",
    "read_members",
    "interests_by_declaration",
    "declaration_entries",
    "shown_problems",
    "shown_v2_problems",
    "verify_many",
    "declaration_row",
    "interest_values",
    "signature_triple",
    "release_freed_memory",
)


def workers_once(path: str) -> None:
    """The workers' side of ``path``'s chunks in this process; prints its figures as one JSON line."""
    from desktop.crypto import verification
    from desktop.exchange.workbook.chunks import plan_chunks
    from desktop.exchange.workbook.reader import read_workbook_as
    from desktop.services.inspection import import_chunks

    spent: dict[str, float] = defaultdict(float)

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.process_time() - started

        return wrapper

    for name in STAGES:
        if hasattr(import_chunks, name):  # an older tree (copied there to bisect) may call fewer by these names
            setattr(import_chunks, name, timed(name, getattr(import_chunks, name)))
    verification.bulk_verify_signature = timed("Ed25519", verification.bulk_verify_signature)
    plan = read_workbook_as(Path(path), plan_chunks, None)
    if plan is None:
        raise SystemExit(f"{path} needs the careful path: no chunks to measure")
    wall = cpu = 0.0
    declarations = 0
    for chunk in plan.chunks:
        sent = pickle.dumps((plan.context, chunk), protocol=pickle.HIGHEST_PROTOCOL)
        del chunk
        started, cpu_started = time.perf_counter(), time.process_time()
        context, received = pickle.loads(sent)
        spent["unpickling the arguments"] += time.process_time() - cpu_started
        rows = import_chunks.read_chunk(context, received)
        pickled = time.process_time()
        pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)
        spent["pickling the result"] += time.process_time() - pickled
        wall += time.perf_counter() - started
        cpu += time.process_time() - cpu_started
        if not rows.regular:
            raise SystemExit(f"{path}: a chunk needs the careful path")
        declarations += len(rows.declarations)
    spent["verify_many"] -= spent["Ed25519"]  # the payloads and the results, without the curve arithmetic
    print(json.dumps({"declarations": declarations, "wall": wall, "cpu": cpu, "stages": spent}))


class _InThisProcess(Executor):
    """Runs each submitted function at once, its arguments and result pickled as a process pool's are; ``cpu``: the
    CPU seconds of the submitted side (unpickling the arguments, the work, pickling the result)."""

    def __init__(self) -> None:
        self.cpu = 0.0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        sent = pickle.dumps((fn, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
        started = time.process_time()
        function, arguments, keywords = pickle.loads(sent)
        del sent
        result = pickle.dumps(function(*arguments, **keywords), protocol=pickle.HIGHEST_PROTOCOL)
        self.cpu += time.process_time() - started
        future: Future[Any] = Future()
        future.set_result(pickle.loads(result))
        return future


def calling_once(path: str) -> None:
    """The calling process's side of importing ``path``; prints its figures as one JSON line."""
    from bench.bench_workbooks import inspector_session
    from desktop.services.inspection.workbook_import import import_workbook

    session = inspector_session("bench-chunk-pass-")
    executor = _InThisProcess()
    started, cpu_started = time.perf_counter(), time.process_time()
    result = import_workbook(session, Path(path), executor=executor)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    session.lock()
    figures = {"declarations": result.declarations, "cpu": cpu - executor.cpu, "submitted": executor.cpu, "wall": wall}
    print(json.dumps(figures))


def _fresh(function: str, workbook: Path) -> dict[str, Any]:
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
        f"from bench.bench_chunk_pass import {function}; {function}({str(workbook)!r})"
    )
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    from bench.measure import Run, add_runs_argument, figure, load_average, run_of

    parser = argparse.ArgumentParser()
    parser.add_argument("--workbook", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    add_runs_argument(parser)
    args = parser.parse_args()
    workbook = args.workbook
    if workbook is None:
        from bench.bench_workbooks import export_once, unit_store

        folder = Path(tempfile.mkdtemp(prefix="bench-chunk-pass-export-"))
        atexit.register(shutil.rmtree, folder, True)  # the workbook made for this run alone
        unit_store(args.count, folder / "store")
        workbook = folder / "export.xlsx"
        export_once(str(folder / "store"), str(workbook))
    print(f"{workbook}; load {os.getloadavg()[0]:.2f}")
    workers: list[Run] = []
    calling: list[Run] = []
    count = 0
    for _ in range(max(args.runs, 1)):  # the two sides alternated, each run a fresh process
        load = load_average()
        side = _fresh("workers_once", workbook)
        workers.append(run_of(side["wall"], side["cpu"], load))
        count = side["declarations"]
        stages = sorted(side["stages"].items(), key=lambda item: -item[1])
        print("  workers' side by stage (CPU s): " + ", ".join(f"{name} {cpu:.2f}" for name, cpu in stages))
        load = load_average()
        main_side = _fresh("calling_once", workbook)
        calling.append(run_of(main_side["wall"], main_side["cpu"], load))
        print(f"  calling process: {main_side['cpu']:.2f} CPU s of its own, {main_side['submitted']:.2f} submitted")
    print(figure(f"the workers' side of {count} declarations' chunks, one process (its CPU)", workers))
    print(figure(f"the calling process's side of importing {count} declarations (its own CPU)", calling))


if __name__ == "__main__":
    main()
