"""A large sheet read by python-calamine in a worker gives the values python-calamine gives in the calling process,
and nothing when the file is not the one the package checks read."""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from python_calamine import CalamineWorkbook

from desktop.exchange.workbook.columns import DECLARATIONS_SHEET, INTERESTS_SHEET
from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.sheet_values import sheet_values, where_on_disk
from tests.exchange.workbook.oversized import as_shared_strings

#: A unit's export written by an earlier version (commit 9e47914), kept as a fixture.
UNIT = Path(__file__).resolve().parents[2] / "fixtures" / "made_by_9e47914" / "unit_1311.xlsx"


def _shared(tmp_path: Path) -> Path:
    return as_shared_strings(UNIT, tmp_path / "shared.xlsx")


def test_a_worker_reads_the_values_calamine_reads_here(tmp_path: Path) -> None:
    shared = _shared(tmp_path)
    with shared.open("rb") as handle:
        where = where_on_disk(handle)
    assert where is not None
    here = CalamineWorkbook.from_path(str(shared))
    with ProcessPoolExecutor(2) as pool:
        for sheet in (DECLARATIONS_SHEET, INTERESTS_SHEET):
            there = pool.submit(sheet_values, *where, sheet).result()
            assert there == here.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        assert read_workbook(shared, executor=pool).content == read_workbook(shared).content


def test_a_file_replaced_since_its_checks_is_not_read(tmp_path: Path) -> None:
    shared = _shared(tmp_path)
    with shared.open("rb") as handle:
        where = where_on_disk(handle)
    assert where is not None
    os.replace(shutil.copy(shared, tmp_path / "other.xlsx"), shared)  # the same bytes, another file
    assert sheet_values(*where, DECLARATIONS_SHEET) is None
    assert sheet_values(where[0], where[1], "no such sheet") is None


def test_a_worker_reads_a_saved_again_sheet_as_a_stream_with_calamine_s_values(tmp_path: Path) -> None:
    """Given the sheet's part and the limits, the worker reads it with the streamed reader (decision 129), even where
    python-calamine may not read it (past its cap), and gives python-calamine's values."""
    from desktop.exchange.workbook.reader import DECLARATION_LIMITS
    from tests.exchange.workbook.oversized import DECLARATIONS_PART

    shared = _shared(tmp_path)
    with shared.open("rb") as handle:
        where = where_on_disk(handle)
    assert where is not None
    streamed = sheet_values(*where, DECLARATIONS_SHEET, DECLARATIONS_PART, DECLARATION_LIMITS, False)
    expected = CalamineWorkbook.from_path(str(shared)).get_sheet_by_name(DECLARATIONS_SHEET)
    assert streamed == expected.to_python(skip_empty_area=False)
    assert sheet_values(*where, DECLARATIONS_SHEET, "xl/worksheets/sheet9.xml", DECLARATION_LIMITS, False) is None
