"""Every bench in bench/ (bench_*.py), one after the other, each in its own process, with a summary at the end.

    .venv/bin/python bench/run_all.py [--full | --smoke] [--runs N] [--only NAME ...]
    (make bench; make bench BENCH_FLAGS=--full; make bench BENCH_FLAGS="--only bench_rules --runs 1")

By default the benches run at sizes that finish the whole set in a few minutes on a 2-core machine: those figures
are for fewer declarations than the design's targets are set for, and say so. ``--full`` runs the sizes of the
targets in DESIGN.md ("Performance targets"): 50,000 declarations, three runs of each figure; that takes hours.
``--runs N`` gives every bench --runs N (the default: 3 with --full, otherwise each bench's quick setting below).
``--smoke`` runs each bench at the tiny sizes of SMOKE, once: tests/bench proves with it that every bench runs and
prints its figures (the figures themselves mean nothing at those sizes).

Each bench's own output is passed through as it comes. Every measured item and every reference is a figure line
(bench/measure.py): the median of its runs of wall time, of CPU time of the process tree (the bench's process, its
pool's workers and the processes it started) and the load average at its start and end, then its target. The
summary ends with one table of every figure of every bench against its target, and each bench's own wall time, CPU
and load. A bench that fails (non-zero exit) makes this exit 1; a figure over its target does not (the benches are
measurements, not tests).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from bench.measure import FIGURE  # noqa: E402

#: Arguments per bench: (quick, full). full is the design's sizes, which are each bench's defaults (3 runs each).
SIZES: dict[str, tuple[list[str], list[str]]] = {
    "bench_accounts": (["--accounts", "1000", "5000"], []),
    "bench_chunk_pass": (["--count", "10000", "--runs", "1"], ["--count", "50000"]),
    "bench_cli": (["--runs", "5"], []),
    "bench_demo": (["--officers", "500", "2000", "--runs", "1"], ["--officers", "10000", "50000"]),
    "bench_growth": (["--sizes", "2000", "5000", "10000", "--runs", "1"], ["--sizes", "10000", "50000", "200000"]),
    "bench_hostile_files": (["--runs", "1"], []),
    "bench_import_tail": (["--count", "10000", "--runs", "1"], ["--count", "50000"]),
    "bench_junk_rows": (["--rows", "20000", "--runs", "1"], []),
    "bench_listing": (["--count", "10000", "--runs", "3"], []),
    "bench_province": (["--count", "20000", "--whole", "--runs", "1"], []),
    "bench_registers": (["--rows", "100000", "--declarations", "10000", "--runs", "1"], []),
    "bench_rules": (["--count", "50000", "--runs", "1"], []),
    "bench_server_import": (["--count", "10000", "--runs", "1"], ["--count", "50000"]),
    "bench_shared_strings": (["--strings", "200000", "--runs", "1"], []),
    "bench_signatures": (["--count", "20000", "--runs", "1"], []),
    "bench_startup": (["--runs", "5"], []),
    "bench_table": (["--rows", "50000", "--runs", "3"], []),
    "bench_window_import": (["--count", "5000", "--runs", "1"], ["--count", "50000"]),
    "bench_workbooks": (["--count", "20000", "--runs", "1", "--unit-count", "1000", "--skip-openpyxl"], []),
}
#: Tiny sizes, one run each: only that each bench runs and prints its figures (tests/bench).
SMOKE: dict[str, list[str]] = {
    "bench_accounts": ["--accounts", "30"],
    "bench_chunk_pass": ["--count", "200"],
    "bench_cli": [],
    "bench_demo": ["--officers", "40"],
    "bench_growth": ["--sizes", "100", "200"],
    "bench_hostile_files": ["--scale", "0.001"],
    "bench_import_tail": ["--count", "200"],
    "bench_junk_rows": ["--rows", "3000"],
    "bench_listing": ["--count", "100", "--kdf", "demo"],
    "bench_province": ["--count", "300", "--whole"],
    "bench_registers": ["--rows", "3000", "--declarations", "200"],
    "bench_rules": ["--count", "300"],
    "bench_server_import": ["--count", "200"],
    "bench_shared_strings": ["--strings", "2000"],
    "bench_signatures": ["--count", "200"],
    "bench_startup": [],
    "bench_table": ["--rows", "500"],
    "bench_window_import": ["--count", "200"],
    "bench_workbooks": ["--count", "200", "--unit-count", "20"],
}


@dataclass
class Outcome:
    name: str
    arguments: list[str]
    returncode: int = 0
    wall: float = 0.0
    cpu: float | None = None
    load: tuple[float, float] | None = None
    figures: list[re.Match[str]] = field(default_factory=list)


def benches() -> list[str]:
    return sorted(path.stem for path in BENCH.glob("bench_*.py"))


def load_average() -> float | None:
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):  # Windows has none
        return None


def children_cpu() -> float | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(name: str, arguments: list[str]) -> Outcome:
    outcome = Outcome(name, arguments)
    command = [sys.executable, str(BENCH / f"{name}.py"), *arguments]
    print(f"\n=== {name} {' '.join(arguments)}".rstrip(), flush=True)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    load_before, cpu_before, started = load_average(), children_cpu(), time.perf_counter()
    with subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8"
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            print(line, end="", flush=True)
            figure = FIGURE.match(line.rstrip("\n"))
            if figure is not None:
                outcome.figures.append(figure)
    outcome.returncode = process.returncode
    outcome.wall = time.perf_counter() - started
    cpu_after, load_after = children_cpu(), load_average()
    if cpu_before is not None and cpu_after is not None:
        outcome.cpu = cpu_after - cpu_before
    if load_before is not None and load_after is not None:
        outcome.load = (load_before, load_after)
    return outcome


#: The summary table's columns: heading and width (the last, the target, takes the rest of the line).
COLUMNS = (("bench", 20), ("measured item or reference", 64), ("runs", 4), ("wall s", 9), ("CPU s", 9))
COLUMNS += (("load", 13), ("target", 0))


def table_row(*cells: str) -> str:
    parts = []
    for (heading, width), cell in zip(COLUMNS, cells, strict=True):
        if width and len(cell) > width:
            cell = cell[: width - 1] + "…"
        right = heading in ("runs", "wall s", "CPU s")
        parts.append(cell.rjust(width) if right else cell.ljust(width))
    return "  ".join(parts).rstrip()


#: What the summary says of each choice of sizes.
SIZES_SAID = {
    "full": "the design sizes",
    "quick": "quick sizes; --full for the sizes the targets are set for",
    "smoke": "smoke sizes: the figures mean nothing",
}


def summary(outcomes: list[Outcome], sizes: str) -> str:
    lines = [
        "",
        "=" * 100,
        f"summary ({SIZES_SAID[sizes]}; "
        f"{os.cpu_count()} cores; medians; CPU of the process tree; load average at the start → the end)",
        "",
    ]
    for outcome in outcomes:
        cpu = f"{outcome.cpu:.1f} s" if outcome.cpu is not None else "n/a"
        load = f"{outcome.load[0]:.1f} → {outcome.load[1]:.1f}" if outcome.load else "n/a"
        state = "ok" if outcome.returncode == 0 else f"FAILED (exit {outcome.returncode})"
        arguments = " ".join(outcome.arguments) or "(its defaults)"
        lines.append(f"{outcome.name} {arguments}: {state}; wall {outcome.wall:.1f} s, CPU {cpu}, load {load}")
    lines += ["", table_row(*(heading for heading, _width in COLUMNS))]
    lines.append("-" * len(lines[-1]))
    for outcome in outcomes:
        for figure in outcome.figures:
            lines.append(
                table_row(
                    outcome.name,
                    figure["label"],
                    figure["runs"],
                    figure["wall"],
                    figure["cpu"],
                    f"{figure['load_start']} → {figure['load_end']}",
                    figure["target"] or "",
                )
            )
        if not outcome.figures:
            lines.append(table_row(outcome.name, "(no figure printed)", "", "", "", "", ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sizes = parser.add_mutually_exclusive_group()
    sizes.add_argument("--full", action="store_true", help="the sizes of DESIGN.md's targets (takes hours)")
    sizes.add_argument("--smoke", action="store_true", help="tiny sizes, one run: does every bench run")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these benches, e.g. bench_rules")
    parser.add_argument("--runs", type=int, help="runs of each figure in every bench (default: 3 with --full)")
    args = parser.parse_args(argv)
    names = benches()
    if args.only:
        unknown = sorted(set(args.only) - set(names))
        if unknown:
            parser.error(f"no such bench: {', '.join(unknown)} (there are {', '.join(names)})")
        names = [name for name in names if name in args.only]
    outcomes = []
    for name in names:
        quick, full = SIZES.get(name, ([], []))
        if name not in SIZES:
            print(f"\n({name} has no sizes in bench/run_all.py: it runs with its own defaults)")
        arguments = list(SMOKE.get(name, []) if args.smoke else full if args.full else quick)
        runs = args.runs if args.runs is not None else (3 if args.full else 1 if args.smoke else None)
        if runs is not None:
            arguments += ["--runs", str(runs)]  # the last --runs given is the one a bench takes
        outcomes.append(run(name, arguments))
    print(summary(outcomes, "full" if args.full else "smoke" if args.smoke else "quick"))
    failed = [o.name for o in outcomes if o.returncode != 0]
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
