"""A province on the team server (issue 16, item 4): the review of 500,000 declarations on PostgreSQL, chunked by
ranges of police numbers; target ≤ 1 GB peak RSS in the client, and the time measured.

    .venv/bin/python bench/bench_province.py [--count 500000] [--database-url postgresql+psycopg://…] [--runs 3]
                                             [--sqlcipher] [--whole] [--chunk 20000]
                                             [--schema NAME [--generate-only]] [--only first,report,…]

With ``--schema`` the province is generated once into that schema of the server and kept; later runs with the same
``--schema`` reuse it (the first review then finds it digested and reviewed already: measure ``first`` once, on a
fresh schema). A schema left half filled by an interrupted generation is not detected: drop it by hand.

The province is written straight into the tables (bench/province_data.py says what it holds: Faker zh_CN, seed
2026, this year's and last year's campaign) into a fresh schema of the server (``--database-url``, else
POSTGRES_URL), dropped afterwards; with ``--sqlcipher`` (or no server) into an encrypted store file instead. Each
review runs in a process of its own, which reports its own wall time, CPU time and peak RSS (ru_maxrss): the
generator's memory is not counted, and neither is the server's (its CPU time is the server's, not the client's).
Every piece but the first review (which digests, and so happens once) runs --runs times; its figure line
(bench/measure.py) is the median wall and CPU of the client process, the load average at the start of the first run
and the end of the last, and the peak RSS against the target.

- first review through the service (``review_summary``, decision 170): digests the imported declarations and
  their people (once, in chunks), reviews range by range and records each range's scores and findings as it is
  made; the client holds the run's figures, never its outcome (``--child first-whole``: ``run_review``, which keeps
  the outcome, as before);
- the chunked review alone (``review_in_chunks``) over the digested data, ``--runs`` times (median);
- with ``--whole``, the in-memory review (``review_campaign``) over the same data, for comparison (about 13 KB a
  declaration: not at 500,000);
- the report (``write_report``, as the ``report`` command) of the recorded run, and the ``findings`` listing of it
  (``findings_listing``, every line rendered and written to nowhere, as the command writes them): on a server both
  read the run's rows (decisions 131-133);
- on a server, the review recorded range by range as it is made (``record_in_ranges``, what the report and the
  listing do when something changed, decision 134), over the digested data, after the runs recorded before are
  deleted (outside the measured time).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from bench.measure import Run, add_runs_argument, figure, load_average, verdict
from bench.memory import peak_rss_mb

TARGET_MB = 1024
DEFAULT_COUNT = 500_000


def _engine(url: str | None, path: str | None, key: str | None) -> Engine:
    if url:
        return create_engine(url)
    from desktop.store.engine import open_engine
    from desktop.store.store import NEW_STORE_PAGE_SIZE

    if path is None or key is None:
        raise SystemExit("an encrypted store needs --path and --key")
    return open_engine(Path(path), bytes.fromhex(key), page_size=NEW_STORE_PAGE_SIZE)


def _session(engine: Engine) -> Any:
    import datetime as dt

    from desktop.domain.accounts import Account
    from desktop.domain.roles import Role
    from desktop.services.clock import FixedClock
    from desktop.services.inspection.review_store import ServerStore
    from desktop.services.session.session import Session

    account = Account(0, "bench", frozenset({Role.INSPECTOR}), None, None, "bench", "")
    clock = FixedClock(dt.datetime(2027, 1, 20, 9, 0, tzinfo=dt.UTC))
    return Session(ServerStore(engine), account, None, clock)  # type: ignore[arg-type]


def _work(mode: str, engine: Engine, chunk: int, out: str | None) -> tuple[int, int, int]:
    """Do the measured work; its declarations, findings and flagged."""
    from desktop.review.chunked import review_in_chunks
    from desktop.review.engine import review_campaign

    if mode == "report":
        from desktop.services.inspection.report import write_report

        if out is None:
            raise SystemExit("the report needs --out")
        summary = write_report(_session(engine), Path(out))
        return summary.declarations, summary.findings, summary.flagged
    if mode == "listing":
        from desktop.i18n import Translator
        from desktop.services.inspection.listing import findings_listing

        listing = findings_listing(_session(engine), Translator("zh_CN"))
        with open(os.devnull, "w", encoding="utf-8") as nowhere:
            for line in listing.select():
                nowhere.write(f"{line.score:3d}  {line.rule:22s}  {line.police_number} {line.name}  {line.reason}\n")
        return listing.declarations, listing.findings, listing.flagged
    if mode == "ranges":
        from desktop.services.inspection.review_ranges import record_in_ranges

        session = _session(engine)
        run_id = record_in_ranges(session, chunk=chunk)
        from desktop.store.schema import review_runs as runs

        with engine.connect() as connection:
            row = connection.execute(runs.select().where(runs.c.id == run_id)).one()
            declarations = _declarations(connection, int(row.id))
        return declarations, int(row.findings), int(row.flagged)
    if mode == "first":
        from desktop.services.inspection.run_summary import review_summary

        summary = review_summary(_session(engine), chunk=chunk)
        return summary.declarations, summary.findings, summary.flagged
    if mode == "first-whole":
        from desktop.services.inspection.review import run_review

        review = run_review(_session(engine)).review
    else:
        with engine.connect() as connection:
            whole = mode == "whole"
            review = review_campaign(connection) if whole else review_in_chunks(connection, chunk=chunk)
    return review.declaration_count, len(review.findings), sum(1 for s in review.scores.values() if not s.cleared)


def _declarations(connection: Any, run_id: int) -> int:
    from desktop.services.inspection.run_rows import recorded_declarations

    return recorded_declarations(connection, run_id)


def _forget_runs(engine: Engine) -> None:
    """Delete every recorded run (its rows, listings, header): the next review records anew."""
    from desktop.store import schema

    with engine.begin() as connection:
        for table in (
            schema.review_run_findings,
            schema.review_listings,
            schema.review_findings,
            schema.review_scores,
            schema.review_runs,
        ):
            connection.execute(table.delete())


def child(mode: str, url: str | None, path: str | None, key: str | None, chunk: int, out: str | None = None) -> None:
    """One measured piece of work, in this process; prints its figures as one JSON line."""
    engine = _engine(url, path, key)
    if mode == "ranges":
        _forget_runs(engine)
    baseline = peak_rss_mb()
    load_start = load_average()
    wall, cpu = time.perf_counter(), time.process_time()
    declarations, findings, flagged = _work(mode, engine, chunk, out)
    figures = {
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "rss_mb": peak_rss_mb(),
        "baseline_mb": baseline,
        "declarations": declarations,
        "findings": findings,
        "flagged": flagged,
        "load_start": load_start,
        "load": load_average(),
    }
    engine.dispose()
    print(json.dumps(figures))


def _measure(mode: str, target: list[str], chunk: int, out: str | None = None) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", mode, "--chunk", str(chunk), *target]
    command += ["--out", out] if out else []
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(done.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"the {mode} review failed (exit {done.returncode})")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def _line(what: str, runs: list[dict[str, Any]], target: bool) -> str:
    """The figure line of a piece of work (client process) and, under it, what it read and made."""
    rss = statistics.median(r["rss_mb"] for r in runs)
    first = runs[0]
    timing = [Run(r["wall"], r["cpu"], r["load_start"], r["load"]) for r in runs]
    memory = f"peak RSS {rss:.0f} MB ({first['baseline_mb']:.0f} MB after start-up)"
    goal = f"{memory}, target ≤ {TARGET_MB} MB: {verdict(rss <= TARGET_MB)}" if target else f"{memory}, no target"
    return (
        f"{figure(what, timing, goal)}\n"
        f"  {first['declarations']:,} declarations, {first['findings']:,} findings, {first['flagged']:,} flagged"
    )


def _fresh_schema(url: str) -> tuple[str, str]:
    name = f"bench_province_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{name}"'))
    admin.dispose()
    return name, make_url(url).update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(
        hide_password=False
    )


def _named_schema(url: str, name: str) -> tuple[bool, str]:
    """The schema ``name`` (created if missing) and whether it was there already, with its URL."""
    admin = create_engine(url)
    with admin.begin() as connection:
        there = connection.execute(
            text("SELECT count(*) FROM information_schema.schemata WHERE schema_name = :n"), {"n": name}
        ).scalar_one()
        if not there:
            connection.execute(text(f'CREATE SCHEMA "{name}"'))
    admin.dispose()
    return bool(there), make_url(url).update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(
        hide_password=False
    )


def _drop_schema(url: str, name: str) -> None:
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
    admin.dispose()


PIECES = ("first", "chunked", "whole", "report", "listing", "ranges")


def _pieces(args: argparse.Namespace, target: list[str], where: str, folder: str, server: bool) -> None:
    """Measure the pieces asked for (``--only``; default: all but the in-memory review unless ``--whole``)."""
    only = set(args.only.split(",")) if args.only else set(PIECES) - ({"whole"} if not args.whole else set())
    if "first" in only:
        first = _measure("first", target, args.chunk)
        print(_line(f"first review through the service ({where}: digest, review, record)", [first], True))
    if "chunked" in only:
        runs = [_measure("chunked", target, args.chunk) for _ in range(args.runs)]
        print(_line(f"chunked review of the digested data ({where}, {args.chunk:,} a chunk)", runs, True))
    if "whole" in only:
        whole = [_measure("whole", target, args.chunk) for _ in range(args.runs)]
        print(_line(f"in-memory review of the same data ({where}), for comparison", whole, False))
    if "report" in only:
        out = str(Path(folder) / "report.xlsx")
        report = [_measure("report", target, args.chunk, out) for _ in range(args.runs)]
        size = Path(out).stat().st_size / 1e6
        print(_line(f"report of the recorded run ({where}; {size:.0f} MB file)", report, True))
    if "listing" in only:
        listing = [_measure("listing", target, args.chunk) for _ in range(args.runs)]
        print(_line(f"findings listing of the recorded run ({where}, every line rendered)", listing, True))
    if server and "ranges" in only:
        ranges = [_measure("ranges", target, args.chunk) for _ in range(args.runs)]
        print(_line(f"review recorded range by range ({where}, digested data)", ranges, True))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT)
    parser.add_argument("--database-url", default=os.environ.get("POSTGRES_URL"))
    parser.add_argument("--sqlcipher", action="store_true", help="an encrypted store file instead of the server")
    add_runs_argument(parser)
    parser.add_argument("--chunk", type=int, default=20_000, help="declarations a chunk")
    parser.add_argument("--whole", action="store_true", help="also the in-memory review, for comparison")
    parser.add_argument(
        "--schema",
        help="a named schema of the server, kept afterwards: filled if it does not exist, else its province reused",
    )
    parser.add_argument("--generate-only", action="store_true", help="fill the province (--schema) and stop")
    parser.add_argument("--only", help=f"the pieces to measure, separated by commas, of: {', '.join(PIECES)}")
    parser.add_argument("--child", choices=("first-whole", *PIECES), help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    parser.add_argument("--key", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.url, args.path, args.key, args.chunk, args.out)
        return
    from bench.province_data import fill_province

    server = args.database_url if not args.sqlcipher else None
    if server is None and not args.sqlcipher:
        print("no --database-url and no POSTGRES_URL: measured on an encrypted store file instead of the server")
    with tempfile.TemporaryDirectory() as folder:
        schema_name, reused = None, False
        if server and args.schema:
            reused, url = _named_schema(server, args.schema)
            target, where = ["--url", url], f"PostgreSQL ({make_url(server).render_as_string(hide_password=True)})"
        elif server:
            schema_name, url = _fresh_schema(server)
            target, where = ["--url", url], "PostgreSQL"
            print(f"the server: {make_url(server).render_as_string(hide_password=True)}, schema {schema_name}")
        else:
            key = os.urandom(32).hex()
            target, where = ["--path", str(Path(folder) / "province.db"), "--key", key], "SQLCipher"
        try:
            engine = _engine(target[1] if server else None, *((None, None) if server else (target[1], target[3])))
            if reused:
                print(f"the province in schema {args.schema} reused (generated before, seed 2026)")
            else:
                started = time.perf_counter()
                written = fill_province(engine, args.count)
                print(
                    f"generated on {where} in {time.perf_counter() - started:.0f} s (seed 2026): "
                    f"{written['declarations']:,} declarations with {written['interests']:,} interests this year "
                    f"and the same officers' last year; {written['roster']:,} officers on the roster, "
                    f"{written['missing']:,} listed as missing; load average {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
            engine.dispose()
            if args.generate_only:
                return
            _pieces(args, target, where, folder, bool(server))
        finally:
            if schema_name is not None and server is not None:
                _drop_schema(server, schema_name)


if __name__ == "__main__":
    main()
