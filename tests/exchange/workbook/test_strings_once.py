"""Another program's workbook read with workers parses its shared strings once (decision 223): the calling process
parses the table for the sheet it reads and for those its workers read, and sends each worker the strings its sheet
uses, with the same values as when each process parsed the table for itself."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from desktop.exchange.workbook.columns import DECLARATIONS_SHEET, INTERESTS_SHEET
from desktop.exchange.workbook.reader import OpenedWorkbook, read_workbook, read_workbook_as
from desktop.exchange.xlsx import plain_sheets
from tests.exchange.workbook.oversized import as_shared_strings

#: A unit's export written by an earlier version (commit 9e47914), kept as a fixture.
UNIT = Path(__file__).resolve().parents[2] / "fixtures" / "made_by_9e47914" / "unit_1311.xlsx"


def _large_sheets(opened: OpenedWorkbook) -> dict[str, list[list[object]]]:
    return {name: opened.sheets.pop(name) for name in (DECLARATIONS_SHEET, INTERESTS_SHEET)}


@pytest.fixture
def parses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], int]:
    """How often the shared strings were parsed, in this process and in the workers forked after it (one line a
    parse in a file: a worker's calls are not seen here otherwise)."""
    log = tmp_path / "parses.log"
    log.touch()
    parse = plain_sheets._shared_strings

    def counted(*args: object, **kwargs: object) -> plain_sheets.Strings:
        with log.open("a") as out:
            out.write("parsed\n")
        return parse(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(plain_sheets, "_shared_strings", counted)
    return lambda: len(log.read_text().splitlines())


@pytest.mark.parametrize("packed", [False, True], ids=["careful", "for a plan"])
def test_the_shared_strings_are_parsed_once_with_workers(
    tmp_path: Path, parses: Callable[[], int], packed: bool
) -> None:
    shared = as_shared_strings(UNIT, tmp_path / "shared.xlsx")
    alone = read_workbook_as(shared, _large_sheets)
    assert parses() == 1  # without workers: one process, one table for both sheets (decision 165)
    with ProcessPoolExecutor(max_workers=2) as pool:
        read = read_workbook_as(shared, _large_sheets, executor=pool, packed=packed)
    assert parses() == 2  # once more (before: once in the worker reading the declarations, once here)
    assert read == alone
    assert len(read[DECLARATIONS_SHEET]) > 2
    assert len(read[INTERESTS_SHEET]) > 2


def test_a_workbook_read_with_the_table_parsed_once_is_the_same_workbook(tmp_path: Path) -> None:
    shared = as_shared_strings(UNIT, tmp_path / "shared.xlsx")
    with ProcessPoolExecutor(max_workers=2) as pool:
        assert read_workbook(shared, executor=pool).content == read_workbook(shared).content
