"""Another program's workbook read with workers parses its shared strings once (decision 223): the calling process
parses the table for the sheet it reads and for those its workers read, and sends each worker the strings its sheet
uses, with the same values as when each process parsed the table for itself."""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from desktop.exchange.workbook.columns import DECLARATIONS_SHEET, INTERESTS_SHEET
from desktop.exchange.workbook.reader import DECLARATION_LIMITS, OpenedWorkbook, read_workbook, read_workbook_as
from desktop.exchange.workbook.sheet_values import sheet_strings_used, where_on_disk
from desktop.exchange.xlsx import plain_sheets
from tests.exchange.workbook.oversized import DECLARATIONS_PART, as_shared_strings

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


def test_a_table_the_streamed_reader_does_not_take_is_parsed_once_and_every_sheet_read_as_before(
    tmp_path: Path, parses: Callable[[], int]
) -> None:
    """An item with an Excel escape (which python-calamine decodes): the table is not taken, and parsed once all the
    same (before: once more when this process's sheet was read again by python-calamine); the sheets are read by
    python-calamine, in the workers and here, with the values read without workers."""
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
    assert parses() == 2
    assert read == alone


def test_a_worker_marks_the_strings_its_sheet_uses_as_this_process_would(tmp_path: Path) -> None:
    shared = as_shared_strings(UNIT, tmp_path / "shared.xlsx")
    with shared.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        where = where_on_disk(handle)
        here = plain_sheets.used_strings(handle, archive, [DECLARATIONS_PART], shared.name, DECLARATION_LIMITS)
    assert where is not None
    assert here is not None
    assert sheet_strings_used(*where, DECLARATIONS_PART, DECLARATION_LIMITS) == here
    os.replace(shutil.copy(shared, tmp_path / "other.xlsx"), shared)  # the same bytes, another file
    assert sheet_strings_used(*where, DECLARATIONS_PART, DECLARATION_LIMITS) is None  # every string, then


def test_marks_are_joined_string_by_string_and_a_table_keeps_only_those_marked() -> None:
    first, second = bytearray(b"\x01\x00\x00\x01\x00"), bytearray(b"\x00\x00\x01\x01\x00")
    assert plain_sheets.used_by_either(first, second) == bytearray(b"\x01\x00\x01\x01\x00")
    assert plain_sheets.used_by_either(first, None) is None
    assert plain_sheets.used_by_either(None, second) is None
    table: plain_sheets.Strings = ["a", "b", "c", "d"]
    assert plain_sheets.strings_used(table, first) == ["a", None, None, "d"]
    assert plain_sheets.strings_used(table, None) is table
