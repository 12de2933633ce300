"""A shared-strings table the streamed reader does not take is parsed once per process that reads a sheet: when a
worker could not stream its sheet and this process reads it after its own, the table is not parsed again
(decision 223; the parse-once of the table across processes that decision measured is on commit c2ce7ce)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from desktop.exchange.workbook.columns import DECLARATIONS_SHEET, INTERESTS_SHEET
from desktop.exchange.workbook.reader import OpenedWorkbook, read_workbook_as
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


def test_a_table_the_streamed_reader_does_not_take_is_not_parsed_again_for_a_sheet_read_after(
    tmp_path: Path, parses: Callable[[], int]
) -> None:
    """An item with an Excel escape (which python-calamine decodes): the table is not taken, and the sheets are read
    by python-calamine, with the same values with workers and without. With workers, the worker reading the
    declarations parses the table once and this process once (before: once more, when the interests sheet it had
    left to python-calamine was asked for again)."""
    shared = as_shared_strings(UNIT, tmp_path / "shared.xlsx")
    escaped = tmp_path / "escaped.xlsx"
    with zipfile.ZipFile(shared) as old, zipfile.ZipFile(escaped, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "xl/sharedStrings.xml":
                data = data.replace(b"</sst>", b"<si><t>a_x000D_b</t></si></sst>")
            new.writestr(info, data)
    alone = read_workbook_as(escaped, _large_sheets)
    assert parses() == 1
    with ProcessPoolExecutor(max_workers=2) as pool:
        read = read_workbook_as(escaped, _large_sheets, executor=pool)
    assert parses() == 1 + 2
    assert read == alone
    assert len(read[DECLARATIONS_SHEET]) > 2
    assert len(read[INTERESTS_SHEET]) > 2
