"""Every bench in bench/ runs and prints, for each measured item and reference, the median of its runs of wall time,
CPU time and the load average at the start and end (bench/measure.py's figure line), and `make bench` (run_all.py)
runs them all and sums them up in one table (decision 173). Tiny sizes (run_all's SMOKE): the figures themselves
mean nothing here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import run_all
from bench.measure import FIGURE, Run, figure

ROOT = Path(__file__).resolve().parents[2]
#: Labels (parts of them) each bench must print a figure for: its items and the references of issue 16, item 5.
EXPECTED: dict[str, tuple[str, ...]] = {
    "bench_accounts": ("sign in a store of 30 accounts", "countersign in a store of 30 accounts"),
    "bench_chunk_pass": (
        "the workers' side of 200 declarations' chunks, one process",
        "the calling process's side of importing 200 declarations",
    ),
    "bench_cli": ("officer-declare --help", "officer-declare verify"),
    "bench_demo": ("demo --officers 40",),
    "bench_growth": ("export_unit at 200", "import + verify + store at 200", "review (run_review) at 200"),
    "bench_import_tail": ("the main process after the last chunk, 200 declarations",),
    "bench_hostile_files": tuple(
        f"verify, {name} at"
        for name in ("empty_rows", "far_cell", "listed_shared_strings", "long_cell", "shared_strings", "unused_parts")
    ),
    "bench_junk_rows": ("verify, 3000 junk rows",),
    "bench_listing": ("CLI findings, fresh process", "the listing alone", "Findings tab: reload"),
    "bench_province": ("first review through the service", "chunked review", "report of the recorded run"),
    "bench_registers": ("import of a 3,000-row register", "matching"),
    "bench_rules": ("load the view + all rules", "findings listing (CLI 'findings': the kept listing)"),
    "bench_server_import": ("import of 200 declarations into PostgreSQL",),
    "bench_shared_strings": ("2000 strings of 112 characters, sheet using 2",),
    "bench_signatures": ("Ed25519 verifications, PyNaCl", "Ed25519 verifications, cryptography", "verify_many"),
    "bench_startup": ("python -m desktop.app",),
    "bench_table": ("model alone: filter", "shown view, painted once: sort"),
    "bench_window_import": (
        "import of 200 declarations, the command line's process pool",
        "import of 200 declarations, the window's worker processes",
        "import of 200 declarations, the window's thread pool",
    ),
    "bench_workbooks": (
        "unit export",
        "export_unit of 200 declarations",
        "reference: xlsxwriter constant_memory",
        "import + verify + store, our own export",
        "import + verify + store, every text a shared string",
        "import + verify + store, openpyxl re-save",
        "reference: pandas.read_excel",
        "reference: 4000 Ed25519 checks, libsodium",
        "reference: 4000 Ed25519 checks, OpenSSL",
        "reference: raw executemany",
    ),
}


def test_every_bench_has_its_sizes_and_its_expected_figures() -> None:
    names = run_all.benches()
    for required in ("bench_listing", "bench_junk_rows", "bench_demo", "bench_province", "bench_growth"):
        assert required in names
    assert set(run_all.SIZES) == set(names)
    assert set(run_all.SMOKE) == set(names)
    assert set(EXPECTED) == set(names)


def test_make_bench_runs_run_all_with_the_flags() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "$(BIN)/python bench/run_all.py $(BENCH_FLAGS)" in makefile


def test_a_figure_line_reads_back() -> None:
    runs = [Run(1.0, 2.0, 0.5, 0.7), Run(3.0, 1.0, 0.6, 0.9), Run(2.0, 4.0, 0.4, 1.25)]
    line = figure("import + verify + store, our own export", runs, "target ≤ 8.5 s wall: meets")
    read = FIGURE.match(line)
    assert read is not None
    assert read["label"] == "import + verify + store, our own export"
    assert (read["runs"], read["wall"], read["cpu"]) == ("3", "2.000", "2.000")
    assert (read["load_start"], read["load_end"]) == ("0.50", "1.25")  # the first run's start, the last's end
    assert read["target"] == "target ≤ 8.5 s wall: meets"
    unknown = FIGURE.match(figure("x", [Run(1.0, 1.0, None, None)]))
    assert unknown is not None
    assert unknown["load_start"] == "n/a"
    assert unknown["target"] is None


def test_a_figure_needs_a_run() -> None:
    with pytest.raises(ValueError, match="at least one run"):
        figure("nothing", [])


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_bench_runs_and_prints_its_figures(name: str, tmp_path: Path) -> None:
    if name == "bench_server_import" and not os.environ.get("POSTGRES_URL"):
        assert os.environ.get("CI") != "true", "CI starts PostgreSQL and sets POSTGRES_URL (.ci/run)"
        pytest.skip("POSTGRES_URL is not set: this bench imports into a PostgreSQL server")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # run as `make bench` does: from the checkout
    env |= {"QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run_all.py"), "--smoke", "--only", name],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    summary = done.stdout[done.stdout.index("summary (smoke sizes") :]
    lines = summary.splitlines()
    table = lines[next(i for i, line in enumerate(lines) if "measured item or reference" in line) :]
    assert table[0].split() == [
        "bench",
        "measured",
        "item",
        "or",
        "reference",
        "runs",
        "wall",
        "s",
        "CPU",
        "s",
        "load",
        "target",
    ]
    rows = [row for row in table[2:] if row.startswith(name)]
    figures = [m for m in map(FIGURE.match, done.stdout.splitlines()) if m is not None]
    assert figures
    assert len(rows) == len(figures)
    for read in figures:
        assert read["runs"] == "1"
        assert float(read["wall"]) >= 0  # a sort of 500 rows can take under half a millisecond
        assert float(read["cpu"]) >= 0
        assert read["load_start"] != "n/a"  # Linux has a load average
        assert read["load_end"] != "n/a"
    labels = [read["label"] for read in figures]
    for expected in EXPECTED[name]:
        assert any(expected in label for label in labels), (expected, labels)
    if name == "bench_workbooks":  # times from runs nothing watches, memory from as many runs sampled (decision 211)
        assert "more runs with the memory sampled" in done.stdout
    # Each run's inspector store (bench_workbooks.inspector_session: 300 MB after an import of 50,000) and the
    # measured runs' homes are removed once the run's process ends: a run of the real sizes left gigabytes behind.
    left = [path.name for path in tmp_path.iterdir() if path.name.startswith(RUN_FOLDERS)]
    assert left == []


#: The prefixes of the folders each measured run makes for itself (inspector_session's prefixes, the runs' homes).
RUN_FOLDERS = (
    "bench-store-",
    "bench-home-",
    "bench-window-",
    "bench-tail-",
    "bench-chunk-pass-",
    "bench-growth-store-",
)


def test_the_growth_bench_prints_each_run_as_it_ends_and_not_as_a_figure() -> None:
    # A run at 200,000 declarations takes many minutes: each run's figures are printed as soon as it ends, so that
    # a bench stopped before its last run still leaves the runs it made (and run_all's table counts only medians).
    from bench.bench_growth import run_line

    line = run_line(
        200_000,
        2,
        3,
        Run(812.5, 128.25, 9.5, 11.0),
        Run(700.0, 130.5, 11.0, 12.5),
        Run(300.0, 60.125, 11.0, 12.5),
        286.4,
        901.0,
    )
    assert line.startswith("  run 2 of 3 at 200000: ")
    assert "export CPU 128.250 s (wall 812.500 s)" in line
    assert "import CPU 130.500 s (wall 700.000 s)" in line
    assert "review CPU 60.125 s (wall 300.000 s)" in line
    assert "peak RSS export 286 MB, import and review 901 MB" in line
    assert line.endswith("load 9.50 → 12.50")
    assert FIGURE.match(line) is None


@pytest.mark.slow
def test_the_growth_bench_leaves_no_store_behind(tmp_path: Path) -> None:
    # Each run's inspector store (1.3 GB at 200,000 declarations) and the unit stores were left in the temporary
    # folder: a run of the sizes left about 5 GB there.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"TMPDIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_growth.py"), "--sizes", "100", "200", "--runs", "2"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert "run 2 of 2 at 200" in done.stdout
    assert sorted(path.name for path in tmp_path.iterdir()) == []


def test_the_hostile_files_bench_judges_the_worst_run_and_marks_a_run_not_refused() -> None:
    # Review of decision 249: the memory bound holds for every run, not for the median one; a run that crashed or
    # ended otherwise than in the refusal (exit 2) is no figure of the refusal's cost.
    from bench import bench_hostile_files

    assert bench_hostile_files.tree_mb([120.0, 410.0, 130.0]) == 410.0
    outcomes = [(2, "refused: too many rows"), (1, "stopped"), (2, "Traceback (most recent call last):\n  …")]
    assert bench_hostile_files.unclear_runs(outcomes) == ["run 2: exit 1", "run 3: a traceback"]


def test_the_openpyxl_resave_is_reused_while_its_source_is_unchanged(tmp_path: Path) -> None:
    # Review of decision 244: the re-save took 28 minutes of every run at 50,000.
    import shutil

    from bench.bench_workbooks import openpyxl_resave

    source, cache = tmp_path / "export.xlsx", tmp_path / "cache"
    shutil.copyfile(ROOT / "tests" / "fixtures" / "made_by_9e47914" / "unit_1311.xlsx", source)
    made, reused = openpyxl_resave(source, tmp_path / "unused.xlsx", cache)
    assert (made.parent, reused, made.stat().st_size > 0) == (cache, False, True)
    kept = made.stat().st_mtime_ns
    assert openpyxl_resave(source, tmp_path / "unused.xlsx", cache) == (made, True)
    assert made.stat().st_mtime_ns == kept  # taken again, not made again
    with source.open("ab") as changed:
        changed.write(b"\0")  # openpyxl reads a zip from its end: a byte past it changes the source, not its content
    again, reused = openpyxl_resave(source, tmp_path / "unused.xlsx", cache)
    assert (again != made, again.parent, reused) == (True, cache, False)
    plain, reused = openpyxl_resave(source, tmp_path / "plain.xlsx")
    assert (plain, reused, plain.exists()) == (tmp_path / "plain.xlsx", False, True)
