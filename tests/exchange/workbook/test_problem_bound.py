"""A workbook whose problems pass a bound no real workbook reaches is refused (decision 164; issue 12 item 7, issue
16 item 4): the cover's counts are signed only by the batch signer, so an attacker raises them, re-signs the batch
with a fresh key and appends junk rows that pass decision 150's row check; each gives about four problems. Past
``MAX_PROBLEMS`` the workbook is refused with one sentence (exit 2, as every refusal of a file that cannot be used),
the sheet's rows are no longer converted, and a row whose cell failed past the listing cap is dropped rather than
kept. The full figures: bench/bench_junk_rows.py --raise-counts (100,000 and 1,000,000 rows)."""

from __future__ import annotations

import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from bench.bench_junk_rows import build
from desktop.exchange import problems as problems_module
from desktop.exchange.problems import CappedProblems, TooManyProblems
from desktop.exchange.workbook import table as table_module
from desktop.exchange.workbook.columns import DECLARATIONS_SHEET, layout
from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.table import convert_records
from desktop.i18n import Translator
from desktop.services.inspection.workbook_import import import_workbook
from tests.cli.support import clean_env
from tests.conftest import INSPECTOR, DemoWorld
from tests.exchange.workbook.test_read_floor import reading_refused
from tests.process_tree import run_measured

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("workers", [False, True])
def test_a_workbook_past_the_problem_bound_is_refused_with_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: bool
) -> None:
    """Failed before decision 164: every junk row was converted and its problems counted (exit 1)."""
    path = build(tmp_path / "junk.xlsx", 600, far=False, raise_counts=True)
    monkeypatch.setattr(problems_module, "MAX_PROBLEMS", 300)
    error = reading_refused(path, workers)
    assert (error.code, error.exit_code, error.fields["limit"]) == ("too_many_problems", 2, 300)
    assert error.fields["sheet"] == DECLARATIONS_SHEET
    assert 28 < int(error.fields["row"]) < 200  # stopped about 300 / 4 junk rows in, not at row 600
    english = Translator("en")(error.message, **error.fields)
    assert english.startswith("The workbook junk.xlsx has more than 300 problems")
    assert english.count(". ") == 0  # one sentence
    assert english.endswith(".")
    chinese = Translator("zh_CN")(error.message, **error.fields)
    assert "junk.xlsx" in chinese
    assert "300" in chinese
    assert chinese != english


def test_an_import_past_the_bound_is_refused_and_stores_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_store_template: Path
) -> None:
    """The import's pipeline gives no plan (the junk rows repeat one declaration id); its careful path refuses."""
    from tests.services.inspection.test_import_paths_agree import _rows

    path = build(tmp_path / "junk.xlsx", 600, far=True, raise_counts=True)
    monkeypatch.setattr(problems_module, "MAX_PROBLEMS", 300)
    world = DemoWorld(Path(shutil.copytree(demo_store_template, tmp_path / "store")), tmp_path / "throttle.json")
    try:
        inspector = world.login(INSPECTOR)
        before = _rows(inspector)
        with ProcessPoolExecutor(2) as pool, pytest.raises(TooManyProblems):
            import_workbook(inspector, path, executor=pool)
        assert _rows(inspector) == before
    finally:
        world.close()


def test_a_workbook_within_the_bound_is_read_and_its_problems_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows left out past the listing cap still count as rows: the cover's count is compared with every row read."""
    path = build(tmp_path / "junk.xlsx", 200, far=False, raise_counts=True)  # rows 3 to 200: 198 rows of data
    monkeypatch.setattr(problems_module, "MAX_PROBLEMS", 10_000)
    monkeypatch.setattr(problems_module, "MAX_LISTED", 50)
    read = read_workbook(path)
    assert read.problems[-1].params["count"] > 600  # type: ignore[operator]  # every junk row's problems counted
    counts = [p for p in read.shown_problems if p.code == "cover.count"]
    assert [(p.params["field"], p.params["actual"]) for p in counts] == [("declarations", 198)]


def _junk(rows: int) -> tuple[list[int], list[list[object]]]:
    """Records of one text in column A (an integer column's worth of junk: each row fails there and elsewhere)."""
    return list(range(3, rows + 3)), [["x"] for _ in range(rows)]


def test_conversion_stops_at_the_bound_rather_than_at_the_sheets_end(monkeypatch: pytest.MonkeyPatch) -> None:
    columns = layout(1).sheets[DECLARATIONS_SHEET]
    positions = {c.key: i for i, c in enumerate(columns)}
    monkeypatch.setattr(problems_module, "MAX_PROBLEMS", 1_000)
    monkeypatch.setattr(table_module, "BLOCK_ROWS", 64)
    seen = []
    real = table_module.convert_column

    def counted(kind: object, values: tuple[object, ...]) -> object:
        seen.append(len(values))
        return real(kind, values)  # type: ignore[arg-type]

    monkeypatch.setattr(table_module, "convert_column", counted)
    numbers, records = _junk(50_000)
    with pytest.raises(TooManyProblems):
        convert_records(DECLARATIONS_SHEET, numbers, records, columns, positions, CappedProblems(file="junk.xlsx"))
    assert sum(seen) < 10 * len(columns) * 64 * 8  # a few blocks of rows, not 50,000


def test_rows_whose_cells_failed_past_the_listing_cap_are_dropped_but_counted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    columns = layout(1).sheets[DECLARATIONS_SHEET]
    positions = {c.key: i for i, c in enumerate(columns)}
    numbers, records = _junk(500)
    problems = CappedProblems(limit=10, file="junk.xlsx")
    converted = convert_records(DECLARATIONS_SHEET, numbers, records, columns, positions, problems)
    assert len(converted) + converted.dropped == 500
    assert 0 < len(converted) <= 10  # the rows whose problems were listed are kept, for what they say
    uncapped = convert_records(DECLARATIONS_SHEET, numbers, records, columns, positions, [])
    assert (len(uncapped), uncapped.dropped) == (500, 0)  # a plain list (the chunked import's) keeps every row


@pytest.mark.parametrize(
    ("rows", "far"), [(30_000, False), pytest.param(100_000, True, marks=pytest.mark.slow)], ids=["30000", "100000-far"]
)
def test_verify_refuses_raised_junk_rows_with_exit_2_within_the_bound(tmp_path: Path, rows: int, far: bool) -> None:
    """The attack of decision 153: at 100,000 rows with a far cell, 310 MB and 28.6 s (exit 1) before."""
    path = build(tmp_path / "junk.xlsx", rows, far=far, raise_counts=True)
    env = clean_env(tmp_path, PYTHONPATH=str(ROOT), OFFICER_DECLARE_LANG="en")
    measured = run_measured([sys.executable, "-m", "desktop", "verify", str(path)], env, tmp_path, timeout=120)
    assert measured.code == 2, measured.err
    assert "Traceback" not in measured.err
    lines = (measured.out + measured.err).strip().splitlines()
    assert len(lines) == 1, lines[:3]
    assert "more than 100000 problems" in lines[0]
    assert measured.bound_mb < 300
