"""Junk rows appended to a workbook's declarations sheet (decisions 146, 150; issue 12 item 7, issue 16 item 4): a
sheet far longer than its cover's count is refused with one sentence before its rows are read or converted, by the
streamed reader of re-saved workbooks and by the strict reader of our own layout, with and without workers; a few
rows too many still reach the careful path, which reports the cover's count. The full figure: bench/bench_junk_rows.py
(299,000 rows, one far cell: 1,106 MB and 171 s before)."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.bench_junk_rows import build
from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.row_budget import ROW_MARGIN
from desktop.exchange.xlsx.errors import SheetTooLarge
from tests.cli.support import clean_env
from tests.exchange.workbook import oversized
from tests.exchange.workbook.test_read_floor import reading_refused
from tests.process_tree import run_measured

ROOT = Path(__file__).resolve().parents[3]
UNIT = ROOT / "tests" / "fixtures" / "made_by_9e47914" / "unit_1311.xlsx"
DECLARATIONS = 26  # the unit export's, as its cover counts them
PAST = DECLARATIONS + 2 + ROW_MARGIN + 1  # the first row the cover does not allow


def own_layout_junk(target: Path, rows: int) -> Path:
    """Our own writer's layout (inline texts), with rows of one inline text appended up to row ``rows``."""

    def change(name: str, data: bytes) -> Iterator[bytes] | None:
        if name != oversized.DECLARATIONS_PART:
            return None
        at = data.rindex(b"</sheetData>")
        last = int(re.findall(rb'<row r="([0-9]+)"', data)[-1])
        row = b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>'
        junk = (row % (n, n) for n in range(last + 1, rows + 1))
        return iter([data[:at], *oversized._batched(junk), data[at:]])

    return oversized._copy(UNIT, target, change)


@pytest.mark.parametrize("layout", ["re-saved", "own", "re-saved, far cell"])
@pytest.mark.parametrize("workers", [False, True])
def test_a_sheet_far_past_its_cover_count_is_refused_before_it_is_read(
    tmp_path: Path, layout: str, workers: bool
) -> None:
    """Failed before decision 150: the workbook was read, every junk row converted and reported (about four
    problems a row)."""
    if layout == "own":
        path = own_layout_junk(tmp_path / "junk.xlsx", PAST)
    else:
        path = build(tmp_path / "junk.xlsx", PAST, far=layout.endswith("far cell"))
    error = reading_refused(path, workers, SheetTooLarge)
    assert (error.code, error.fields["sheet"], error.fields["rows"]) == ("rows_past_cover", "情况登记表", PAST)
    assert error.fields["count"] == str(DECLARATIONS)
    assert "junk.xlsx" in str(error)


def test_rows_within_the_margin_reach_the_careful_path(tmp_path: Path) -> None:
    path = build(tmp_path / "junk.xlsx", PAST - 1, far=False)
    read = read_workbook(path)
    assert len(read.content.declarations) >= DECLARATIONS
    assert "cover.count" in {p.code for p in read.shown_problems}


def test_verify_refuses_junk_rows_with_one_sentence_and_exit_2(tmp_path: Path) -> None:
    path = build(tmp_path / "junk.xlsx", 20_000, far=True)
    env = clean_env(tmp_path, PYTHONPATH=str(ROOT), OFFICER_DECLARE_LANG="en")
    measured = run_measured([sys.executable, "-m", "desktop", "verify", str(path)], env, tmp_path, timeout=60)
    assert measured.code == 2, measured.err
    assert "reaches row 20000, but its cover counts 26 rows of data" in measured.out + measured.err
    assert "Traceback" not in measured.err
    assert len((measured.out + measured.err).strip().splitlines()) == 1
    assert measured.bound_mb <= 300, f"{measured.bound_mb:.0f} MB"
