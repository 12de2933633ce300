"""A workbook imported into the team server's PostgreSQL (issue 16, item 4; decision 227): the import's wall and CPU
time and the peak memory of its process tree (the client: the calling process and its pool's workers; not the
server), and the CPU time of the server's processes serving it where they run on this machine (/proc; decision
236), on a fresh schema each run.

    .venv/bin/python bench/bench_server_import.py [WORKBOOK | --count 50000] [--database-url postgresql+psycopg://…]
                                                  [--runs 3] [--code CHECKOUT …] [--sampled-only]

Without WORKBOOK, a unit's export of ``--count`` declarations is made first (bench_workbooks.unit_store and
export_once, in a temporary folder). Without ``--database-url`` or POSTGRES_URL it says so and measures nothing.

``--code``: the checkouts whose ``desktop`` package is measured (default: this one); with two or more, their runs
alternate (a run of each, then the next run of each), so that they share the machine's load. Each run is two fresh
processes, as bench_workbooks measures the import on the encrypted store: one unobserved (wall time, CPU seconds of
the process and its workers), one with its process tree's memory sampled (the largest sum of PSS seen; the
sampling slows it; with ``--sampled-only`` only this one, whose times then stand). The staging file of an import
past staging_file.IN_MEMORY_UP_TO goes into the run's own temporary folder (TMPDIR), on disk here.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bench.measure import Run, add_runs_argument, figure  # noqa: E402


def import_once(url: str, workbook: str) -> None:
    """In a fresh process whose ``desktop`` is the checkout first on sys.path: the import into ``url``'s schema;
    prints its figures as one JSON line."""
    import datetime as dt
    from concurrent.futures import ProcessPoolExecutor

    from bench.memory import peak_rss_mb
    from desktop.services.clock import FixedClock
    from desktop.services.inspection import workbook_import
    from desktop.services.inspection.review_store import server_session
    from desktop.services.inspection.workbook_import import import_workbook

    taken = workbook_import.import_in_chunks
    pipelined = False

    def spy(*args: object, **keywords: object) -> object:
        nonlocal pipelined
        ready = taken(*args, **keywords)  # type: ignore[arg-type]
        pipelined = ready is not None
        return ready

    workbook_import.import_in_chunks = spy  # type: ignore[assignment]  # to say which path the import took
    session = server_session(url, None, FixedClock(dt.datetime(2026, 11, 21, tzinfo=dt.UTC)))
    with ProcessPoolExecutor(os.cpu_count() or 1) as pool:
        pool.submit(int).result()  # workers started before the clock runs, as in a long-lived application
        served_before = _backends_cpu(url)
        before = os.times()
        started = time.perf_counter()
        result = import_workbook(session, Path(workbook), executor=pool)
        seconds = time.perf_counter() - started
    after = os.times()
    served_after = _backends_cpu(url)  # before the session's connections are closed
    session.lock()
    figures = {
        "wall": seconds,
        "cpu": sum(after[:4]) - sum(before[:4]),  # this process and its waited-for workers, user and system
        "main_cpu": sum(after[:2]) - sum(before[:2]),
        # the server's processes serving the import's connections (None: the server is not on this machine)
        "server_cpu": None
        if served_after is None or served_before is None
        else sum(cpu - served_before.get(pid, 0.0) for pid, cpu in served_after.items()),
        "rss_mb": peak_rss_mb(),
        "declarations": result.declarations,
        "valid": result.valid,
        "pipelined": pipelined,
        "module": workbook_import.__file__,
    }
    print(json.dumps(figures))


def _backends_cpu(url: str) -> dict[int, float] | None:
    """The CPU seconds (user and system) so far of each server process serving a connection of this run (its
    ``application_name``, but this question's own), read from /proc: None where the server's processes cannot be
    read there (another machine, another system)."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            pids = connection.execute(
                text(
                    "SELECT pid FROM pg_stat_activity WHERE application_name = current_setting('application_name') "
                    "AND pid <> pg_backend_pid()"
                )
            ).scalars()
            found = {}
            for pid in pids:
                try:
                    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    return None
                found[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            return found
    finally:
        engine.dispose()


def _schema(server: str) -> tuple[str, str]:
    name = f"bench_import_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{name}"'))
    admin.dispose()
    # The run's own application name: its server processes are told apart by it (_backends_cpu).
    url = make_url(server).update_query_dict({"options": f"-csearch_path={name}", "application_name": name})
    return name, url.render_as_string(hide_password=False)


def _drop(server: str, name: str) -> None:
    admin = create_engine(server)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
    admin.dispose()


def _run(server: str, code: Path, workbook: Path, sampled: bool) -> dict[str, float]:
    """One import in a fresh process on a fresh schema (dropped after); with ``sampled``, its tree's peak PSS."""
    from tests.process_tree import run_measured

    name, url = _schema(server)
    home = Path(tempfile.mkdtemp(prefix="bench-home-"))
    env = {**os.environ, "PYTHONPATH": str(code), "TMPDIR": str(home), "HOME": str(home)}
    command = [sys.executable, __file__, str(workbook), "--child", str(code), url]
    load = os.getloadavg()[0]
    try:
        if sampled:
            measured = run_measured(command, env, ROOT, timeout=3600)
            code_, out, err, pss = measured.code, measured.out, measured.err, measured.peak_mb
        else:
            done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=3600)
            code_, out, err, pss = done.returncode, done.stdout, done.stderr, 0.0
    finally:
        shutil.rmtree(home, ignore_errors=True)
        _drop(server, name)
    if code_ != 0:
        raise RuntimeError(err[-3000:])
    figures: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    figures["pss_mb"], figures["load"] = pss, load
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workbook", type=Path, nargs="?")
    parser.add_argument("--count", type=int, default=50_000, help="without WORKBOOK: the export made to import")
    parser.add_argument("--database-url", default=os.environ.get("POSTGRES_URL"))
    parser.add_argument("--code", type=Path, nargs="+", default=[ROOT])
    add_runs_argument(parser)
    parser.add_argument(
        "--sampled-only", action="store_true", help="only the runs with the memory sampled (their times are slowed)"
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, args.child[0])  # its desktop package, not this checkout's
        import_once(args.child[1], str(args.workbook))
        return
    if not args.database_url:
        raise SystemExit("no --database-url and no POSTGRES_URL: nothing measured")
    if args.workbook is None:
        from bench.bench_workbooks import export_once, unit_store

        folder = Path(tempfile.mkdtemp(prefix="bench-server-export-"))
        atexit.register(shutil.rmtree, folder, True)  # the workbook made for this run alone
        unit_store(args.count, folder / "store")
        args.workbook = folder / "export.xlsx"
        export_once(str(folder / "store"), str(args.workbook))
    timed: dict[Path, list[dict[str, float]]] = {code: [] for code in args.code}
    sampled: dict[Path, list[dict[str, float]]] = {code: [] for code in args.code}
    for number in range(args.runs):
        for code in args.code:
            sampled[code].append(_run(args.database_url, code, args.workbook, sampled=True))
            timed[code].append(
                sampled[code][-1] if args.sampled_only else _run(args.database_url, code, args.workbook, sampled=False)
            )
            t, s = timed[code][-1], sampled[code][-1]
            served = "?" if t.get("server_cpu") is None else f"{t['server_cpu']:.2f}"
            print(
                f"run {number + 1} {code}: {t['wall']:.2f} s wall, {t['cpu']:.2f} s CPU (main {t['main_cpu']:.2f}, "
                f"server {served}), "
                f"load {t['load']:.2f}; tree PSS {s['pss_mb']:.0f} MB (main RSS {s['rss_mb']:.0f} MB), load "
                f"{s['load']:.2f}; {t['declarations']} declarations, pipelined {t['pipelined']} ({t['module']})",
                flush=True,
            )
    for code in args.code:
        wall = [r["wall"] for r in timed[code]]
        cpu = [r["cpu"] for r in timed[code]]
        served = [r["server_cpu"] for r in timed[code] if r.get("server_cpu") is not None]
        pss = [r["pss_mb"] for r in sampled[code]]
        loads = [r["load"] for r in timed[code] + sampled[code]]
        runs = [Run(t["wall"], t["cpu"], t["load"], s["load"]) for t, s in zip(timed[code], sampled[code], strict=True)]
        count = int(timed[code][-1]["declarations"])
        print(figure(f"import of {count} declarations into PostgreSQL ({code.name})", runs))
        print(
            f"{code}: median {statistics.median(wall):.2f} s wall ({', '.join(f'{w:.2f}' for w in wall)}), "
            f"{statistics.median(cpu):.2f} s CPU ({', '.join(f'{c:.2f}' for c in cpu)}), tree PSS median "
            f"{statistics.median(pss):.0f} MB ({', '.join(f'{p:.0f}' for p in pss)}), server CPU "
            f"({', '.join(f'{c:.2f}' for c in served) or '?'}), load "
            f"{min(loads):.2f}-{max(loads):.2f}"
        )


if __name__ == "__main__":
    main()
